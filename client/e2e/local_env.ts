// The local stack's URLs for tests run by vitest (Node): dev/local.env, overridden by the
// process environment, as dev/env.ts does for the Deno side.
import { readFileSync } from "node:fs";

const file = readFileSync(new URL("../../dev/local.env", import.meta.url), "utf8");
const fromFile = Object.fromEntries(
  file.split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => {
    const at = l.indexOf("=");
    return [l.slice(0, at), l.slice(at + 1).trim()];
  }),
);

export const localEnv = (name: string): string => {
  const v = process.env[name] ?? fromFile[name];
  if (!v) throw new Error(`${name} is not set in dev/local.env or the environment`);
  return v;
};
