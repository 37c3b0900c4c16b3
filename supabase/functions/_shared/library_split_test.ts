import assert from "node:assert/strict";
import { splitLibrary } from "./library_split.ts";

const split = (text: string) => {
  const s = splitLibrary(new TextEncoder().encode(text));
  return { head: s.head, prompts: Array.from({ length: s.count }, (_, i) => s.prompt(i)) };
};

Deno.test("splitLibrary: the prompts array's elements and the head without them", () => {
  const doc = {
    format: "promptline.library",
    version: 1,
    catalogs: [{ name: "a, [b]", description: '"quoted" {x}' }],
    prompts: [
      { title: 'p1 "]," {', versions: [{ content: 'x\\"],[' }], tags: ["t"] },
      { title: "p2 ünïcode ✓", versions: [] },
    ],
    tags: ["prompts"],
  };
  const s = split(JSON.stringify(doc, null, 2));
  assert.deepEqual(JSON.parse(s.head), { ...doc, prompts: [] });
  assert.deepEqual(s.prompts.map((p) => JSON.parse(p)), doc.prompts);
});

Deno.test("splitLibrary: empty, missing or non-array prompts, and other documents", () => {
  assert.deepEqual(split('{"prompts": [ ]}'), { head: '{"prompts": []}', prompts: [] });
  assert.deepEqual(split('{"format":"csv","data":"a,b"}').prompts, []);
  assert.equal(split('{"format":"csv","data":"a,b"}').head, '{"format":"csv","data":"a,b"}');
  assert.deepEqual(split('{"prompts":"all"}'), { head: '{"prompts":"all"}', prompts: [] });
  assert.deepEqual(split('{"x":{"prompts":[1,2]}}').prompts, [], "only the top level's");
  assert.deepEqual(split('{"prompts":[1, "two",{"a":[3]}]}').prompts, ["1", ' "two"', '{"a":[3]}']);
});

Deno.test("splitLibrary: malformed documents still fail when their parts are parsed", () => {
  for (const bad of ['{"prompts":[1,]}', '{"prompts":[,1]}', '{"prompts":[1}', "{oops", ""]) {
    const s = split(bad);
    assert.throws(
      () => {
        JSON.parse(s.head);
        s.prompts.forEach((p) => JSON.parse(p));
      },
      SyntaxError,
      bad,
    );
  }
});
