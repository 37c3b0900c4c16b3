import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { expiredToken } from "./library_testing.ts";

Deno.test("settings: a new user has the defaults and a read-only plan and role", async () => {
  const user = await newUser("settings");
  const res = await api("GET", "/settings", { auth: user });
  assert.equal(res.status, 200);
  assert.deepEqual(
    { ...res.body.settings, updated_at: undefined },
    {
      retention_policy: "thirty_days",
      default_model: null,
      framework: null,
      theme: "system",
      max_history_days: 90,
      auto_cleanup: true,
      updated_at: undefined,
    },
  );
  assert.equal(res.body.profile.display_name, user.email.split("@")[0]);
  assert.equal(res.body.profile.avatar_url, null);
  assert.equal(res.body.profile.plan, "free");
  assert.equal(res.body.profile.role, "user");
});

Deno.test("settings: PATCH changes settings and profile together, and they stay", async () => {
  const user = await newUser("settings-patch");
  const patch = {
    retention_policy: "always",
    default_model: "openai/gpt-4o-mini",
    framework: "roses",
    theme: "dark",
    max_history_days: 7,
    auto_cleanup: false,
    display_name: "  Ada  ",
    avatar_url: "https://example.com/ada.png",
  };
  const res = await api("PATCH", "/settings", { auth: user, body: patch });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.settings.retention_policy, "always");
  assert.equal(res.body.settings.default_model, "openai/gpt-4o-mini");
  assert.equal(res.body.settings.framework, "roses");
  assert.equal(res.body.settings.theme, "dark");
  assert.equal(res.body.settings.max_history_days, 7);
  assert.equal(res.body.settings.auto_cleanup, false);
  assert.equal(res.body.profile.display_name, "Ada", "names are trimmed");
  assert.equal(res.body.profile.avatar_url, "https://example.com/ada.png");

  const again = await api("GET", "/settings", { auth: user });
  assert.deepEqual(again.body, res.body);

  const cleared = await api("PATCH", "/settings", {
    auth: user,
    body: { default_model: null, avatar_url: null },
  });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.settings.default_model, null);
  assert.equal(cleared.body.profile.avatar_url, null);
  assert.equal(cleared.body.settings.theme, "dark", "fields not sent are left alone");

  const other = await newUser("settings-other");
  const theirs = await api("GET", "/settings", { auth: other });
  assert.equal(theirs.body.settings.theme, "system", "one user's settings are not another's");
});

Deno.test("settings: the default framework must be an available framework", async () => {
  const user = await newUser("settings-framework");
  const res = await api("PATCH", "/settings", { auth: user, body: { framework: "R.O.S.E.S" } });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "unknown_framework");
  assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), [
    "framework",
  ]);
});

Deno.test("settings: bad input is a 422 naming the field", async () => {
  const user = await newUser("settings-bad");
  const cases: [unknown, string][] = [
    [{}, "json"],
    [{ theme: 5 }, "theme"],
    [{ theme: "neon" }, "theme"],
    [{ retention_policy: "forever" }, "retention_policy"],
    [{ display_name: "" }, "display_name"],
    [{ display_name: "x".repeat(101) }, "display_name"],
    [{ avatar_url: "javascript:alert(1)" }, "avatar_url"],
    [{ framework: "x".repeat(51) }, "framework"],
    [{ max_history_days: 0 }, "max_history_days"],
    [{ max_history_days: 3651 }, "max_history_days"],
    [{ max_history_days: 1.5 }, "max_history_days"],
    [{ auto_cleanup: "yes" }, "auto_cleanup"],
    [{ plan: "enterprise" }, "json"],
    [{ role: "admin" }, "json"],
  ];
  for (const [body, field] of cases) {
    const res = await api("PATCH", "/settings", { auth: user, body });
    assert.equal(res.status, 422, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "validation_failed");
    assert.ok(
      res.body.error.details.fields.some((f: { field: string }) => f.field === field),
      `${JSON.stringify(body)} names ${field}: ${JSON.stringify(res.body.error.details)}`,
    );
  }
  const unknownModel = await api("PATCH", "/settings", {
    auth: user,
    body: { default_model: "openai/no-such-model" },
  });
  assert.equal(unknownModel.status, 422);
  assert.equal(unknownModel.body.error.code, "unknown_model");

  const malformed = await api("PATCH", "/settings", { auth: user, rawBody: "{theme" });
  assert.equal(malformed.status, 400);

  const after = await api("GET", "/settings", { auth: user });
  assert.equal(after.body.profile.plan, "free", "plan cannot be changed by the user");
  assert.equal(after.body.settings.default_model, null, "a refused change changes nothing");
});

Deno.test("settings: no token, an expired token or a forged one is a 401", async () => {
  const user = await newUser("settings-auth");
  assert.equal((await api("GET", "/settings")).status, 401);
  const expired = await api("GET", "/settings", { auth: await expiredToken(user) });
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.code, "unauthorized");
  const forged = await api("PATCH", "/settings", {
    auth: `${user.token.slice(0, -4)}AAAA`,
    body: { theme: "dark" },
  });
  assert.equal(forged.status, 401);
});
