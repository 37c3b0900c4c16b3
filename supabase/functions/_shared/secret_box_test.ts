import assert from "node:assert/strict";
import { openSecret, sealSecret, SecretBoxError } from "./secret_box.ts";

const secret = "test-provider-key-secret-long-enough";
const aad = "4b3f3c1e-0000-4000-8000-000000000001:openai";

Deno.test("secret box: round trip, and the ciphertext does not contain the plaintext", async () => {
  const plaintext = "sk-test-ABCDEFGHIJKLMNOP-1234 ünïcode";
  const box = await sealSecret(secret, plaintext, aad);
  assert.equal(box.iv.length, 12);
  // 16-byte GCM tag on top of the UTF-8 bytes.
  assert.equal(box.ciphertext.length, new TextEncoder().encode(plaintext).length + 16);
  assert.ok(!new TextDecoder().decode(box.ciphertext).includes("ABCDEFGH"));
  assert.equal(await openSecret(secret, box, aad), plaintext);
});

Deno.test("secret box: a different aad (another row) does not open", async () => {
  const box = await sealSecret(secret, "sk-abc", aad);
  await assert.rejects(openSecret(secret, box, aad.replace("openai", "gemini")), SecretBoxError);
  await assert.rejects(openSecret(secret, box, ""), SecretBoxError);
});

Deno.test("secret box: a different secret does not open", async () => {
  const box = await sealSecret(secret, "sk-abc", aad);
  await assert.rejects(openSecret(`${secret}-rotated`, box, aad), SecretBoxError);
});

Deno.test("secret box: tampered ciphertext, tag or iv does not open", async () => {
  const box = await sealSecret(secret, "sk-abcdef", aad);
  for (const i of [0, box.ciphertext.length - 1]) {
    const ciphertext = box.ciphertext.slice();
    ciphertext[i]! ^= 1;
    await assert.rejects(openSecret(secret, { ...box, ciphertext }, aad), SecretBoxError);
  }
  const iv = box.iv.slice();
  iv[0]! ^= 1;
  await assert.rejects(openSecret(secret, { ...box, iv }, aad), SecretBoxError);
  await assert.rejects(openSecret(secret, { ...box, iv: box.iv.slice(0, 8) }, aad), SecretBoxError);
  // The untouched box still opens: the failures above are the tampering, not the test.
  assert.equal(await openSecret(secret, box, aad), "sk-abcdef");
});

Deno.test("secret box: every seal uses a fresh iv", async () => {
  const a = await sealSecret(secret, "same", aad);
  const b = await sealSecret(secret, "same", aad);
  assert.notDeepEqual(a.iv, b.iv);
  assert.notDeepEqual(a.ciphertext, b.ciphertext);
});

Deno.test("secret box: a short secret is refused", async () => {
  await assert.rejects(sealSecret("short", "x", aad), SecretBoxError);
});
