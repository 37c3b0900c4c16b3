// Integration tests against the running stack: admins list every model (retired ones too), add
// one, change its prices (the next run is charged the new price, an earlier run keeps its own),
// retire it and make a model the default; bad input is a 422 naming the field; the default
// cannot be retired; users get the 404 of a route that does not exist. The tests change only
// models they add (and delete after), and put the system default back.
import assert from "node:assert/strict";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";
import { one } from "../../_shared/db.ts";

interface AdminModel {
  id: string;
  display_name: string;
  is_active: boolean;
  is_default: boolean;
  prices: { input_per_1k: number; output_per_1k: number; cached_input_per_1k: number | null };
}

const fieldOf = (body: { error: { details?: { fields?: { field: string }[] } } }) =>
  body.error.details?.fields?.map((f) => f.field);

async function adminAndUser(fx: Fixtures): Promise<[TestUser, TestUser]> {
  const [admin, user] = await Promise.all([newUser("models-admin"), newUser("models-user")]);
  await fx.sql`update public.profiles set role = 'admin' where id = ${admin.id}`;
  return [admin, user];
}

/** A stand-in model for a test, with a fresh id: the test adds it and deletes it after. */
const standinModel = (display_name: string, input_per_1k = 0, output_per_1k = 0) => ({
  id: `standin/test-${crypto.randomUUID().slice(0, 8)}`,
  provider_id: "standin",
  provider_model_id: "echo",
  display_name,
  tier: "low",
  input_per_1k,
  output_per_1k,
});

