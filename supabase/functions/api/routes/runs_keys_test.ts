// Whose key a run uses: the user's own provider key (stored encrypted) when they have one, else
// the project's, else on the local stack the stand-in; the run records which. A test vendor
// whose endpoint is the stand-in lets the whole path run, and the stand-in reports the last
// four characters of the key it was called with.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import {
  adminSql,
  createPrompt,
  createTestVendor,
  dropTestVendor,
  ledgerKey,
  standinOrigin,
} from "../run/testing.ts";

async function ledger(key: string): Promise<{ calls: number; api_key_last4: string | null }> {
  const res = await fetch(`${standinOrigin}/_standin/calls?key=${encodeURIComponent(key)}`);
  return await res.json();
}

Deno.test("runs: a user's own provider key is used (and recorded) until they delete it", async () => {
  const sql = adminSql();
  const { vendor, model } = await createTestVendor(sql, "keytest");
  try {
    const user = await newUser("runs-keys");
    const stored = await api("PUT", `/provider-keys/${vendor}`, {
      auth: user,
      body: { key: "sk-test-user-key-9876" },
    });
    assert.ok([200, 201].includes(stored.status), JSON.stringify(stored.body));
    assert.equal(stored.body.last4, "9876");

    const key = ledgerKey("own-key");
    const prompt = await createPrompt(user, `Hello [[standin:key=${key}]]`);
    const run = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: { model } });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    assert.equal(run.body.status, "success");
    assert.equal(run.body.key_source, "user");
    assert.equal(run.body.provider_id, vendor);
    assert.deepEqual(await ledger(key), { key, calls: 1, api_key_last4: "9876" });

    assert.equal((await api("DELETE", `/provider-keys/${vendor}`, { auth: user })).status, 204);
    const key2 = ledgerKey("no-key");
    const prompt2 = await createPrompt(user, `Hello [[standin:key=${key2}]]`);
    const fallback = await api("POST", `/prompts/${prompt2.id}/runs`, {
      auth: user,
      body: { model },
    });
    assert.equal(fallback.status, 201, JSON.stringify(fallback.body));
    assert.equal(fallback.body.key_source, "standin", "no user or project key: the stand-in");
    assert.equal((await ledger(key2)).calls, 1);
    assert.notEqual((await ledger(key2)).api_key_last4, "9876", "the deleted key is not used");
  } finally {
    await sql`delete from auth.users where email like 'runs-keys-%'`;
    await dropTestVendor(sql, vendor);
    await sql.end();
  }
});
