import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";

/** A modal question (native <dialog>: focus stays inside, Escape cancels). */
export function ConfirmDialog(
  { title, children, confirmLabel, onConfirm, onCancel, busy, danger }: {
    title: string;
    children: ComponentChildren;
    confirmLabel: string;
    onConfirm: () => void;
    onCancel: () => void;
    busy?: boolean;
    danger?: boolean;
  },
) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div>{children}</div>
      <div class="actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button
          type="button"
          class={danger ? "danger" : "primary"}
          disabled={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * A button for a destructive action that asks first (seed 000: explicit confirmation before any
 * destructive operation): the action runs only from the dialog, and a failure stays in it.
 */
export function ConfirmButton(
  { label, ariaLabel, title, confirmLabel, children, action, buttonClass = "danger subtle" }: {
    label: string;
    ariaLabel?: string;
    /** The button's look: a subtle danger button, or an icon in a list row. */
    buttonClass?: string;
    title: string;
    confirmLabel: string;
    children: ComponentChildren;
    action: () => Promise<void>;
  },
) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await action();
      setOpen(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        class={buttonClass}
        aria-label={ariaLabel}
        title={ariaLabel}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      {open && (
        <ConfirmDialog
          title={title}
          confirmLabel={confirmLabel}
          danger
          busy={busy}
          onConfirm={confirm}
          onCancel={() => {
            setOpen(false);
            setError(null);
          }}
        >
          {children}
          {error && <p class="field-error" role="alert">{error}</p>}
        </ConfirmDialog>
      )}
    </>
  );
}
