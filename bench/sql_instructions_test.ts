import assert from "node:assert/strict";
import { functionSource } from "./sql_instructions.ts";

Deno.test("a function's source is cut from its migration, as create or replace", () => {
  const migration = "-- head\ncreate function public.f(a int)\nreturns int\nlanguage sql\nas $$\n" +
    "  select a; -- one\n$$;\n\ncreate function public.g() returns int as $$ select 2 $$;\n";
  assert.equal(
    functionSource(migration, "public.f"),
    "create or replace function public.f(a int)\nreturns int\nlanguage sql\nas $$\n  select a; -- one\n$$;",
  );
  assert.throws(() => functionSource(migration, "public.h"), /no create function public.h/);
});
