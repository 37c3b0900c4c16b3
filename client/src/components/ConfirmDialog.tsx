import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

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
