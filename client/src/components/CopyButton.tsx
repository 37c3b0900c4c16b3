import { useState } from "preact/hooks";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <>
      <button type="button" onClick={copy}>{label}</button>
      {copied === true && <span class="ok" role="status">Copied</span>}
      {copied === false && (
        <span class="field-error" role="alert">Copy failed: select the key and copy it</span>
      )}
    </>
  );
}
