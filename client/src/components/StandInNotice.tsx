import { health } from "../lib/store.ts";

/** Says plainly when runs go to the local stand-in instead of a real model. */
export function StandInNotice() {
  if (health.value?.checks.llm !== "stand-in") return null;
  return (
    <p class="notice" role="note">
      Runs go to the local LLM stand-in, not a real model: outputs are canned and costs are
      simulated. Add a provider key in Settings to run real models.
    </p>
  );
}
