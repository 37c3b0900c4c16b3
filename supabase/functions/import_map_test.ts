// The deployed functions resolve bare imports through supabase/functions/import_map.json (see
// config.toml), the local stack through the root deno.json. This keeps the two from drifting:
// every bare specifier a function's code imports is in the deploy map, at the root's version.
import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);
const rootImports: Record<string, string> =
  JSON.parse(await Deno.readTextFile(new URL("deno.json", root))).imports;
const deployImports: Record<string, string> =
  JSON.parse(await Deno.readTextFile(new URL("import_map.json", import.meta.url))).imports;

async function* sources(dir: URL): AsyncGenerator<URL> {
  for await (const e of Deno.readDir(dir)) {
    const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
    if (e.isDirectory) yield* sources(url);
    // Tests and their helpers are never deployed.
    else if (e.name.endsWith(".ts") && !/(_test|testing)\.ts$/.test(e.name)) yield url;
  }
}

Deno.test("import map: every bare import of deployed code is mapped, at the root's version", async () => {
  const missing: string[] = [];
  for await (const file of sources(new URL("./", import.meta.url))) {
    const text = await Deno.readTextFile(file);
    for (const match of text.matchAll(/from "([^".][^"]*)"/g)) {
      const spec = match[1]!; // the group always takes part in a match
      if (spec.startsWith("node:") || spec.startsWith("npm:")) continue;
      const key = spec in deployImports
        ? spec
        : `${spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/")}/`;
      if (!(key in deployImports)) {
        missing.push(`${spec} (${file.pathname.split("/functions/")[1]})`);
      }
    }
  }
  assert.deepEqual(missing, [], "add these to supabase/functions/import_map.json");
  for (const [k, v] of Object.entries(deployImports)) {
    assert.equal(v, rootImports[k], `${k}: the deploy map and deno.json pin the same version`);
  }
});
