// The API's resources as the client reads them. Fields the client does not need are left out;
// optional ones are those a route may omit.
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Catalog {
  id: string;
  name: string;
  description: string | null;
  prompt_count: number;
  updated_at: string;
}

export type PromptStatus = "draft" | "published" | "archived";
export const promptStatuses: PromptStatus[] = ["draft", "published", "archived"];

export type VariableType = "string" | "number" | "boolean" | "enum";
export const variableTypes: VariableType[] = ["string", "number", "boolean", "enum"];

export interface PromptVariable {
  name: string;
  type: VariableType;
  required?: boolean;
  default?: string | number | boolean | null;
  options?: string[] | null;
  description?: string;
}

export interface ModelConfig {
  model?: string;
  temperature?: number;
  max_tokens?: number;
}

export interface Version {
  id: string;
  version_number: number;
  title?: string;
  content: string;
  summary: string | null;
  variables: PromptVariable[];
  model_config: ModelConfig;
  source: "manual" | "restore" | "improve" | "import";
  restored_from_version?: number | null;
  created_at: string;
}

/** A version in the history list: its content only previewed. */
export interface VersionListItem extends Omit<Version, "content"> {
  content_preview: string;
  content_chars: number;
  is_current: boolean;
}

export interface VersionDiff {
  changed: ("content" | "variables" | "model_config")[];
  lines: unknown[];
  words: unknown[];
  variables: unknown[];
  model_config: unknown[];
  approximate: boolean;
}

/** Tags come as objects from most routes; some lists may give bare names. */
export type TagRef = { id?: string; name: string } | string;
export const tagName = (t: TagRef) => (typeof t === "string" ? t : t.name);

export interface PromptSummary {
  id: string;
  title: string;
  description: string | null;
  status: PromptStatus;
  catalog_id: string | null;
  tags: TagRef[];
  current_version_number?: number | null;
  last_run_status?: RunStatus | null;
  updated_at: string;
}

export interface PromptDetail extends PromptSummary {
  catalog: { id: string; name: string } | null;
  version_count: number;
  current_version: Version | null;
  last_run: Run | null;
}

export interface Tag {
  id: string;
  name: string;
  prompt_count?: number;
}

export interface SearchResult {
  id: string;
  title: string;
  catalog_id: string | null;
  rank: number;
  /** HTML: escaped by the server except for <mark> highlights. */
  snippet: string | null;
  updated_at: string;
}

export type RunStatus = "pending" | "running" | "success" | "error" | "timeout" | "cancelled";

export interface Run {
  id: string;
  prompt_id?: string;
  version_id?: string | null;
  model: string;
  provider_id?: string | null;
  key_source?: string | null;
  status: RunStatus;
  variables?: Record<string, unknown>;
  resolved_prompt?: string | null;
  output?: unknown;
  output_preview?: string | null;
  token_usage?: Record<string, unknown> | null;
  latency_ms?: number | null;
  cost_usd?: number | string | null;
  standin?: boolean;
  temperature?: number | null;
  validation_status?: string | null;
  validation_results?: unknown[] | null;
  attempts?: number;
  error_message?: string | null;
  created_at: string;
  completed_at?: string | null;
}

export interface Model {
  id: string;
  display_name: string;
  tier: "top" | "mid" | "low";
  provider: { id: string; name: string; is_standin: boolean };
  prices: { currency: "USD"; input_per_1k: number; output_per_1k: number };
  capabilities: { streaming: boolean; structured_output: boolean; tools: boolean };
}

export interface Provider {
  id: string;
  name: string;
  is_standin: boolean;
  has_key: boolean;
}

export interface ProviderKey {
  provider: string;
  last4: string;
  created_at: string;
  updated_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  expires_at?: string | null;
  created_at: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
  /** Only in the answer to POST /api-keys: the whole key, shown once. */
  key?: string;
}

export type RetentionPolicy = "fourteen_days" | "thirty_days" | "always";

export interface Settings {
  settings: { retention_policy: RetentionPolicy; default_model: string | null };
  profile: { display_name: string | null; plan: string; role: string };
}

export interface Health {
  status: "ok" | "degraded";
  checks: { db: string; redis: string; llm: string };
}

export interface ImproveSuggestion {
  content: string;
  summary?: string | null;
  notes?: string | string[] | null;
  suggestions?: string[] | null;
  [k: string]: unknown;
}
