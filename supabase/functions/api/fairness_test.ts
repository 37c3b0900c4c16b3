// Fairness on the real stack: while one user sends the most expensive inputs the API accepts
// (backtracking-prone patterns in regex and JSON Schema validators, a diff of two 100k-character
// versions, an improvement of a prompt full of whitespace, a render at the plan's limit),
// another user's requests are still answered promptly: GET /prompts at p99 ≤ 100 ms and every
// GET /health within 100 ms. One JS thread serves every tenant of a worker, so any unbounded
// piece of work in those requests would show up here as the other user's latency.
import assert from "node:assert/strict";
import { api, apiUrl, newUser, type TestUser } from "../../../dev/testing.ts";
import { adminSql, createPrompt } from "./run/testing.ts";

const BUDGET_MS = 100;

async function timed(
  path: string,
  auth?: TestUser,
): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(`${apiUrl}${path}`, {
    headers: auth ? { authorization: `Bearer ${auth.token}` } : {},
    // A frozen worker fails the test in bounded time rather than hanging the suite.
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  return { ms: performance.now() - t0, status: res.status, body };
}

/** The answer, or status 599 if it takes longer than `ms` (a frozen worker). */
async function withTimeout<T extends { status: number }>(
  p: Promise<T>,
  ms: number,
): Promise<T | { status: number }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ status: number }>((r) => {
    timer = setTimeout(() => r({ status: 599 }), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

/** Words with scattered one-letter edits: a diff with thousands of hunks. */
function longText(seed: number, edited: boolean): string {
  const words: string[] = [];
  for (let i = 0; words.join(" ").length < 99_000; i++) {
    const w = `w${(i * 7919 + seed) % 1000}`;
    words.push(edited && i % 7 === 0 ? `${w}x` : w);
  }
  return words.join(" ").slice(0, 99_000);
}

Deno.test("fairness: one user's worst inputs do not hold up another user's requests", async () => {
  const sql = adminSql();
  try {
    const [attacker, victim] = await Promise.all([newUser("fair-a"), newUser("fair-b")]);
    // Enough runs for the whole attack, so it is never cut short by the daily quota.
    await sql`update public.profiles set plan = 'enterprise' where id = ${attacker.id}`;
    for (let i = 0; i < 5; i++) await createPrompt(victim, `Victim prompt ${i}`);

    // 1. A run whose output is q×5000 (the stand-in echoes an improve request's prompt), checked
    //    by a regex that backtracks exponentially on it in a backtracking engine.
    const regexPrompt = await createPrompt(attacker, `<<<PROMPT\n${"q".repeat(5000)}\nPROMPT>>>`);
    const regex = await api("POST", `/prompts/${regexPrompt.id}/validators`, {
      auth: attacker,
      body: { name: "evil regex", type: "regex", config: { pattern: "(q|q)*z" } },
    });
    assert.equal(regex.status, 201, JSON.stringify(regex.body));
    // 2. A JSON answer whose `answer` holds a run of 60 a's, under a schema pattern that
    //    backtracks on it.
    const schemaPrompt = await createPrompt(attacker, `Answer in json: ${"a".repeat(60)}!`);
    const schema = await api("POST", `/prompts/${schemaPrompt.id}/validators`, {
      auth: attacker,
      body: {
        name: "evil schema",
        type: "json_schema",
        config: {
          schema: {
            type: "object",
            properties: { answer: { type: "string", pattern: "^(a|a)*c$" } },
            patternProperties: { "^(a|a)*c$": { type: "string" } },
          },
        },
      },
    });
    assert.equal(schema.status, 201, JSON.stringify(schema.body));
    // 3. Two 100k-character versions with thousands of scattered edits.
    const diffPrompt = await createPrompt(attacker, longText(1, false));
    const v2 = await api("POST", `/prompts/${diffPrompt.id}/versions`, {
      auth: attacker,
      body: { content: longText(1, true) },
    });
    assert.equal(v2.status, 201, JSON.stringify(v2.body).slice(0, 300));
    // 4. An improvement of a prompt that is almost all whitespace.
    const spacePrompt = await createPrompt(attacker, `a${" ".repeat(90_000)}b`);
    // 5. A render at the plan's limit: 19,980 placeholders.
    const renderPrompt = await createPrompt(attacker, "{{x}}".repeat(19_980), [
      { name: "x", type: "string", required: true },
    ]);

    const attacks: (() => Promise<{ status: number; body: unknown }>)[] = [
      () => api("POST", `/prompts/${regexPrompt.id}/runs`, { auth: attacker, body: {} }),
      () => api("POST", `/prompts/${schemaPrompt.id}/runs`, { auth: attacker, body: {} }),
      () => api("GET", `/prompts/${diffPrompt.id}/diff?from=1&to=2`, { auth: attacker }),
      () => api("POST", `/prompts/${spacePrompt.id}/improve`, { auth: attacker, body: {} }),
      () =>
        api("POST", `/prompts/${renderPrompt.id}/runs`, {
          auth: attacker,
          body: { variables: { x: "yyyyy" } },
        }),
    ];

    // The attacker keeps three requests in flight, cycling through the attacks, until the
    // victim is done measuring.
    let attacking = true;
    const outcomes: number[][] = attacks.map(() => []);
    const attacker_ = async (offset: number) => {
      for (let i = offset; attacking; i++) {
        const k = i % attacks.length;
        const res = await withTimeout(attacks[k]!(), 30_000);
        outcomes[k]!.push(res.status);
      }
    };
    const workers = [0, 1, 2].map(attacker_);
    await new Promise((r) => setTimeout(r, 200)); // the attack is under way

    const list: number[] = [];
    const health: number[] = [];
    for (let i = 0; i < 150; i++) {
      const r = await timed("/prompts", victim);
      assert.equal(r.status, 200);
      list.push(r.ms);
      if (i % 5 === 0) {
        const h = await timed("/health");
        assert.equal(h.status, 200, `GET /health answered ${h.status}: ${h.body}`);
        health.push(h.ms);
      }
    }
    attacking = false;
    await Promise.all(workers);

    const p99 = quantile(list, 0.99);
    const worstHealth = Math.max(...health);
    console.log(
      `fairness: GET /prompts p50 ${quantile(list, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms ` +
        `(${list.length} requests); GET /health worst ${worstHealth.toFixed(1)} ms ` +
        `(${health.length}); attack requests answered: ${outcomes.map((o) => o.length).join("/")}`,
    );
    // Every kind of attack was really sent, and answered without a server error.
    for (const [k, statuses] of outcomes.entries()) {
      assert.ok(statuses.length > 0, `attack ${k + 1} was sent`);
      assert.ok(statuses.every((s) => s < 500), `attack ${k + 1}: ${statuses.join(",")}`);
    }
    assert.ok(p99 <= BUDGET_MS, `GET /prompts p99 ${p99.toFixed(1)} ms > ${BUDGET_MS} ms`);
    assert.ok(
      worstHealth <= BUDGET_MS,
      `GET /health took ${worstHealth.toFixed(1)} ms > ${BUDGET_MS} ms`,
    );

    // And the pathological validators still judged their outputs.
    const judged = await sql<{ status: string }[]>`
      select validation_status as status from public.runs
      where prompt_id = ${regexPrompt.id} and status = 'success' limit 1`;
    assert.equal(judged[0]?.status, "failed", "q… contains no z");
  } finally {
    await sql.end();
  }
});
