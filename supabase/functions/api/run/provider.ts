// Where a model call goes is chosen in SQL (private.choose_provider, in start_run): a provider
// row with its base URL and limits, and whose key pays. Here that choice becomes an endpoint and
// a key: the user's own key is opened (it is stored encrypted), the deployment's keys come from
// its configuration, and the stand-in is reached where the local stack runs it. No provider URL
// lives here: they are rows of public.providers (or, for a custom server, configuration).
import type { Config } from "../../_shared/config.ts";
import { openSecret } from "../../_shared/secret_box.ts";
import { providerKeyAad } from "../provider_key_store.ts";
import type { KeySource } from "../contract.ts";
import type { ProviderLimits } from "../quota.ts";

/** The provider row start_run chose, as private.choose_provider returns it. */
export interface ChosenProvider {
  id: string;
  base_url: string | null;
  is_standin: boolean;
  limits: ProviderLimits | null;
  /** The caller's encrypted key, when they pay with their own. */
  key: { ciphertext: string; iv: string } | null;
  key_source: KeySource;
  /** The model name the endpoint expects. */
  model: string;
}

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

/** The deployment's own keys, by provider, as choose_provider knows them (names, not values). */
export function projectKeys(llm: Config["llm"]): string[] {
  return [
    ...(llm.openrouterKey ? ["openrouter"] : []),
    ...(llm.openaiKey ? ["openai"] : []),
    ...(llm.baseUrl && llm.apiKey ? ["custom"] : []),
  ];
}

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

/**
 * The endpoint and key of the chosen provider, or why it cannot be reached (a stored key that
 * no longer opens: the server's secret changed). The run is recorded either way.
 */
export async function targetFor(
  config: Pick<Config, "llm" | "providerKeySecret">,
  userId: string,
  chosen: ChosenProvider,
): Promise<Target | { unusable: string }> {
  const { llm } = config;
  const base = { providerId: chosen.id, keySource: chosen.key_source, model: chosen.model };
  switch (chosen.key_source) {
    case "user": {
      if (!chosen.key || !config.providerKeySecret || !chosen.base_url) {
        return { unusable: `your key for ${chosen.id} is not available` };
      }
      try {
        const apiKey = await openSecret(
          config.providerKeySecret,
          { ciphertext: fromBase64(chosen.key.ciphertext), iv: fromBase64(chosen.key.iv) },
          providerKeyAad(userId, chosen.id),
        );
        return { ...base, baseUrl: chosen.base_url, apiKey, limits: chosen.limits };
      } catch {
        return {
          unusable: `your stored key for ${chosen.id} can no longer be opened (the server's ` +
            "encryption secret changed): store it again in Settings",
        };
      }
    }
    case "project": {
      const project = chosen.id === "custom" ? { baseUrl: llm.baseUrl, apiKey: llm.apiKey } : {
        baseUrl: chosen.base_url ?? undefined,
        apiKey: chosen.id === "openrouter" ? llm.openrouterKey : llm.openaiKey,
      };
      if (!project.baseUrl || !project.apiKey) {
        return { unusable: `the deployment has no key for ${chosen.id}` };
      }
      return { ...base, baseUrl: project.baseUrl, apiKey: project.apiKey, limits: chosen.limits };
    }
    case "standin": {
      // The stack says where its stand-in listens (the row holds the default address).
      const baseUrl = llm.standinUrl ?? chosen.base_url;
      if (!baseUrl) return { unusable: "the stand-in has no address" };
      return { ...base, baseUrl, apiKey: "standin-needs-no-key", limits: chosen.limits };
    }
  }
}
