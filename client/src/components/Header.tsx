import { useLocation } from "preact-iso";
import { isAdmin } from "../lib/role.ts";
import { session, signOut } from "../lib/session.ts";
import { SearchBox } from "./SearchBox.tsx";

const links = [
  { href: "/", label: "Library" },
  { href: "/builder", label: "Builder" },
  { href: "/gallery", label: "Gallery" },
  { href: "/workflows", label: "Workflows" },
  { href: "/runs", label: "Runs" },
  { href: "/usage", label: "Usage" },
  { href: "/activity", label: "Activity" },
  { href: "/settings", label: "Settings" },
];

export function Header() {
  const { path } = useLocation();
  const current = (href: string) =>
    href === "/" ? path === "/" || path.startsWith("/prompts") : path.startsWith(href);
  return (
    <header class="header">
      <a href="/" class="brand">Promptline</a>
      <nav aria-label="Main">
        {[...links, ...(isAdmin.value ? [{ href: "/admin", label: "Admin" }] : [])].map((l) => (
          <a key={l.href} href={l.href} aria-current={current(l.href) ? "page" : undefined}>
            {l.label}
          </a>
        ))}
      </nav>
      <SearchBox />
      <div class="header-user">
        <span class="muted user-email">{session.value?.user.email}</span>
        <button type="button" onClick={() => void signOut()}>Sign out</button>
      </div>
    </header>
  );
}
