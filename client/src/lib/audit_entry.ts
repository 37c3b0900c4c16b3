// An audit log entry in words, as the Activity page and the admins' audit log list it: what
// changed ("Prompt “Draft” changed: visibility: private → public") and by whom ("you", "the
// user (API key)", "an admin").
import type { components } from "./api_schema.ts";
import { formatDate } from "./format.ts";

export type AuditEntry = components["schemas"]["AuditEntry"];

/** The audited tables, each as one of its rows is called. */
export const auditTables: Record<string, string> = {
  prompts: "Prompt",
  prompt_versions: "Prompt version",
  user_settings: "Settings",
  user_budgets: "Spend limit",
  api_keys: "API key",
  provider_keys: "Provider key",
  profiles: "Profile",
  feedback: "Feedback",
  feedback_tag_links: "Feedback tag",
  models: "Model",
  providers: "Provider",
  plan_limits: "Plan limits",
  gallery_categories: "Gallery category",
  audit_settings: "Audit settings",
};

// The columns a user can change, in the words the rest of the client uses for them.
const columns: Record<string, string> = {
  current_version_id: "current version",
  catalog_id: "catalog",
  gallery_category_id: "gallery category",
  share_history: "shared run history",
  published_at: "published",
  default_model: "default model",
  max_history_days: "history kept (days)",
  auto_cleanup: "automatic clean-up",
  retention_policy: "version retention",
  disabled_at: "disabled",
  disabled_reason: "reason disabled",
  display_name: "display name",
  avatar_url: "avatar",
  revoked_at: "revoked",
  expires_at: "expires",
  prompt_ids: "prompts",
  last4: "key",
  monthly_limit_usd: "monthly limit",
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value short enough to show in a line, as shown; null when it is not (or is an id). */
function shown(v: unknown): string | null {
  if (v === null || v === undefined) return "none";
  if (typeof v === "object") return null;
  const s = String(v);
  if (uuid.test(s) || s.length > 40) return null;
  return timestamp.test(s) ? formatDate(s) : s;
}

export function describeEntry(e: AuditEntry): string {
  const name = (e.after?.title ?? e.after?.name ?? e.before?.title ?? e.before?.name) as
    | string
    | undefined;
  const thing = `${auditTables[e.table_name] ?? e.table_name}${name ? ` “${name}”` : ""}`;
  if (e.action === "insert") return `${thing} created`;
  if (e.action === "delete") return `${thing} deleted`;
  const changes = (e.changed_columns ?? []).map((c) => {
    const label = columns[c] ?? c.replaceAll("_", " ");
    const [b, a] = [shown(e.before?.[c]), shown(e.after?.[c])];
    return b !== null && a !== null ? `${label}: ${b} → ${a}` : label;
  });
  return `${thing} changed: ${changes.join(", ")}`;
}

/** The prompt an entry is about (a prompt's or one of its versions'), while it may still exist. */
export function promptOf(e: AuditEntry): string | null {
  if (e.table_name === "prompts" && e.action !== "delete") return e.record_id;
  if (e.table_name === "prompt_versions") {
    const id = e.after?.prompt_id ?? e.before?.prompt_id;
    return typeof id === "string" ? id : null;
  }
  return null;
}

/**
 * Who made the change, as the signed-in user `me` reads it: they did, the user whose data it is
 * did (as an admin reads someone else's entries), or an admin did.
 */
export function whoMade(e: AuditEntry, me: string | undefined): string {
  if (e.actor_id === null) {
    if (e.action === "insert" && ["profiles", "user_settings"].includes(e.table_name)) {
      return "sign-up";
    }
    return e.actor_role === "postgres" ? "an admin (Studio or SQL)" : e.actor_role;
  }
  const byKey = e.api_key_id ? " (API key)" : "";
  if (e.actor_id === me) return `you${byKey}`;
  if (e.actor_id === e.subject_user_id) return `the user${byKey}`;
  return "an admin";
}
