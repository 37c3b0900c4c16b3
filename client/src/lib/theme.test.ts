import { describe, expect, it } from "vitest";
import { applyTheme, restoreTheme } from "./theme.ts";

function page() {
  const items = new Map<string, string>();
  const store = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
  return { root: { dataset: {} as DOMStringMap }, store, items };
}

describe("theme", () => {
  it("sets a chosen theme on the root and remembers it; system clears both", () => {
    const { root, store, items } = page();
    applyTheme("dark", root, store);
    expect(root.dataset.theme).toBe("dark");
    expect(items.get("promptline-theme")).toBe("dark");
    applyTheme("system", root, store);
    expect(root.dataset.theme).toBeUndefined();
    expect(items.size).toBe(0);
  });

  it("starts the next visit in the remembered theme, and ignores anything else stored", () => {
    const next = page();
    next.items.set("promptline-theme", "light");
    restoreTheme(next.root, next.store);
    expect(next.root.dataset.theme).toBe("light");
    const odd = page();
    odd.items.set("promptline-theme", "neon");
    restoreTheme(odd.root, odd.store);
    expect(odd.root.dataset.theme).toBeUndefined();
  });
});
