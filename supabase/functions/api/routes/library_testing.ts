// Test helpers for the library routes' integration tests: credentials a real caller could hold
// (an expired JWT, an API key and its revocation) and a quick way to make a prompt.
import assert from "node:assert/strict";
import { decodeJwt, SignJWT } from "jose";
import { api, type TestUser } from "../../../../dev/testing.ts";
import { need } from "../../../../dev/env.ts";
import { asUser, createSql, one } from "../../_shared/db.ts";

/** A correctly signed token for the user that expired an hour ago. */
export async function expiredToken(user: TestUser): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({ role: "authenticated", email: user.email })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(`${need("SUPABASE_URL")}/auth/v1`)
    .setAudience("authenticated")
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(new TextEncoder().encode(need("SUPABASE_JWT_SECRET")));
}

async function asTestUser<T>(
  user: TestUser,
  fn: (tx: Parameters<Parameters<typeof asUser>[2]>[0]) => Promise<T>,
): Promise<T> {
  const sql = createSql({
    dbUrl: need("SUPABASE_DB_URL"),
    dbPoolMax: 1,
    dbPrepare: false,
    dbStatementTimeoutMs: 5000,
  });
  // The token's own claims, as the API passes them: key management checks its session_id.
  const claims = { ...decodeJwt(user.token), sub: user.id, role: "authenticated" };
  try {
    return await asUser(sql, claims, fn);
  } finally {
    await sql.end();
  }
}

/**
 * Creates an API key as the user, the way the api_keys routes do (SQL create_api_key), with the
 * default scopes (read, run, write) unless given.
 */
export async function createApiKey(
  user: TestUser,
  scopes = ["read", "run", "write"],
): Promise<{ id: string; key: string }> {
  const rows = await asTestUser(
    user,
    (tx) =>
      tx<{ id: string; key: string }[]>`
        select id, key from public.create_api_key('t', null, ${scopes}::text[])`,
  );
  return one(rows, "create_api_key");
}

export async function revokeApiKey(user: TestUser, id: string): Promise<void> {
  await asTestUser(
    user,
    (tx) => tx`update public.api_keys set revoked_at = now() where id = ${id}`,
  );
}

/** A key that has been revoked: every route must refuse it. */
export async function revokedApiKey(user: TestUser): Promise<string> {
  const { id, key } = await createApiKey(user);
  await revokeApiKey(user, id);
  return key;
}

// deno-lint-ignore no-explicit-any
export async function newPrompt(user: TestUser, body: Record<string, unknown> = {}): Promise<any> {
  const res = await api("POST", "/prompts", {
    auth: user,
    body: { title: "A prompt", content: "Say hello to {{name}}.", ...body },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export interface RouteCall {
  method: string;
  path: string;
  body?: unknown;
}

/** Without credentials, with an expired JWT and with a revoked API key, every call is a 401. */
export async function assertRefusesBadCredentials(user: TestUser, calls: RouteCall[]) {
  const expired = await expiredToken(user);
  const revoked = await revokedApiKey(user);
  for (const call of calls) {
    const label = `${call.method} ${call.path}`;
    for (
      const [why, auth] of [["no credentials", null], ["expired JWT", expired], [
        "revoked API key",
        revoked,
      ]] as const
    ) {
      const res = await api(call.method, call.path, { auth, body: call.body });
      assert.equal(res.status, 401, `${label} with ${why}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, "unauthorized", `${label} with ${why}`);
      assert.equal(typeof res.body.error.message, "string");
    }
  }
}

/** The names of the fields a 4xx response blames. */
export function blamedFields(body: { error: { details?: { fields?: { field: string }[] } } }) {
  return (body.error.details?.fields ?? []).map((f) => f.field);
}
