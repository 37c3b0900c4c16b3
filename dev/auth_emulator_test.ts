// Integration tests of the auth emulator against the running stack, driven by the real
// supabase-js client, so a drift between the emulator and what supabase-js expects fails here.
// Needs the stack up (`npm run stack:up`); the URL comes from localEnv (SUPABASE_URL).
import assert from "node:assert/strict";
import { AuthApiError, createClient, isAuthSessionMissingError } from "@supabase/supabase-js";
import postgres from "postgres";
import { need } from "./env.ts";
import { createJwtVerifier } from "../supabase/functions/_shared/auth.ts";

const authUrl = `${need("SUPABASE_URL")}/auth/v1`;
const password = "correct horse battery staple";

function client() {
  return createClient(need("SUPABASE_URL"), need("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

function uniqueEmail(): string {
  return `auth-test-${crypto.randomUUID()}@example.com`;
}

async function signedUp(email = uniqueEmail()) {
  const supabase = client();
  const { data, error } = await supabase.auth.signUp({
    email,
    password,
    options: { data: { display_name: "Ada" } },
  });
  assert.equal(error, null);
  assert.ok(data.session && data.user);
  return { supabase, email, session: data.session, user: data.user };
}

function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("apikey", need("SUPABASE_ANON_KEY"));
  return fetch(`${authUrl}${path}`, { ...init, headers });
}

Deno.test("sign up, sign in, get user, refresh, sign out", async () => {
  const { supabase, email, session, user } = await signedUp();
  assert.equal(user.email, email);
  assert.equal(user.user_metadata.display_name, "Ada");
  assert.ok(user.email_confirmed_at, "autoconfirm, like local supabase");
  assert.equal(session.token_type, "bearer");
  assert.equal(session.expires_in, 3600);

  const signIn = await supabase.auth.signInWithPassword({ email, password });
  assert.equal(signIn.error, null);
  const s = signIn.data.session!;
  assert.equal(signIn.data.user!.id, user.id);
  assert.notEqual(s.refresh_token, session.refresh_token);

  const got = await supabase.auth.getUser(s.access_token);
  assert.equal(got.error, null);
  assert.equal(got.data.user!.id, user.id);
  assert.equal(got.data.user!.email, email);

  const refreshed = await supabase.auth.refreshSession({ refresh_token: s.refresh_token });
  assert.equal(refreshed.error, null);
  const r = refreshed.data.session!;
  assert.notEqual(r.refresh_token, s.refresh_token);
  assert.equal(r.user.id, user.id);

  // The rotated-out token is spent.
  const reused = await client().auth.refreshSession({ refresh_token: s.refresh_token });
  assert.ok(reused.error instanceof AuthApiError);
  assert.equal(reused.error.code, "refresh_token_already_used");
  assert.equal(reused.error.status, 400);

  // Reuse revoked the whole session (leak detection), so sign in afresh to test sign-out.
  const again = await supabase.auth.signInWithPassword({ email, password });
  assert.equal(again.error, null);
  const fresh = again.data.session!;
  const out = await supabase.auth.signOut();
  assert.equal(out.error, null);

  const after = await client().auth.refreshSession({ refresh_token: fresh.refresh_token });
  assert.ok(after.error instanceof AuthApiError);
  assert.equal(after.error.code, "refresh_token_not_found");
  assert.equal(after.error.status, 400);

  // The access token is still a valid JWT, but its session is gone.
  const gone = await client().auth.getUser(fresh.access_token);
  assert.ok(isAuthSessionMissingError(gone.error), `session missing: ${gone.error}`);
  assert.equal(gone.data.user, null);
});

Deno.test("sign-out scopes: others keeps this session, local ends only this one", async () => {
  const { email } = await signedUp();
  const sessions = [];
  const clients = [client(), client(), client()] as const;
  for (const c of clients) {
    const { data, error } = await c.auth.signInWithPassword({ email, password });
    assert.equal(error, null);
    sessions.push(data.session!);
  }
  const [a, b, c] = clients;
  const [sa, sb, sc] = sessions;
  assert.ok(sa && sb && sc, "three sessions");
  assert.equal((await a.auth.signOut({ scope: "others" })).error, null);
  assert.equal((await a.auth.getUser(sa.access_token)).error, null);
  assert.ok(isAuthSessionMissingError((await b.auth.getUser(sb.access_token)).error));
  assert.ok(isAuthSessionMissingError((await c.auth.getUser(sc.access_token)).error));

  const { data: d, error } = await client().auth.signInWithPassword({ email, password });
  assert.equal(error, null);
  assert.equal((await a.auth.signOut({ scope: "local" })).error, null);
  assert.ok(isAuthSessionMissingError((await a.auth.getUser(sa.access_token)).error));
  assert.equal((await client().auth.getUser(d.session!.access_token)).error, null);
});

Deno.test("concurrent sign-ups of one email create exactly one user", async () => {
  const email = uniqueEmail();
  const results = await Promise.all(
    Array.from({ length: 6 }, () => client().auth.signUp({ email, password })),
  );
  const ok = results.filter((r) => r.error === null);
  assert.equal(ok.length, 1);
  for (const r of results.filter((r) => r.error !== null)) {
    assert.equal(r.error?.code, "user_already_exists");
  }
});

Deno.test("a wrong password is invalid_credentials (400)", async () => {
  const { email } = await signedUp();
  const { data, error } = await client().auth.signInWithPassword({ email, password: "nope-nope" });
  assert.ok(error instanceof AuthApiError);
  assert.equal(error.code, "invalid_credentials");
  assert.equal(error.status, 400);
  assert.equal(error.message, "Invalid login credentials");
  assert.equal(data.session, null);

  const unknown = await client().auth.signInWithPassword({ email: uniqueEmail(), password });
  assert.equal(unknown.error?.code, "invalid_credentials");
});

Deno.test("a duplicate email is user_already_exists (422), also in another case", async () => {
  const { email } = await signedUp();
  for (const again of [email, email.toUpperCase()]) {
    const { error } = await client().auth.signUp({ email: again, password });
    assert.ok(error instanceof AuthApiError);
    assert.equal(error.code, "user_already_exists");
    assert.equal(error.status, 422);
  }
});

Deno.test("weak passwords and invalid emails are refused", async () => {
  const weak = await client().auth.signUp({ email: uniqueEmail(), password: "12345" });
  assert.equal(weak.error?.code, "weak_password");
  assert.equal(weak.error?.status, 422);

  const bad = await client().auth.signUp({ email: "not-an-email", password });
  assert.equal(bad.error?.code, "validation_failed");
  assert.equal(bad.error?.status, 400);
});

Deno.test("passwords are stored as bcrypt hashes", async () => {
  const { user } = await signedUp();
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ encrypted_password: string; ok: boolean }[]>`
      select encrypted_password,
             encrypted_password = extensions.crypt(${password}, encrypted_password) as ok
      from auth.users where id = ${user.id}`;
    assert.ok(row, "the user is in auth.users");
    assert.ok(row.encrypted_password.startsWith("$2"), row.encrypted_password);
    assert.notEqual(row.encrypted_password, password);
    assert.ok(!row.encrypted_password.includes(password));
    assert.equal(row.ok, true);
  } finally {
    await sql.end();
  }
});

