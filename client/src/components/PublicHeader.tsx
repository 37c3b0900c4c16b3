import { useLocation } from "preact-iso";
import { signInHref } from "../lib/sign_in_return.ts";

/** The header of the pages anyone may read (the gallery, a shared prompt) when signed out. */
export function PublicHeader() {
  const { url, path } = useLocation();
  return (
    <header class="header">
      <a href="/gallery" class="brand">Promptline</a>
      <nav aria-label="Main">
        <a href="/gallery" aria-current={path === "/gallery" ? "page" : undefined}>Gallery</a>
      </nav>
      <div class="header-user">
        <a class="button primary" href={signInHref(url)}>Sign in</a>
      </div>
    </header>
  );
}
