// Where a model call is sent and with whose key, picked among the provider rows prepare_run
// returned (each with its base URL, limits and the caller's encrypted key): the user's own key
// for the model's vendor (or their OpenRouter key), else the project's key from config, else, on
// the local stack only, the deterministic stand-in. The choice is recorded on the run
// (provider_id, key_source). No provider URL lives here: they are rows of public.providers.
import type { Config } from "../../_shared/config.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { ProviderLimits } from "../quota.ts";

export interface ModelRow {
  id: string;
  provider_id: string;
  provider_model_id: string;
  provider_is_standin: boolean;
}

/** A provider the call may go to, as prepare_run returns it. */
export interface ProviderRow {
  id: string;
  base_url: string;
  is_standin: boolean;
  limits: ProviderLimits | null;
  key: { ciphertext: string; iv: string } | null;
}

export type KeySource = "user" | "project" | "standin";

export interface Target {
  providerId: string;
  keySource: KeySource;
  baseUrl: string;
  apiKey: string;
  /** The model name the endpoint expects. */
  model: string;
  /** The provider's per-user limits, if it has any. */
  limits: ProviderLimits | null;
}

/**
 * `userKeys` maps provider id to the caller's decrypted key (only those they stored and that
 * still open).
 */
export function chooseTarget(
  llm: Config["llm"],
  localStack: boolean,
  model: ModelRow,
  providers: readonly ProviderRow[],
  userKeys: ReadonlyMap<string, string>,
): Target {
  const row = (id: string) => providers.find((p) => p.id === id);
  const via = (p: ProviderRow, keySource: KeySource, apiKey: string, name: string): Target => ({
    providerId: p.id,
    keySource,
    baseUrl: p.base_url,
    apiKey,
    model: name,
    limits: p.limits,
  });
  const standin = (): Target | null => {
    const p = providers.find((x) => x.is_standin);
    if (!localStack || !llm.standinUrl || !p) return null;
    // The stack says where its stand-in listens (the row holds the default address).
    return { ...via(p, "standin", "standin-needs-no-key", model.id), baseUrl: llm.standinUrl };
  };

  if (model.provider_is_standin) {
    const s = standin();
    if (s) return s;
    throw unavailable(model.id, "the stand-in model only exists on the local stack");
  }

  const vendor = row(model.provider_id);
  const own = userKeys.get(model.provider_id);
  if (vendor && own) return via(vendor, "user", own, model.provider_model_id);
  const router = row("openrouter");
  const ownRouter = userKeys.get("openrouter");
  if (router && ownRouter) return via(router, "user", ownRouter, model.id);

  if (router && llm.openrouterKey) return via(router, "project", llm.openrouterKey, model.id);
  const openai = row("openai");
  if (openai && llm.openaiKey && model.provider_id === "openai") {
    return via(openai, "project", llm.openaiKey, model.provider_model_id);
  }
  // Any OpenAI-compatible server the deployment names (Ollama, vLLM, LiteLLM…): no row, no limits.
  if (llm.baseUrl && llm.apiKey) {
    return {
      providerId: "custom",
      keySource: "project",
      baseUrl: llm.baseUrl,
      apiKey: llm.apiKey,
      model: model.id,
      limits: null,
    };
  }
  const s = standin();
  if (s) return s;
  throw unavailable(model.id, "no provider key is configured for it; add your own key");
}

function unavailable(model: string, why: string): ApiError {
  return new ApiError(422, "model_unavailable", `model ${model} cannot be run: ${why}`, {
    fields: [{ field: "model", message: why }],
  });
}
