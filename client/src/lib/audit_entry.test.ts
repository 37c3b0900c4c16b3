import { describe, expect, it } from "vitest";
import { type AuditEntry, describeEntry, promptOf, whoMade } from "./audit_entry.ts";

const me = "11111111-1111-4111-8111-111111111111";
const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  occurred_at: "2026-12-06T07:00:00Z",
  actor_id: me,
  actor_role: "authenticated",
  api_key_id: null,
  subject_user_id: me,
  table_name: "prompts",
  record_id: "22222222-2222-4222-8222-222222222222",
  action: "update",
  before: null,
  after: null,
  changed_columns: null,
  ...e,
});

describe("describeEntry", () => {
  it("names what was made or removed, by its title or name", () => {
    expect(describeEntry(entry({ action: "insert", after: { title: "Draft" } })))
      .toBe("Prompt “Draft” created");
    expect(
      describeEntry(entry({ action: "delete", table_name: "api_keys", before: { name: "ci" } })),
    )
      .toBe("API key “ci” deleted");
  });

  it("shows a change in the client's words, with short values before and after", () => {
    expect(describeEntry(entry({
      changed_columns: ["visibility", "share_history"],
      before: { visibility: "private", share_history: false },
      after: { visibility: "public", share_history: true },
    }))).toBe("Prompt changed: visibility: private → public, shared run history: false → true");
  });

  it("names a changed id or long text without its value", () => {
    expect(describeEntry(entry({
      changed_columns: ["current_version_id", "description"],
      before: { current_version_id: null, description: "short" },
      after: {
        current_version_id: "33333333-3333-4333-8333-333333333333",
        description: "x".repeat(41),
      },
    }))).toBe("Prompt changed: current version, description");
  });

  it("says none for an empty value, and an unknown column in plain words", () => {
    expect(describeEntry(entry({
      table_name: "user_settings",
      changed_columns: ["default_model", "some_new_column"],
      before: { default_model: null, some_new_column: 1 },
      after: { default_model: "openai/gpt-4o-mini", some_new_column: 2 },
    }))).toBe("Settings changed: default model: none → openai/gpt-4o-mini, some new column: 1 → 2");
  });
});

describe("promptOf", () => {
  it("names the prompt of a prompt's or a version's entry, not of a deleted prompt's", () => {
    const prompt = "22222222-2222-4222-8222-222222222222";
    expect(promptOf(entry({}))).toBe(prompt);
    expect(promptOf(entry({ action: "delete" }))).toBeNull();
    expect(promptOf(entry({
      table_name: "prompt_versions",
      action: "insert",
      record_id: "44444444-4444-4444-8444-444444444444",
      after: { prompt_id: prompt },
    }))).toBe(prompt);
    expect(promptOf(entry({ table_name: "api_keys" }))).toBeNull();
  });
});

describe("whoMade", () => {
  it("tells the reader, the user, their API key, an admin, Studio and sign-up apart", () => {
    expect(whoMade(entry({}), me)).toBe("you");
    expect(whoMade(entry({ api_key_id: "k" }), me)).toBe("you (API key)");
    expect(whoMade(entry({ actor_id: "someone-else" }), me)).toBe("an admin");
    // An admin reading another user's entries: what that user did themselves.
    const admin = "33333333-3333-4333-8333-333333333333";
    expect(whoMade(entry({}), admin)).toBe("the user");
    expect(whoMade(entry({ api_key_id: "k" }), admin)).toBe("the user (API key)");
    expect(whoMade(entry({ actor_id: admin, subject_user_id: me }), admin)).toBe("you");
    expect(whoMade(entry({ actor_id: null, actor_role: "postgres" }), me))
      .toBe("an admin (Studio or SQL)");
    expect(whoMade(entry({ actor_id: null, action: "insert", table_name: "profiles" }), me))
      .toBe("sign-up");
  });
});
