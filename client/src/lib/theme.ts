// The user's theme (Settings: system, light or dark) on the page's root element, where the
// stylesheet reads it (data-theme; none follows the system). It is remembered in this browser,
// so the next visit starts in it before the settings arrive.
import type { Settings } from "./types.ts";

export type Theme = Settings["settings"]["theme"];

const key = "promptline-theme";

interface Root {
  dataset: DOMStringMap;
}
type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Shows the page in `theme` and remembers it here. */
export function applyTheme(
  theme: Theme,
  root: Root = document.documentElement,
  store: Store = localStorage,
): void {
  if (theme === "system") {
    delete root.dataset.theme;
    store.removeItem(key);
  } else {
    root.dataset.theme = theme;
    store.setItem(key, theme);
  }
}

/** At start-up: the theme this browser showed last, until the settings say otherwise. */
export function restoreTheme(
  root: Root = document.documentElement,
  store: Store = localStorage,
): void {
  const theme = store.getItem(key);
  if (theme === "light" || theme === "dark") root.dataset.theme = theme;
}
