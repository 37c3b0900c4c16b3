// Where a run is sent and with whose key: the user's own key for the model's vendor (or their
// OpenRouter key), else the project's key from config, else, on the local stack only, the
// deterministic stand-in. The choice is recorded on the run (provider_id, key_source).
import type { Config } from "../../_shared/config.ts";
import { ApiError } from "../../_shared/errors.ts";

export interface ModelRow {
  id: string;
  provider_id: string;
  provider_model_id: string;
  provider_base_url: string;
  provider_is_standin: boolean;
}

export type KeySource = "user" | "project" | "standin";

export interface Target {
  providerId: string;
  keySource: KeySource;
  baseUrl: string;
  apiKey: string;
  /** The model name the endpoint expects. */
  model: string;
}

const OPENROUTER_URL = "https://openrouter.ai/api/v1";
const OPENAI_URL = "https://api.openai.com/v1";

/** `userKeys` maps provider id to the caller's decrypted key (only those they stored). */
export function chooseTarget(
  llm: Config["llm"],
  localStack: boolean,
  model: ModelRow,
  userKeys: ReadonlyMap<string, string>,
): Target {
  const standin = (): Target | null =>
    localStack && llm.standinUrl
      ? {
        providerId: "standin",
        keySource: "standin",
        baseUrl: llm.standinUrl,
        apiKey: "standin-needs-no-key",
        model: model.id,
      }
      : null;

  if (model.provider_is_standin) {
    const s = standin();
    if (s) return s;
    throw unavailable(model.id, "the stand-in model only exists on the local stack");
  }

  const own = userKeys.get(model.provider_id);
  if (own) {
    return {
      providerId: model.provider_id,
      keySource: "user",
      baseUrl: model.provider_base_url,
      apiKey: own,
      model: model.provider_model_id,
    };
  }
  const ownRouter = userKeys.get("openrouter");
  if (ownRouter) {
    return {
      providerId: "openrouter",
      keySource: "user",
      baseUrl: OPENROUTER_URL,
      apiKey: ownRouter,
      model: model.id,
    };
  }

  if (llm.openrouterKey) {
    return {
      providerId: "openrouter",
      keySource: "project",
      baseUrl: OPENROUTER_URL,
      apiKey: llm.openrouterKey,
      model: model.id,
    };
  }
  if (llm.openaiKey && model.provider_id === "openai") {
    return {
      providerId: "openai",
      keySource: "project",
      baseUrl: OPENAI_URL,
      apiKey: llm.openaiKey,
      model: model.provider_model_id,
    };
  }
  if (llm.baseUrl && llm.apiKey) {
    return {
      providerId: "custom",
      keySource: "project",
      baseUrl: llm.baseUrl,
      apiKey: llm.apiKey,
      model: model.id,
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
