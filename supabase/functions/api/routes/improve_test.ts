// Integration tests against the running stack: POST /prompts/:id/improve answered by the LLM
// stand-in, the improve / improve_saved events, metering, and refusals.
import assert from "node:assert/strict";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";

type Event = {
  id: string;
  event_type: string;
  prompt_id: string;
  payload: Record<string, unknown>;
};

async function events(fx: Fixtures, user: TestUser): Promise<Event[]> {
  const rows = await fx.as(
    user,
    (tx) =>
      tx<Event[]>`select id, event_type, prompt_id, payload from public.run_events
                order by created_at, id`,
  );
  return [...rows];
}

Deno.test("improve: the stand-in suggests, the event is recorded, saving logs improve_saved", async () => {
  const fx = new Fixtures();
  try {
    const user = await newUser("improve");
    const p = await fx.prompt(user, "Greeter", "Say hi to {{name}}");
    const before = (await api("GET", "/usage", { auth: user })).body.remaining;

    const res = await api("POST", `/prompts/${p.id}/improve`, {
      auth: user,
      body: { instructions: "make it friendlier" },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const s = res.body;
    assert.equal(s.standin, true, "labelled as the stand-in's answer");
    assert.equal(s.key_source, "standin");
    assert.equal(s.model, "standin/echo");
    // The stand-in answers a rewrite request in the tagged form, keeping the placeholders.
    assert.equal(
      s.suggestion.content,
      "Say hi to {{name}}\n\nState the expected output format explicitly.",
    );
    assert.equal(
      s.suggestion.summary,
      "Stand-in suggestion (not a model): added an explicit output format.",
    );
    assert.deepEqual(s.base_version, { id: p.versionId, version_number: 1 });
    assert.deepEqual(s.warnings, { missing_variables: [], added_variables: [] });
    assert.ok(s.token_usage.prompt_tokens > 0 && s.token_usage.completion_tokens > 0);
    assert.match(s.cost_usd, /^\d+\.\d+$/);
    assert.deepEqual(s.diff.changed, ["content"]);
    assert.ok(s.diff.patch.includes("+State the expected output format explicitly."));
    assert.equal(res.headers.get("x-ratelimit-remaining"), String(before - 1));

    // Deterministic: the same prompt and instructions get the same suggestion.
    const again = await api("POST", `/prompts/${p.id}/improve`, {
      auth: user,
      body: { instructions: "make it friendlier" },
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.suggestion.content, s.suggestion.content);
    assert.equal((await api("GET", "/usage", { auth: user })).body.remaining, before - 2);

    let logged = await events(fx, user);
    assert.deepEqual(logged.map((e) => [e.event_type, e.id]), [
      ["improve", s.event_id],
      ["improve", again.body.event_id],
    ]);
    const improved = logged[0]!; // two events, checked just above
    assert.equal(improved.prompt_id, p.id);
    assert.equal(improved.payload.model, "standin/echo");
    assert.equal(improved.payload.standin, true);
    assert.equal(improved.payload.version_id, p.versionId);
    assert.equal(improved.payload.cost_usd, s.cost_usd);
    assert.equal(improved.payload.instructions, "make it friendlier");

    // Saving the suggestion is an ordinary new version with source "improve".
    const saved = await api("POST", `/prompts/${p.id}/versions`, {
      auth: user,
      body: {
        content: "Say a warm hello to {{name}}.",
        summary: s.suggestion.summary,
        source: "improve",
      },
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    logged = await events(fx, user);
    assert.equal(logged.length, 3);
    const savedEvent = logged[2]!;
    assert.equal(savedEvent.event_type, "improve_saved");
    assert.equal(savedEvent.payload.version_id, saved.body.id);
    assert.equal(savedEvent.payload.version_number, 2);

    // By default the current version (now 2) is improved; an older one can be named.
    const old = await api("POST", `/prompts/${p.id}/improve`, {
      auth: user,
      body: { version_id: p.versionId },
    });
    assert.equal(old.status, 200);
    assert.equal(old.body.base_version.version_number, 1);
    const cur = await api("POST", `/prompts/${p.id}/improve`, { auth: user, body: {} });
    assert.equal(cur.body.base_version.version_number, 2);
  } finally {
    await fx.end();
  }
});

Deno.test("improve: bad input, unknown ids, another user's prompt, a failing model", async () => {
  const fx = new Fixtures();
  try {
    const [owner, other] = await Promise.all([newUser("improve-own"), newUser("improve-other")]);
    const p = await fx.prompt(owner);
    const url = `/prompts/${p.id}/improve`;

    const extra = await api("POST", url, { auth: owner, body: { content: "x" } });
    assert.equal(extra.status, 422);
    assert.match(extra.body.error.message, /content/, "names the unknown key");
    const long = await api("POST", url, { auth: owner, body: { instructions: "x".repeat(2001) } });
    assert.equal(long.status, 422);
    assert.equal(long.body.error.details.fields[0].field, "instructions");
    const badVersion = await api("POST", url, { auth: owner, body: { version_id: "v1" } });
    assert.equal(badVersion.status, 422);
    assert.equal((await api("POST", url, { auth: owner, rawBody: "{" })).status, 400);

    const model = await api("POST", url, { auth: owner, body: { model: "nope/none" } });
    assert.equal(model.status, 422);
    assert.equal(model.body.error.code, "unknown_model");
    const missingVersion = await api("POST", url, {
      auth: owner,
      body: { version_id: crypto.randomUUID() },
    });
    assert.equal(missingVersion.status, 404);
    const missingPrompt = await api("POST", `/prompts/${crypto.randomUUID()}/improve`, {
      auth: owner,
      body: {},
    });
    assert.equal(missingPrompt.status, 404);

    const theirs = await api("POST", url, { auth: other, body: {} });
    assert.equal(theirs.status, 404, "another user's prompt is not found");
    const theirsVersion = await api("POST", url, {
      auth: other,
      body: { version_id: p.versionId },
    });
    assert.equal(theirsVersion.status, 404);

    // Every attempt of the provider call fails: a 502 and no event.
    const failing = await api("POST", url, {
      auth: owner,
      body: { instructions: `[[standin:fault=500;key=${crypto.randomUUID()}]]` },
    });
    assert.equal(failing.status, 502, JSON.stringify(failing.body));
    assert.equal(failing.body.error.code, "improve_failed");

    assert.deepEqual(await events(fx, owner), [], "refusals and failures record no event");
    assert.deepEqual(await events(fx, other), []);
    assert.equal((await api("POST", url, { body: {} })).status, 401);
  } finally {
    await fx.end();
  }
});
