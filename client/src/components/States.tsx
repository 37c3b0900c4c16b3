import type { ComponentChildren } from "preact";
import { errorMessage } from "../lib/api.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return <p class="state state-loading" role="status" aria-live="polite">{label}</p>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state state-empty">{children}</div>;
}

export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <span>{errorMessage(error)}</span>
      {retry && <button type="button" class="link" onClick={retry}>Try again</button>}
    </div>
  );
}
