// A provider's per-user limits (providers.requests_per_minute, requests_per_day,
// tokens_per_minute) are enforced in Upstash before the provider is called: the request over the
// limit gets 429 provider_rate_limited, no run and no provider call, and gives back the daily
// quota it would have used. A test vendor whose endpoint is the stand-in, reached with the
// user's own key, lets the whole path run against real Redis and Postgres.
import assert from "node:assert/strict";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import { one } from "../../_shared/db.ts";
import {
  adminSql,
  createPrompt,
  createTestVendor,
  dropTestVendor,
  inOneMinuteWindow,
  ledgerKey,
  standinCalls,
} from "../run/testing.ts";

/** A test vendor with these limits, and a user holding a key for it. */
async function limitedVendor(
  sql: ReturnType<typeof adminSql>,
  limits: Parameters<typeof createTestVendor>[2],
) {
  const { vendor, model } = await createTestVendor(sql, "limits", limits);
  const user = await newUser("runs-limits");
  const stored = await api("PUT", `/provider-keys/${vendor}`, {
    auth: user,
    body: { key: "sk-limits-test-key-1234" },
  });
  assert.ok([200, 201].includes(stored.status), JSON.stringify(stored.body));
  return { vendor, model, user };
}

async function cleanUp(sql: ReturnType<typeof adminSql>, vendor: string) {
  await sql`delete from auth.users where email like 'runs-limits-%'`;
  await dropTestVendor(sql, vendor);
}

const run = (user: TestUser, promptId: string, model: string) =>
  api("POST", `/prompts/${promptId}/runs`, { auth: user, body: { model } });

Deno.test("provider limits: requests per minute refuse the next run before the provider is called", async () => {
  const sql = adminSql();
  const { vendor, model, user } = await limitedVendor(sql, { requests_per_minute: 2 });
  try {
    await inOneMinuteWindow();
    const key = ledgerKey("rpm");
    const prompt = await createPrompt(user, `Hello [[standin:key=${key}]]`);
    for (let i = 0; i < 2; i++) {
      const ok = await run(user, prompt.id, model);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.provider_id, vendor);
    }
    const before = (await api("GET", "/usage", { auth: user })).body.remaining;

    const refused = await run(user, prompt.id, model);
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, "provider_rate_limited");
    assert.match(refused.body.error.message, /requests per minute on limits-/);
    assert.equal(refused.body.error.details.limit, 2);
    assert.ok(Number(refused.headers.get("retry-after")) >= 1, "Retry-After is set");

    assert.equal(await standinCalls(key), 2, "the provider was not called a third time");
    const { n } = one(
      await sql`select count(*)::int as n from public.runs where prompt_id = ${prompt.id}`,
    );
    assert.equal(n, 2, "no run was recorded for the refused request");
    const after = (await api("GET", "/usage", { auth: user })).body.remaining;
    assert.equal(after, before, "the refused request gave its daily run back");

    // The limit is the user's own: another user of the same vendor is not held back.
    const other = await newUser("runs-limits");
    await api("PUT", `/provider-keys/${vendor}`, {
      auth: other,
      body: { key: "sk-limits-test-key-5678" },
    });
    const theirs = await createPrompt(other, "Hello");
    assert.equal((await run(other, theirs.id, model)).status, 201);
  } finally {
    await cleanUp(sql, vendor);
    await sql.end();
  }
});

Deno.test("provider limits: a spent token budget refuses the next run; requests per day count too", async () => {
  const sql = adminSql();
  const tokens = await limitedVendor(sql, { tokens_per_minute: 60, requests_per_day: 100 });
  const daily = await limitedVendor(sql, { requests_per_day: 1 });
  try {
    // Each run reserves its worst case (the prompt's length / 3, plus max_tokens) before the
    // call, and settles to what it used after.
    await inOneMinuteWindow();
    const key = ledgerKey("tpm");
    const prompt = await createPrompt(
      tokens.user,
      `Say something rather long, please. [[standin:key=${key}]]`,
    );
    const withMax = (max_tokens: number) =>
      api("POST", `/prompts/${prompt.id}/runs`, {
        auth: tokens.user,
        body: { model: tokens.model, max_tokens },
      });
    const tooBig = await withMax(100);
    assert.equal(tooBig.status, 429, "a worst case over the whole minute's budget is refused");
    assert.match(tooBig.body.error.message, /tokens per minute/);
    assert.equal(await standinCalls(key), 0, "before the provider is called");
    const first = await withMax(20);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.ok(first.body.token_usage.total_tokens > 30, "the first run spends most of the budget");
    const refused = await withMax(20);
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, "provider_rate_limited");
    assert.match(refused.body.error.message, /tokens per minute/);
    assert.equal(await standinCalls(key), 1, "only the admitted run reached the provider");

    const once = await createPrompt(daily.user, "Hello");
    assert.equal((await run(daily.user, once.id, daily.model)).status, 201);
    const twice = await run(daily.user, once.id, daily.model);
    assert.equal(twice.status, 429, JSON.stringify(twice.body));
    assert.match(twice.body.error.message, /requests per day/);
  } finally {
    await cleanUp(sql, tokens.vendor);
    await cleanUp(sql, daily.vendor);
    await sql.end();
  }
});

Deno.test("provider limits: asking once more for an answer that did not fit is a request too", async () => {
  const sql = adminSql();
  const two = await limitedVendor(sql, { requests_per_minute: 2 });
  const one_ = await limitedVendor(sql, { requests_per_minute: 1 });
  const ask = (user: TestUser, model: string, key: string) =>
    api("POST", "/builder/questions", {
      auth: user,
      body: { goal: `Write release notes [[standin:misfit;times=1;key=${key}]]`, model },
    });
  try {
    // Two a minute: the misfit and the answer asked for once more spend both.
    await inOneMinuteWindow();
    const key = ledgerKey("again");
    const asked = await ask(two.user, two.model, key);
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.run.attempts, 2);
    assert.equal(await standinCalls(key), 2);
    const next = await ask(two.user, two.model, ledgerKey("again-next"));
    assert.equal(next.status, 429, JSON.stringify(next.body));
    assert.equal(next.body.error.code, "provider_rate_limited");
    assert.match(next.body.error.message, /requests per minute/);

    // One a minute: the misfit spent it, so the model is not asked again; the run says why.
    const onceKey = ledgerKey("again-once");
    const refused = await ask(one_.user, one_.model, onceKey);
    assert.equal(refused.status, 502, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, "builder_output_invalid");
    assert.match(
      refused.body.error.message,
      /did not fit the response schema, and asking once more was refused \(requests per minute/,
    );
    assert.equal(await standinCalls(onceKey), 1, "the provider was asked once");
    const [row] = await sql<{ status: string; attempts: number }[]>`
      select status::text, attempts from public.runs where id = ${refused.body.error.details.run_id}`;
    assert.deepEqual(row, { status: "error", attempts: 1 }, "the run is recorded, final");
  } finally {
    await cleanUp(sql, two.vendor);
    await cleanUp(sql, one_.vendor);
    await sql.end();
  }
});