Deno.test("admin models: add a model, reprice it for the next runs, retire it", async () => {
  const fx = new Fixtures();
  const model = standinModel("Test echo", 0.001, 0.002);
  const id = model.id;
  const googleId = `google/test-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const [admin, user] = await adminAndUser(fx);
    const made = await api("POST", "/admin/models", { auth: admin, body: model });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(
      [made.body.is_active, made.body.is_default, made.body.prices.input_per_1k],
      [true, false, 0.001],
    );
    const again = await api("POST", "/admin/models", {
      auth: admin,
      body: { ...standinModel("Twice"), id },
    });
    assert.equal(again.status, 409);
    assert.deepEqual(fieldOf(again.body), ["id"]);
    // A model's id need not start with its provider's (google/… models are Gemini's).
    const google = await api("POST", "/admin/models", {
      auth: admin,
      body: { ...standinModel("Gemini test"), id: googleId, provider_id: "gemini" },
    });
    assert.equal(google.status, 201, JSON.stringify(google.body));
    assert.equal(google.body.provider.id, "gemini");
    const unknown = await api("POST", "/admin/models", {
      auth: admin,
      body: { ...standinModel("Nowhere"), provider_id: "nowhere" },
    });
    assert.equal(unknown.status, 422);
    assert.deepEqual(fieldOf(unknown.body), ["provider_id"]);

    // A run at the first price; then the price changes; the next run is charged the new one.
    const prompt = await fx.prompt(user, "Priced", "Say hi.");
    const run = () =>
      api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: { model: id } });
    const first = await run();
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const path = `/admin/models/${id}`;
    const repriced = await api("PATCH", path, {
      auth: admin,
      body: { input_per_1k: 0.5, output_per_1k: 1.5, display_name: "Test echo (dear)" },
    });
    assert.equal(repriced.status, 200, JSON.stringify(repriced.body));
    assert.deepEqual(
      [repriced.body.display_name, repriced.body.prices.input_per_1k],
      ["Test echo (dear)", 0.5],
    );
    const second = await run();
    assert.equal(second.status, 201);
    const snapshots = await fx.sql<{ id: string; input: number }[]>`
      select id, (price_snapshot ->> 'price_per_1k_input')::float8 as input
      from public.runs where id in ${fx.sql([first.body.id, second.body.id])}`;
    const priceOf = (runId: string) => snapshots.find((s) => s.id === runId)?.input;
    assert.equal(priceOf(first.body.id), 0.001, "an earlier run keeps the price it started with");
    assert.equal(priceOf(second.body.id), 0.5);
    assert.ok(Number(second.body.cost_usd) > Number(first.body.cost_usd));

    // Users see the new price in GET /models; admins' change is in the audit log.
    const models = await api("GET", "/models", { auth: user });
    const seen = models.body.items.find((m: { id: string }) => m.id === id);
    assert.equal(seen.prices.output_per_1k, 1.5);
    const audit = await api("GET", "/admin/audit?table=models", { auth: admin });
    assert.ok(
      audit.body.items.some((e: { record_id: string; changed_columns: string[] | null }) =>
        e.record_id === id && e.changed_columns?.includes("price_per_1k_input")
      ),
      "the price change is audited",
    );

    // Bad input names its field; cached input is never dearer than input.
    for (
      const [body, field] of [
        [{ input_per_1k: -1 }, "input_per_1k"],
        [{ cached_input_per_1k: 0.9 }, "cached_input_per_1k"],
        [{ tier: "gold" }, "tier"],
        [{ is_default: false }, "is_default"],
        [{ display_name: "" }, "display_name"],
      ] as const
    ) {
      const res = await api("PATCH", path, { auth: admin, body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(fieldOf(res.body), [field], JSON.stringify(res.body));
    }
    assert.equal((await api("PATCH", path, { auth: admin, body: {} })).status, 422);
    assert.equal(
      (await api("PATCH", "/admin/models/standin/no-such-model", {
        auth: admin,
        body: { tier: "low" },
      })).body.error.code,
      "model_not_found",
    );

    // Retired: listed for admins, gone for users, refused by runs.
    const retired = await api("PATCH", path, { auth: admin, body: { is_active: false } });
    assert.equal(retired.body.is_active, false);
    const all = await api("GET", "/admin/models", { auth: admin });
    assert.ok(all.body.items.some((m: AdminModel) => m.id === id && !m.is_active));
    const active = await api("GET", "/models", { auth: user });
    assert.ok(!active.body.items.some((m: { id: string }) => m.id === id));
    const refused = await run();
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, "unknown_model");

    // Not an admin: the 404 of a route that does not exist.
    for (const [method, p] of [["GET", "/admin/models"], ["PATCH", path]] as const) {
      const res = await api(method, p, {
        auth: user,
        body: method === "GET" ? undefined : { tier: "top" },
      });
      assert.equal(res.status, 404, `${method} ${p}`);
    }
    assert.equal((await api("GET", "/admin/models")).status, 401);
  } finally {
    await fx.sql`delete from public.models where id in (${id}, ${googleId})`;
    await fx.end();
  }
});

Deno.test("admin models: one default at a time, and the default is not retired", async () => {
  const fx = new Fixtures();
  const model = standinModel("Default for a moment");
  const id = model.id;
  const { id: previous } = one(
    await fx.sql<{ id: string }[]>`select id from public.models where is_default`,
  );
  try {
    const [admin, user] = await adminAndUser(fx);
    const made = await api("POST", "/admin/models", { auth: admin, body: model });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const now = await api("PATCH", `/admin/models/${id}`, {
      auth: admin,
      body: { is_default: true },
    });
    assert.equal(now.status, 200, JSON.stringify(now.body));
    assert.equal(now.body.is_default, true);
    const defaults = await fx.sql`select id from public.models where is_default`;
    assert.deepEqual(defaults.map((r) => r.id), [id], "the previous default stepped down");
    // Users see it as the system default (on a stack with provider keys, a run that names no
    // model runs on it; this one has none, so runs go to the stand-in's model).
    const models = await api("GET", "/models", { auth: user });
    assert.deepEqual(
      models.body.items.filter((m: { is_default: boolean }) => m.is_default)
        .map((m: { id: string }) => m.id),
      [id],
    );

    const retire = await api("PATCH", `/admin/models/${id}`, {
      auth: admin,
      body: { is_active: false },
    });
    assert.equal(retire.status, 422);
    assert.equal(retire.body.error.code, "model_is_default");
    assert.deepEqual(fieldOf(retire.body), ["is_active"]);

    // A retired model cannot become the default either (the table's rule, said at the field).
    const retiredId = `${id}-r`;
    const retired = await api("POST", "/admin/models", {
      auth: admin,
      body: { ...standinModel("Retired"), id: retiredId },
    });
    assert.equal(retired.status, 201, JSON.stringify(retired.body));
    const retiredPath = `/admin/models/${retiredId}`;
    await api("PATCH", retiredPath, { auth: admin, body: { is_active: false } });
    const promote = await api("PATCH", retiredPath, { auth: admin, body: { is_default: true } });
    assert.equal(promote.status, 422);
    assert.equal(promote.body.error.code, "model_is_default");
    assert.deepEqual(fieldOf(promote.body), ["is_default"]);
    const still = await fx.sql`select id from public.models where is_default`;
    assert.deepEqual(still.map((r) => r.id), [id], "the refused switch changed nothing");

    const back = await api("PATCH", `/admin/models/${previous}`, {
      auth: admin,
      body: { is_default: true },
    });
    assert.equal(back.status, 200, JSON.stringify(back.body));
  } finally {
    // Whatever happened above, the system default is what it was.
    await fx.sql.begin(async (tx) => {
      await tx`update public.models set is_default = false where is_default and id <> ${previous}`;
      await tx`update public.models set is_default = true where id = ${previous}`;
    });
    await fx.sql`delete from public.models where id in (${id}, ${`${id}-r`})`;
    await fx.end();
  }
});
