/** What a form says after saving: "Saved." as a status, or the error as an alert. */
export interface FormMessageState {
  ok: boolean;
  text: string;
}

export function FormMessage({ message }: { message: FormMessageState | null }) {
  if (!message) return null;
  return (
    <span class={message.ok ? "ok" : "field-error"} role={message.ok ? "status" : "alert"}>
      {message.text}
    </span>
  );
}
