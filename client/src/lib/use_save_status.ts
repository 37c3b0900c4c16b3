import { useState } from "preact/hooks";
import { errorMessage } from "./api.ts";

/**
 * What a settings control shows after a save: "Saved." when it worked, or why it failed (the
 * API's message, naming the field), and nothing while the next save is on its way.
 */
export function useSaveStatus() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(
    null,
  );
  return {
    error: message && !message.ok ? message.text : null,
    saved: message?.ok ? message.text : null,
    async save(write: () => Promise<unknown>) {
      setMessage(null);
      try {
        await write();
        setMessage({ ok: true, text: "Saved." });
      } catch (e) {
        setMessage({ ok: false, text: errorMessage(e) });
      }
    },
  };
}
