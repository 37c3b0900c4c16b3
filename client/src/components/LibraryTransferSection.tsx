import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { exportFileName, importSummary, importType } from "../lib/library_transfer.ts";
import { saveBlob } from "../lib/download.ts";
import { api } from "../lib/session.ts";
import { FormMessage, type FormMessageState } from "./FormMessage.tsx";

/**
 * The whole library out as one JSON document (GET /export, streamed by the API), and a document
 * or a CSV in (POST /import, one transaction: all of it or nothing). Importing the same file again
 * adds nothing: a prompt whose title its catalog already has is skipped.
 */
export function LibraryTransferSection() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<"export" | "import" | null>(null);
  const [message, setMessage] = useState<FormMessageState | null>(null);

  async function download() {
    setBusy("export");
    setMessage(null);
    try {
      saveBlob(await (await api.send("get", "/export")).blob(), exportFileName(new Date()));
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return;
    setBusy("import");
    setMessage(null);
    try {
      setMessage({
        ok: true,
        text: importSummary(await api.upload("/import", file, importType(file))),
      });
    } catch (x) {
      setMessage({ ok: false, text: errorMessage(x) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card stack" aria-labelledby="library-transfer-title">
      <h2 id="library-transfer-title">Import and export</h2>
      <p class="muted">
        Download your whole library (catalogs, prompts with every version, tags) as one JSON file,
        or load one, or a CSV with the awesome-chatgpt-prompts columns (act, prompt). Up to 10,000
        prompts and 25 MB at a time; a prompt whose catalog already has its title is skipped.
      </p>
      <div class="actions">
        <button type="button" onClick={download} disabled={busy !== null}>
          {busy === "export" ? "Preparing…" : "Download library"}
        </button>
      </div>
      <form class="inline-form" onSubmit={upload} aria-label="Import prompts">
        <label class="field">
          <span class="field-label">File to import</span>
          <input
            type="file"
            accept=".json,.csv,application/json,text/csv"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" disabled={!file || busy !== null}>
          {busy === "import" ? "Importing…" : "Import"}
        </button>
      </form>
      <FormMessage message={message} />
    </section>
  );
}