Deno.test("issued access tokens verify with the edge functions' verifier", async () => {
  const { session, user, email } = await signedUp();
  const verify = createJwtVerifier({ jwtSecret: need("SUPABASE_JWT_SECRET"), issuer: authUrl });
  const claims = await verify(session.access_token);
  assert.equal(claims.sub, user.id);
  assert.equal(claims.role, "authenticated");
  assert.equal(claims.aud, "authenticated");
  assert.equal(claims.email, email);
  assert.equal(claims.aal, "aal1");
  assert.equal(claims.is_anonymous, false);
  assert.equal(typeof claims.session_id, "string");
  assert.deepEqual(claims.app_metadata, { provider: "email", providers: ["email"] });
  assert.equal(claims.user_metadata?.display_name, "Ada");
  assert.equal(claims.exp! - claims.iat!, 3600);
});

Deno.test("updateUser merges user metadata", async () => {
  const { supabase, session } = await signedUp();
  await supabase.auth.setSession(session);
  const { data, error } = await supabase.auth.updateUser({
    data: { display_name: null, theme: "dark" },
  });
  assert.equal(error, null);
  assert.equal(data.user!.user_metadata.theme, "dark");
  assert.equal("display_name" in data.user!.user_metadata, false);
});

Deno.test("GET /user with a bad or missing token answers like GoTrue", async () => {
  const bad = await rawFetch("/user", { headers: { authorization: "Bearer not-a-jwt" } });
  assert.equal(bad.status, 403);
  assert.equal((await bad.json()).error_code, "bad_jwt");

  // The anon key is a valid JWT but names no user.
  const anon = await rawFetch("/user", {
    headers: { authorization: `Bearer ${need("SUPABASE_ANON_KEY")}` },
  });
  assert.equal(anon.status, 403);
  assert.equal((await anon.json()).error_code, "bad_jwt");

  const missing = await rawFetch("/user");
  assert.equal(missing.status, 401);
  assert.equal((await missing.json()).error_code, "no_authorization");
});

