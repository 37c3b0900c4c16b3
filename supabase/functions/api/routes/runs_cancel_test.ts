// Cancel (issue 19): POST /runs/:id/cancel stops a running run, in whichever worker runs it: the
// provider call is aborted and the run ends cancelled. A run that has ended is a 409; another
// user's run is a 404; a caller who only hangs up does not cancel.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { adminSql, createPrompt, postRun, readSse, waitForFinal } from "../run/testing.ts";

Deno.test("cancel: mid-stream, the provider call stops and the run ends cancelled", async () => {
  const user = await newUser("cancel");
  // 300 ms between chunks: a stream of several seconds.
  const prompt = await createPrompt(user, "Tell a long story [[standin:slow=300]]");
  const res = await postRun(user, prompt.id, { stream: true });
  assert.equal(res.status, 201);
  const runId = res.headers.get("x-run-id")!;
  const started = performance.now();
  const reading = readSse(res);

  await new Promise((r) => setTimeout(r, 700)); // a delta or two in
  const other = await newUser("cancel-other");
  const foreign = await api("POST", `/runs/${runId}/cancel`, { auth: other });
  assert.equal(foreign.status, 404, "another user's run is not found");

  const cancelled = await api("POST", `/runs/${runId}/cancel`, { auth: user });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  assert.equal(cancelled.body.status, "cancelled");
  assert.equal(cancelled.body.error_message, "cancelled by its owner");
  const events = await reading;
  const last = events.at(-1)!;
  assert.equal(last.event, "run", "the stream ends with the run record");
  const ended = last.data as {
    status: string;
    token_usage: { completion_tokens: number; estimated?: boolean } | null;
    cost_usd: string | null;
  };
  assert.equal(ended.status, "cancelled");
  // What was generated before the cancel is billed by the provider: estimated, and priced.
  assert.equal(ended.token_usage?.estimated, true, JSON.stringify(ended.token_usage));
  assert.ok(Number(ended.cost_usd) > 0, "the cancelled run has a cost");
  assert.ok(performance.now() - started < 4_000, "stopped well before the story's end");

  const again = await api("POST", `/runs/${runId}/cancel`, { auth: user });
  assert.equal(again.status, 409, "an ended run cannot be cancelled");
  assert.equal(again.body.error.code, "run_already_final");
});

Deno.test("cancel: a JSON run waiting on a slow provider is stopped too; a finished run is a 409", async () => {
  const user = await newUser("cancel-json");
  const slow = await createPrompt(user, "Think hard [[standin:slow=8000]]");
  const pending = api("POST", `/prompts/${slow.id}/runs`, { auth: user, body: {} });
  let runId: string | undefined;
  for (let i = 0; i < 50 && !runId; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const listed = await api("GET", `/prompts/${slow.id}/runs`, { auth: user });
    runId = listed.body.items[0]?.id;
  }
  assert.ok(runId, "the run is listed while it runs");
  const cancelled = await api("POST", `/runs/${runId}/cancel`, { auth: user });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  assert.equal(cancelled.body.status, "cancelled");
  const answer = await pending;
  assert.equal(answer.status, 201);
  assert.equal(answer.body.status, "cancelled", "the caller's own request ends with it");

  const quick = await createPrompt(user, "Quick");
  const done = await api("POST", `/prompts/${quick.id}/runs`, { auth: user, body: {} });
  assert.equal(done.body.status, "success");
  const late = await api("POST", `/runs/${done.body.id}/cancel`, { auth: user });
  assert.equal(late.status, 409);
});

Deno.test("cancel: hanging up on a stream does not cancel the run", async () => {
  const user = await newUser("cancel-hangup");
  const prompt = await createPrompt(user, "A short story [[standin:slow=100]]");
  const abort = new AbortController();
  const res = await postRun(user, prompt.id, { stream: true }, abort.signal);
  const runId = res.headers.get("x-run-id")!;
  await readSse(res, (e) => e.event === "delta", abort);
  const sql = adminSql();
  try {
    const run = await waitForFinal(sql, runId);
    assert.equal(run.status, "success", "the run went on and was recorded");
  } finally {
    await sql.end();
  }
});
