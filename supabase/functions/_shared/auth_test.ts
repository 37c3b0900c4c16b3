// Unit tests for the access-token verifier: real jose-signed tokens, a real JWKS served over
// HTTP on an ephemeral port. No stack needed.
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { AuthError, bearerToken, createJwtVerifier, unauthorized } from "./auth.ts";

const secret = "test-secret-with-at-least-32-characters-long!!";
const issuer = "http://127.0.0.1:54321/auth/v1";
const secretKey = new TextEncoder().encode(secret);

function claims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: "authenticated",
    iss: issuer,
    sub: crypto.randomUUID(),
    role: "authenticated",
    email: "a@example.com",
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

function hs256(payload: JWTPayload, key: Uint8Array = secretKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
}

async function rejects(p: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AuthError, `expected AuthError, got ${err}`);
    assert.equal(err.code, "unauthorized");
    if (typeof message === "string") assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

const verifyHs = createJwtVerifier({ jwtSecret: secret, issuer });

Deno.test("a valid HS256 token yields its claims", async () => {
  const c = claims({ session_id: "s1" });
  const out = await verifyHs(await hs256(c));
  assert.equal(out.sub, c.sub);
  assert.equal(out.role, "authenticated");
  assert.equal(out.session_id, "s1");
});

Deno.test("an expired token is rejected", async () => {
  const now = Math.floor(Date.now() / 1000);
  await rejects(
    verifyHs(await hs256(claims({ iat: now - 7200, exp: now - 3600 }))),
    "token expired",
  );
});

Deno.test("a token signed with another secret is rejected", async () => {
  const other = new TextEncoder().encode("another-secret-with-at-least-32-characters!!");
  await rejects(verifyHs(await hs256(claims(), other)), "invalid signature");
});

Deno.test("a token for another audience is rejected", async () => {
  await rejects(verifyHs(await hs256(claims({ aud: "anon" }))), "wrong audience");
});

Deno.test("a custom audience can be required", async () => {
  const verify = createJwtVerifier({ jwtSecret: secret, issuer, audience: "other" });
  await rejects(verify(await hs256(claims())), "wrong audience");
  assert.equal((await verify(await hs256(claims({ aud: "other" })))).aud, "other");
});

Deno.test("a token from another issuer is rejected", async () => {
  await rejects(
    verifyHs(await hs256(claims({ iss: "https://evil.example/auth/v1" }))),
    "wrong issuer",
  );
});

Deno.test("alg none is rejected", async () => {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-");
  const token = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`;
  await rejects(verifyHs(token), 'unsupported token algorithm "none"');
});

Deno.test("garbage and empty tokens are rejected as malformed", async () => {
  await rejects(verifyHs("not-a-jwt"), "malformed token");
  await rejects(verifyHs(""), "malformed token");
  await rejects(verifyHs("a.b.c"), "malformed token");
});

Deno.test("a token without sub is rejected", async () => {
  const c = claims();
  delete c.sub;
  await rejects(verifyHs(await hs256(c)), "missing sub claim");
});

Deno.test("a token without role is rejected", async () => {
  const c = claims();
  delete c.role;
  await rejects(verifyHs(await hs256(c)), "missing role claim");
});

Deno.test("a token without exp is rejected (it would never expire)", async () => {
  const c = claims();
  delete c.exp;
  await rejects(verifyHs(await hs256(c)), "missing exp claim");
});

Deno.test("ES256 tokens verify against a JWKS served over HTTP", async () => {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "key-1", alg: "ES256", use: "sig" };
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => {
    return Response.json({ keys: [jwk] });
  });
  try {
    const jwksUrl = `http://127.0.0.1:${server.addr.port}/auth/v1/.well-known/jwks.json`;
    const verify = createJwtVerifier({ jwksUrl, issuer });
    const es256 = (p: JWTPayload, kid = "key-1") =>
      new SignJWT(p).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(privateKey);

    const c = claims();
    assert.equal((await verify(await es256(c))).sub, c.sub);

    const stranger = await generateKeyPair("ES256");
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: "ES256", kid: "key-1", typ: "JWT" })
      .sign(stranger.privateKey);
    await rejects(verify(forged), "invalid signature");
    await rejects(verify(await es256(claims(), "unknown-kid")), "no matching signing key");

    const now = Math.floor(Date.now() / 1000);
    await rejects(verify(await es256(claims({ exp: now - 10 }))), "token expired");

    // Without a JWT secret an HS256 token must not be accepted through the JWKS path.
    await rejects(verify(await hs256(claims())), /HS256 tokens are not accepted/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("an ES256 token is refused when no JWKS is configured", async () => {
  const { privateKey } = await generateKeyPair("ES256");
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "ES256" }).sign(privateKey);
  await rejects(verifyHs(token), /ES256 tokens are not accepted/);
});

Deno.test("bearerToken reads the Authorization header", () => {
  const req = (h?: string) =>
    new Request("http://x/", { headers: h === undefined ? {} : { authorization: h } });
  assert.equal(bearerToken(req("Bearer abc.def.ghi")), "abc.def.ghi");
  assert.equal(bearerToken(req("bearer   tok ")), "tok");
  assert.equal(bearerToken(req()), null);
  assert.equal(bearerToken(req("Basic dXNlcjpwYXNz")), null);
  assert.equal(bearerToken(req("Bearer ")), null);
  assert.equal(bearerToken(req("Bearer a b")), null);
});

Deno.test("unauthorized answers 401 in the API's error shape", async () => {
  const res = unauthorized("token expired");
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("www-authenticate"), "Bearer");
  assert.deepEqual(await res.json(), { error: { code: "unauthorized", message: "token expired" } });
});

Deno.test("a verified token is remembered until its own expiry, and only that exact token", async () => {
  const verify = createJwtVerifier({ jwtSecret: secret, issuer });
  const now = Math.floor(Date.now() / 1000);
  const token = await hs256(claims({ exp: now + 1 }));
  assert.equal((await verify(token)).exp, now + 1);
  assert.equal((await verify(token)).exp, now + 1, "the second use is served the same claims");
  // The same payload with another signature is checked again, and refused.
  const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(43)}`;
  await rejects(verify(forged), "invalid signature");
  // Past its exp, the remembered token is refused like any expired one.
  await new Promise((r) => setTimeout(r, (now + 1) * 1000 - Date.now() + 50));
  await rejects(verify(token), "token expired");
});
