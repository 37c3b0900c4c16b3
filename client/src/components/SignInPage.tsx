import { useState } from "preact/hooks";
import { authMessage } from "../lib/auth_messages.ts";
import { auth } from "../lib/session.ts";
import { Field } from "./Field.tsx";

type Mode = "sign-in" | "sign-up";

export function SignInPage() {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { error } = mode === "sign-in"
        ? await auth.signInWithPassword({ email, password })
        : await auth.signUp({ email, password });
      if (error) setError(authMessage(error));
    } catch (e) {
      setError(authMessage(e as Error));
    } finally {
      setBusy(false);
    }
  }

  const title = mode === "sign-in" ? "Sign in" : "Create an account";
  return (
    <main class="auth-page">
      <form class="card auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <p class="brand">Promptline</p>
        <h1 id="auth-title">{title}</h1>
        <Field label="Email">
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </Field>
        <Field label="Password">
          <input
            type="password"
            autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
            required
            minLength={6}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        {error && <p class="field-error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Please wait…" : title}
        </button>
        <p class="muted">
          {mode === "sign-in" ? "New here? " : "Have an account? "}
          <button
            type="button"
            class="link"
            onClick={() => {
              setMode(mode === "sign-in" ? "sign-up" : "sign-in");
              setError(null);
            }}
          >
            {mode === "sign-in" ? "Create an account" : "Sign in"}
          </button>
        </p>
        <p class="muted">
          Or <a href="/gallery">browse the public gallery</a> without an account.
        </p>
      </form>
    </main>
  );
}
