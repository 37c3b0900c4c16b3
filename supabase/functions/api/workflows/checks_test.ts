// A gate's checks and artifacts without a server: headings, files, and the validators reused.
import assert from "node:assert/strict";
import { buildArtifacts } from "./artifacts.ts";
import { type CheckDef, headingsOf, runChecks } from "./checks.ts";
import type { Stage } from "./store.ts";

const stage: Stage = {
  id: "research",
  gate: "G2",
  name: "Research",
  artifact: {
    file_name: "CONCEPTS.md",
    path: "research/CONCEPTS.md",
    title: "Concepts",
    sections: [{ heading: "Origin", field: "origin" }, {
      heading: "Related Words",
      field: "related",
    }],
  },
};

const check = (c: Partial<CheckDef> & Pick<CheckDef, "name" | "type">): CheckDef => ({
  severity: "critical",
  required: true,
  fail_code: "X",
  ...c,
});

Deno.test("an answer's fields become a Markdown artifact, a heading per non-empty field", () => {
  const [a] = buildArtifacts(stage, JSON.stringify({ origin: "Latin", related: " " }));
  assert.equal(a!.file_path, "research/CONCEPTS.md");
  assert.equal(a!.content, "# Concepts\n\n## Origin\n\nLatin\n");
  assert.deepEqual(headingsOf(a!.content), ["Concepts", "Origin"]);
  assert.deepEqual(buildArtifacts(stage, '{"other": 1}'), [], "nothing to write, no file");
  assert.deepEqual(buildArtifacts(stage, "not json"), []);
  assert.deepEqual(
    buildArtifacts({ ...stage, artifact: { file_name: "OUT.json" } }, '{"a":1}')[0]!.content,
    '{"a":1}',
    "without sections the answer is the file",
  );
});

Deno.test("file_exists and contains_headings judge the artifacts; validators judge the output", () => {
  const output = JSON.stringify({ origin: "Latin serendipitas", related: "serene" });
  const artifacts = buildArtifacts(stage, output);
  const results = runChecks(
    [
      check({ name: "file", type: "file_exists", config: { file: "CONCEPTS.md" } }),
      check({ name: "missing", type: "file_exists", config: { file: "SEQUENCE.md" } }),
      check({
        name: "headings",
        type: "contains_headings",
        config: { file: "CONCEPTS.md", headings: ["origin", "Related Words", "Timeline"] },
      }),
      check({ name: "schema", type: "json_schema", config: { schema: { required: ["origin"] } } }),
      check({ name: "short", type: "max_length", config: { max: 10 } }),
      check({ name: "latin", type: "contains", config: { text: "Latin" } }),
    ],
    output,
    artifacts,
    "sha256:test",
  );
  assert.deepEqual(results.map((r) => [r.name, r.passed]), [
    ["file", true],
    ["missing", false],
    ["headings", false],
    ["schema", true],
    ["short", false],
    ["latin", true],
  ]);
  assert.equal(results[2]!.message, "CONCEPTS.md lacks the headings Timeline");
});
