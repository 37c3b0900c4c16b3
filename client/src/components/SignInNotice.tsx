import { useLocation } from "preact-iso";
import { signInHref } from "../lib/sign_in_return.ts";

/** Asks a signed-out reader to sign in for `action`, and brings them back here afterwards. */
export function SignInNotice({ action }: { action: string }) {
  const { url } = useLocation();
  return (
    <p class="notice" role="status">
      <a href={signInHref(url)}>Sign in</a> to {action}.
    </p>
  );
}