Deno.test("errors come in both GoTrue shapes, chosen by X-Supabase-Api-Version", async () => {
  const body = JSON.stringify({ email: uniqueEmail(), password: "wrong-password" });
  const legacy = await rawFetch("/token?grant_type=password", { method: "POST", body });
  assert.equal(legacy.status, 400);
  assert.deepEqual(await legacy.json(), {
    code: 400,
    error_code: "invalid_credentials",
    msg: "Invalid login credentials",
  });

  const current = await rawFetch("/token?grant_type=password", {
    method: "POST",
    body,
    headers: { "x-supabase-api-version": "2024-01-01" },
  });
  assert.equal(current.status, 400);
  assert.equal(current.headers.get("x-supabase-api-version"), "2024-01-01");
  assert.deepEqual(await current.json(), {
    code: "invalid_credentials",
    message: "Invalid login credentials",
  });

  const garbage = await rawFetch("/signup", { method: "POST", body: "{nope" });
  assert.equal(garbage.status, 400);
  const g = await garbage.json();
  assert.equal(g.error_code, "bad_json");
  assert.ok(!JSON.stringify(g).includes("    at "), "no stack trace");
});

Deno.test("CORS preflight and headers allow the browser client", async () => {
  const pre = await fetch(`${authUrl}/token?grant_type=password`, {
    method: "OPTIONS",
    headers: {
      origin: need("CLIENT_URL"),
      "access-control-request-method": "POST",
      "access-control-request-headers": "apikey, authorization, x-client-info, content-type",
    },
  });
  await pre.body?.cancel();
  assert.ok(pre.status === 204 || pre.status === 200, `preflight status ${pre.status}`);
  assert.ok(pre.headers.get("access-control-allow-origin"));
  const allowed = (pre.headers.get("access-control-allow-headers") ?? "").toLowerCase();
  for (const h of ["apikey", "authorization", "x-client-info", "content-type"]) {
    assert.ok(allowed.includes(h), `${h} allowed: ${allowed}`);
  }

  const health = await rawFetch("/health", { headers: { origin: need("CLIENT_URL") } });
  assert.equal(health.status, 200);
  assert.ok(health.headers.get("access-control-allow-origin"));
  assert.equal((await health.json()).name, "GoTrue");
});

Deno.test("JWKS is empty (HS256 only) and settings advertise email autoconfirm", async () => {
  const jwks = await rawFetch("/.well-known/jwks.json");
  assert.equal(jwks.status, 200);
  assert.deepEqual(await jwks.json(), { keys: [] });

  const settings = await (await rawFetch("/settings")).json();
  assert.equal(settings.external.email, true);
  assert.equal(settings.mailer_autoconfirm, true);
  assert.equal(settings.disable_signup, false);
});
