// The run service's structured output: an answer that does not fit is asked for once more in
// the same run, whose usage, latency, attempts and log cover both calls.
import assert from "node:assert/strict";
import type { CallOutcome } from "./execute.ts";
import { fitOrAskAgain, MISFIT_ERROR, type Structured } from "./service.ts";

const structured: Structured = {
  format: { name: "t", schema: { type: "object" } },
  misfit: (output) => (output === "good" ? null : `not good: ${output}`),
};

const outcome = (output: string, over: Partial<CallOutcome> = {}): CallOutcome => ({
  status: "success",
  output,
  usage: {
    prompt_tokens: 10,
    completion_tokens: 5,
    total_tokens: 15,
    cached_tokens: 0,
    reasoning_tokens: 0,
  },
  latencyMs: 7,
  attempts: 1,
  metadata: { provider_id: "standin" },
  error: null,
  logs: [],
  ...over,
});

Deno.test("structured: an answer that fits is taken as it is, with no second call", async () => {
  let calls = 0;
  const first = outcome("good");
  assert.equal(
    await fitOrAskAgain(first, structured, () => (calls++, Promise.resolve(first))),
    first,
  );
  assert.equal(calls, 0);
});

Deno.test("structured: a misfit is asked for once more; both calls are on the run", async () => {
  let calls = 0;
  const r = await fitOrAskAgain(outcome("bad"), structured, () => {
    calls++;
    return Promise.resolve(outcome("good"));
  });
  assert.equal(calls, 1);
  assert.equal(r.status, "success");
  assert.equal(r.output, "good");
  assert.equal(r.usage?.total_tokens, 30, "tokens of both calls, so the cost of both");
  assert.equal(r.latencyMs, 14);
  assert.equal(r.attempts, 2);
  assert.equal(r.metadata.schema_retries, 1);
  assert.deepEqual(r.logs.map((l) => [l.level, l.data?.reason]), [["warn", "not good: bad"]]);
});

Deno.test("structured: a second misfit ends the run as an error saying why", async () => {
  let calls = 0;
  const r = await fitOrAskAgain(outcome("bad"), structured, () => {
    calls++;
    return Promise.resolve(outcome("worse"));
  });
  assert.equal(calls, 1, "asked once more, no more");
  assert.equal(r.status, "error");
  assert.equal(r.error, `${MISFIT_ERROR}: not good: worse`);
  assert.equal(r.output, "worse", "the answer is kept on the run");
});

Deno.test("structured: a failed second call is the outcome, with the first call's usage", async () => {
  const r = await fitOrAskAgain(
    outcome("bad"),
    structured,
    () => Promise.resolve(outcome("", { status: "timeout", usage: null, error: "slow" })),
  );
  assert.equal(r.status, "timeout");
  assert.equal(r.usage?.total_tokens, 15);
});
