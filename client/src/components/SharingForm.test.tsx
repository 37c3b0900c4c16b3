// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PromptSharing } from "../lib/types.ts";
import { SharingForm } from "./SharingForm.tsx";

const patch = vi.hoisted(() => vi.fn());
vi.mock("../lib/session.ts", () => ({ api: { patch } }));

afterEach(() => {
  render(null, document.body);
  patch.mockReset();
});

const privateSharing: PromptSharing = {
  prompt_id: "p1",
  visibility: "private",
  category_id: null,
  show_history: false,
  slug: null,
  likes_count: 0,
  uses_count: 0,
  forks_count: 0,
  published_at: null,
};
const categories = [
  { id: "coding", name: "Coding", description: null },
  { id: "creative", name: "Creative", description: null },
];

function show(onSaved = vi.fn()) {
  render(
    <SharingForm
      promptId="p1"
      sharing={privateSharing}
      categories={categories}
      onSaved={onSaved}
    />,
    document.body,
  );
  return onSaved;
}

const $ = <E extends Element>(selector: string) => document.body.querySelector(selector) as E;
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

function choose(selector: string, value?: string) {
  const el = $<HTMLInputElement | HTMLSelectElement>(selector);
  if (value !== undefined) el.value = value;
  else (el as HTMLInputElement).checked = true;
  act(() => void el.dispatchEvent(new Event("change", { bubbles: true })));
}
const submit = () => act(() => void $("form").dispatchEvent(new Event("submit")));

describe("SharingForm", () => {
  it("offers the three visibilities, the categories and the history flag, as saved", () => {
    show();
    const radios = [...document.body.querySelectorAll<HTMLInputElement>("[name=visibility]")];
    expect(radios.map((r) => [r.value, r.checked])).toEqual([
      ["private", true],
      ["unlisted", false],
      ["public", false],
    ]);
    expect([...$("select").querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Choose…",
      "Coding",
      "Creative",
    ]);
    expect($<HTMLInputElement>("[name=show_history]").checked).toBe(false);
  });

  it("asks for a category before publishing, without calling the API", () => {
    show();
    choose("[value=public]");
    submit();
    expect($("[role=alert]").textContent).toMatch(/Choose a category/);
    expect(patch).not.toHaveBeenCalled();
  });

  it("saves visibility, category and history flag, and hands back the server's answer", async () => {
    const saved = { ...privateSharing, visibility: "public", category_id: "creative", slug: "s" };
    patch.mockResolvedValue(saved);
    const onSaved = show();
    choose("[value=public]");
    choose("[name=category_id]", "creative");
    choose("[name=show_history]");
    submit();
    await settle();
    expect(patch).toHaveBeenCalledWith("/prompts/{id}/sharing", {
      path: { id: "p1" },
      body: { visibility: "public", category_id: "creative", show_history: true },
    });
    expect(onSaved).toHaveBeenCalledWith(saved);
    expect($("[role=status]").textContent).toBe("Saved.");
  });
});
