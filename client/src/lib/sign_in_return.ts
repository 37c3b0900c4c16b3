// Signing in from a page anyone may read (the gallery, a shared prompt) comes back to it.
import { withQuery } from "./api.ts";

/** The sign-in page, coming back to `path` afterwards. */
export const signInHref = (path: string): string => withQuery("/sign-in", { next: path });

/** Where to go after signing in: a path of this site only (never `//host` or another URL). */
export function returnPath(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : "/";
}
