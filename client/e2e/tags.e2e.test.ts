// End to end, a library's tags in a browser (the built client served by the local gateway,
// headless Debian Chromium, the real API): the sidebar lists each tag with its prompt count; a
// tag filters the library; renaming one renames it on every prompt, and a name already taken is
// refused where it was typed; deleting one asks first, takes it off its prompts and keeps the
// prompts. A catalog is renamed in place the same way. Screenshots go to
// e2e/screenshots/tags-*.png.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { accessToken, apiGet, newPage, screenshot, signUp, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");
const apiUrl = `${localEnv("SUPABASE_URL")}/functions/v1/api`;

let page: Page;

withBrowser(async (browser) => {
  page = await newPage(browser);
});

const shot = (name: string) => screenshot(page, `tags-${name}`);

interface PromptItem {
  title: string;
  tags: string[];
}
const library = async () =>
  (await apiGet<{ items: PromptItem[] }>(page, "/prompts?limit=100")).items
    .map((p) => [p.title, [...p.tags].sort()] as const)
    .sort((a, b) => a[0].localeCompare(b[0]));

describe("tags in the library", () => {
  it("lists the tags with their counts, and a tag filters the library", async () => {
    await signUp(page, `e2e-tags-${crypto.randomUUID()}@test.promptline.local`, clientUrl);
    for (
      const [title, tags] of [["Autumn haiku", ["poetry", "draft"]], ["Sonnet", [
        "poetry",
      ]]] as const
    ) {
      const res = await fetch(`${apiUrl}/prompts`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await accessToken(page)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ title, content: "Write it.", tags }),
      });
      expect(res.status).toBe(201);
    }
    await page.reload();
    const tags = page.getByRole("region", { name: "Tags" });
    await tags.getByRole("link", { name: /poetry/ }).waitFor();
    await expect(tags.getByRole("link", { name: /poetry/ }).textContent()).resolves.toBe("poetry2");
    await expect(tags.getByRole("link", { name: /draft/ }).textContent()).resolves.toBe("draft1");

    await tags.getByRole("link", { name: /draft/ }).click();
    await page.waitForURL(/\?tag=draft$/);
    const items = page.locator(".prompt-list > li");
    await expect.poll(() => items.count()).toBe(1);
    await expect(items.first().textContent()).resolves.toContain("Autumn haiku");
    await shot("01-filtered");
  }, 60_000);

  it("renames a tag on every prompt, and refuses a name already taken", async () => {
    const tags = page.getByRole("region", { name: "Tags" });
    await tags.getByRole("button", { name: "Rename tag poetry" }).click();
    const name = tags.getByLabel("New name for poetry");
    await name.fill("draft");
    await tags.getByRole("button", { name: "Save" }).click();
    await tags.getByRole("alert").waitFor();
    await name.fill("verse");
    await tags.getByRole("button", { name: "Save" }).click();
    await tags.getByRole("link", { name: /verse/ }).waitFor();
    await expect(library()).resolves.toEqual([
      ["Autumn haiku", ["draft", "verse"]],
      ["Sonnet", ["verse"]],
    ]);
  }, 30_000);

  it("deletes a tag after asking: it comes off its prompts, which stay", async () => {
    const tags = page.getByRole("region", { name: "Tags" });
    await tags.getByRole("button", { name: "Delete tag verse" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete the tag “verse”?" });
    await expect(dialog.textContent()).resolves.toContain(
      "It comes off 2 prompts; the prompts stay.",
    );
    await shot("02-delete");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(library()).resolves.toEqual([
      ["Autumn haiku", ["draft", "verse"]],
      ["Sonnet", ["verse"]],
    ]);
    await tags.getByRole("button", { name: "Delete tag verse" }).click();
    await dialog.getByRole("button", { name: "Delete tag" }).click();
    await tags.getByRole("link", { name: /verse/ }).waitFor({ state: "detached" });
    await expect(library()).resolves.toEqual([["Autumn haiku", ["draft"]], ["Sonnet", []]]);
  }, 30_000);

  it("renames a catalog in place, and refuses a name already taken", async () => {
    const sidebar = page.getByRole("complementary", { name: "Catalogs" });
    for (const name of ["Poems", "Letters"]) {
      await sidebar.getByRole("textbox", { name: "New catalog" }).fill(name);
      await sidebar.getByRole("button", { name: "Create" }).click();
      await sidebar.getByRole("link", { name: new RegExp(`^${name}`) }).waitFor();
    }
    await sidebar.getByRole("button", { name: "Rename Poems" }).click();
    const name = sidebar.getByLabel("New name for Poems");
    await name.fill("Letters");
    await sidebar.getByRole("button", { name: "Save" }).click();
    await sidebar.getByRole("alert").waitFor();
    await name.fill("Verse");
    await sidebar.getByRole("button", { name: "Save" }).click();
    await sidebar.getByRole("link", { name: /^Verse/ }).waitFor();
    const catalogs = await apiGet<{ items: { name: string }[] }>(page, "/catalogs");
    expect(catalogs.items.map((c) => c.name).sort()).toEqual(["Letters", "Verse"]);
  }, 30_000);
});
