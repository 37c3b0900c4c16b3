// fromPgError: every class of Postgres error a request can trigger is a status in our one error
// shape; errors that only a bug can cause (an undefined table, a syntax error) stay unmapped, so
// the app logs them and answers 500.
import assert from "node:assert/strict";
import postgres from "postgres";
import { need } from "../../../dev/env.ts";
import { fromPgError } from "./errors.ts";

const pg = (code: string, extra: Record<string, string> = {}) => ({
  code,
  message: "raw database message",
  ...extra,
});

Deno.test("fromPgError: data exceptions (class 22) are 422, naming the field when known", () => {
  for (const code of ["22008", "22007", "22003", "22012", "2201B", "22009", "22000", "22P02"]) {
    const e = fromPgError(pg(code));
    assert.equal(e?.status, 422, code);
    assert.equal(e?.code, "validation_failed", code);
    assert.ok(!e?.message.includes("raw database message"), `${code}: no raw message`);
  }
  const named = fromPgError(pg("22008", { column_name: "created_at" }));
  assert.equal(named?.message, "invalid value for created_at");
  assert.deepEqual(named?.details, {
    fields: [{ field: "created_at", message: "invalid value" }],
  });
  assert.equal(fromPgError(pg("22001"))?.status, 413, "a value too long is too large");
});

Deno.test("fromPgError: integrity (class 23) is 409 or 422; program limits (54) are 413", () => {
  assert.equal(fromPgError(pg("23505"))?.status, 409);
  assert.equal(fromPgError(pg("23P01"))?.status, 409, "exclusion violation");
  assert.equal(fromPgError(pg("23001"))?.status, 409, "restrict violation");
  assert.equal(fromPgError(pg("23514"))?.status, 422);
  assert.equal(
    fromPgError(pg("23502", { column_name: "name" }))?.message,
    "invalid value for name",
  );
  for (const code of ["54000", "54001", "54011", "54023"]) {
    const e = fromPgError(pg(code));
    assert.equal(e?.status, 413, code);
    assert.equal(e?.code, "too_large", code);
  }
});

Deno.test("fromPgError: contention and unavailability are 409, 503 or 504", () => {
  for (const code of ["40001", "40P01", "55P03"]) {
    assert.equal(fromPgError(pg(code))?.status, 409, code);
    assert.equal(fromPgError(pg(code))?.code, "conflict", code);
  }
  for (const code of ["53300", "53200", "57P01", "57P03", "08006"]) {
    assert.equal(fromPgError(pg(code))?.status, 503, code);
    assert.equal(fromPgError(pg(code))?.code, "database_unavailable", code);
  }
  assert.equal(fromPgError(pg("57014"))?.status, 504, "statement timeout");
});

Deno.test("fromPgError: bugs stay unmapped (500, logged)", () => {
  for (const code of ["42P01", "42883", "42601", "42804", "21000", "P0001", "P0003", "XX000"]) {
    assert.equal(fromPgError(pg(code)), null, code);
  }
  assert.equal(fromPgError(pg("42501"))?.status, 404, "RLS refusals never reveal existence");
  assert.equal(fromPgError(new Error("not a database error")), null);
  assert.equal(fromPgError({ code: "EACCES" }), null, "a driver error that is no lost connection");
});

Deno.test("fromPgError: a cursor's date out of range, as Postgres raises it, is a 422", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    for (const text of ["9999-99-99T99:99:99Z", "0000-01-01 00:00:00+00", "2024-02-30 00:00:00Z"]) {
      const err = await sql`select ${text}::text::timestamptz`.then(() => null, (e) => e);
      assert.ok(err, `${text} is refused by Postgres`);
      assert.equal(fromPgError(err)?.status, 422, `${text}: ${err.code} ${err.message}`);
    }
  } finally {
    await sql.end();
  }
});

Deno.test("fromPgError: our coded errors (PLnnn) keep their hint as the code and their JSON details", () => {
  const fields = { fields: [{ field: "variables.n", message: "must be a number" }] };
  const ours = fromPgError(
    pg("PL422", { hint: "validation_failed", detail: JSON.stringify(fields), message: "bad" }),
  );
  assert.deepEqual([ours?.status, ours?.code, ours?.message], [422, "validation_failed", "bad"]);
  assert.deepEqual(ours?.details, fields);
  assert.equal(
    fromPgError(pg("PL404", { hint: "run_not_found", detail: "plain" }))?.details,
    "plain",
  );
  assert.equal(fromPgError(pg("PL409", { hint: "x" }))?.details, undefined);
});

Deno.test("fromPgError: the database out of reach (driver errors, no SQLSTATE) is a 503 to retry", () => {
  for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "ECONNRESET"]) {
    const e = fromPgError({ code, message: "connect ECONNREFUSED 127.0.0.1:54322" });
    assert.equal(e?.status, 503, code);
    assert.equal(e?.code, "database_unavailable", code);
    assert.equal(e?.headers?.["retry-after"], "2");
    assert.ok(!e?.message.includes("127.0.0.1"), "no internals");
  }
  assert.equal(fromPgError({ code: "ENOENT" }), null, "other driver errors stay unmapped");
});
