// End to end, sharing and the community gallery (issue 15) in a browser: the built client served
// by the local gateway, headless Debian Chromium, the real API and the LLM stand-in. User A
// publishes a prompt in a category; a reader who is not signed in finds it in the gallery and
// opens it; that reader signs up as user B, likes it, favorites it, forks it into their own
// library and runs it; A sees the counts; A makes it private and it leaves B's gallery while B's
// fork stays; then unlisted, it opens through its link only, and a rotated link stops working.
// A and B each have a browser context of their own (their own stored session).
// Screenshots go to e2e/screenshots/gallery-*.png.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { newPage, screenshot, signUp, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");

/** User A, the author. */
let author: Page;
/** A reader: signed out at first, then user B. */
let reader: Page;

withBrowser(async (browser) => {
  author = await newPage(browser);
  reader = await newPage(browser);
});

const shot = (page: Page, name: string) => screenshot(page, `gallery-${name}`);

/** Searches the gallery for `text` and returns the titles it lists once answered. */
async function searchGallery(page: Page, text: string): Promise<string[]> {
  const answered = page.waitForResponse((r) =>
    r.url().includes("/gallery?") && new URL(r.url()).searchParams.get("q") === text
  );
  await page.getByLabel("Search the gallery").fill(text);
  await answered;
  await page.locator(".state-loading").waitFor({ state: "detached" });
  return await page.locator(".gallery-card .prompt-title").allTextContents();
}

/** A link of the header's main navigation. */
const mainNav = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

/** A count (likes, uses, forks) as the page shows it. */
const count = (page: Page, name: "likes" | "uses" | "forks") =>
  page.getByTestId(`${name}-count`).first().textContent().then(Number);

describe("sharing and the gallery in a browser", () => {
  const title = `Gallery haiku ${crypto.randomUUID().slice(0, 8)}`;
  const content = "Write a haiku about {{topic}} for {{audience}}.";
  const authorName = `Ada ${crypto.randomUUID().slice(0, 8)}`;
  let promptUrl = "";
  let galleryUrl = "";
  let shareUrl = "";

  it("1. user A writes a prompt and publishes it in a category", async () => {
    await author.goto(clientUrl);
    await signUp(author, `e2e-author-${crypto.randomUUID()}@test.promptline.local`);
    // Readers will see this name as the author, not the email.
    await mainNav(author, "Settings").click();
    await author.getByLabel("Display name").fill(authorName);
    await author.getByRole("form", { name: "Public name" }).getByRole("button", { name: "Save" })
      .click();
    await author.getByRole("form", { name: "Public name" }).getByText("Saved.").waitFor();
    await mainNav(author, "Library").click();
    await author.getByRole("link", { name: "New prompt" }).click();
    await author.getByLabel("Title").fill(title);
    await author.locator("textarea.editor-input").fill(content);
    await author.locator("fieldset.variable-row", { hasText: "topic" }).waitFor();
    await author.getByRole("button", { name: "Create prompt" }).click();
    await author.getByRole("heading", { name: title }).waitFor();
    promptUrl = author.url();
    const promptId = promptUrl.split("/").at(-1) ?? "";
    galleryUrl = `${clientUrl}/gallery/${promptId}`;

    await author.getByRole("tab", { name: "Share" }).click();
    const form = author.getByRole("form", { name: "Sharing settings" });
    await expect(form.getByLabel("Private").isChecked()).resolves.toBe(true);
    await expect(author.getByText("A private prompt has no share link.").count()).resolves.toBe(1);
    // Public needs a category: the form says so before anything is sent.
    await form.getByLabel("Public").check();
    await form.getByRole("button", { name: "Save sharing" }).click();
    await expect(form.getByRole("alert").textContent()).resolves.toMatch(/Choose a category/);
    await form.getByLabel("Category").selectOption("creative");
    await form.getByLabel("Readers see the version history").check();
    await form.getByRole("button", { name: "Save sharing" }).click();
    await form.getByText("Saved.").waitFor();
    shareUrl = (await author.getByTestId("share-link").textContent()) ?? "";
    expect(shareUrl).toMatch(new RegExp(`^${clientUrl}/s/[A-Za-z0-9_-]{16,64}$`));
    await shot(author, "01-author-publishes");
  }, 60_000);

  it("2. signed out, the gallery lists the prompt and its page opens", async () => {
    // The share link opens it too.
    await reader.goto(shareUrl);
    await reader.getByRole("heading", { name: title }).waitFor();
    await reader.goto(`${clientUrl}/gallery`);
    await reader.getByRole("heading", { name: "Gallery" }).waitFor();
    await expect(reader.getByRole("link", { name: "Sign in" }).isVisible()).resolves.toBe(true);
    await reader.getByRole("group", { name: "Categories" }).getByRole("button", {
      name: "Creative",
    }).click();
    await reader.waitForURL(/category=creative/);
    expect(await searchGallery(reader, title)).toContain(title);
    const card = reader.locator(".gallery-card", { hasText: title });
    await expect(card.textContent()).resolves.toContain("Creative");
    await expect(card.textContent()).resolves.toContain(`by ${authorName}`);
    await expect(card.textContent()).resolves.toContain("Write a haiku about {{topic}}");
    await shot(reader, "02-signed-out-gallery");

    await card.getByRole("link", { name: title }).click();
    await reader.getByRole("heading", { name: title }).waitFor();
    expect(reader.url()).toBe(galleryUrl);
    await expect(
      reader.getByRole("region", { name: "Prompt", exact: true }).locator("mark.var")
        .allTextContents(),
    ).resolves.toEqual([
      "{{topic}}",
      "{{audience}}",
    ]);
    // A shares the history: its one version is listed.
    const history = reader.getByRole("region", { name: "Version history" });
    await expect.poll(() => history.locator("summary").allTextContents()).toEqual([
      expect.stringMatching(/^v1 · /),
    ]);
    // Liking and running ask the reader to sign in; nothing fails.
    await reader.getByRole("button", { name: "♡ Like" }).click();
    await reader.getByRole("status").filter({ hasText: "to like this prompt" }).waitFor();
    await expect(reader.getByText("to run this prompt").count()).resolves.toBe(1);
    await shot(reader, "03-signed-out-prompt");
  }, 60_000);

  it("3. user B signs up from there, likes, favorites, forks and runs it", async () => {
    await reader.getByRole("status").filter({ hasText: "to like this prompt" })
      .getByRole("link", { name: "Sign in" }).click();
    await signUp(reader, `e2e-reader-${crypto.randomUUID()}@test.promptline.local`);
    // Back on the prompt, signed in.
    await reader.getByRole("heading", { name: title }).waitFor();
    expect(reader.url()).toBe(galleryUrl);

    await reader.getByRole("button", { name: "♡ Like" }).click();
    await reader.getByRole("button", { name: "♥ Liked" }).waitFor();
    await expect.poll(() => count(reader, "likes")).toBe(1);
    await reader.getByRole("button", { name: "☆ Favorite" }).click();
    await reader.getByRole("button", { name: "★ Favorited" }).waitFor();
    await shot(reader, "04-reader-liked-favorited");

    // Signed in, B's gallery lists it too (until step 5).
    await mainNav(reader, "Gallery").click();
    expect(await searchGallery(reader, title)).toContain(title);
    await reader.getByRole("link", { name: "My favorites" }).click();
    await reader.getByRole("heading", { name: "My favorites" }).waitFor();
    await reader.locator(".gallery-card", { hasText: title }).waitFor();
    await shot(reader, "05-reader-favorites");

    await reader.goto(galleryUrl);
    await reader.getByRole("button", { name: "Fork into my library" }).click();
    await reader.waitForURL(/\/prompts\/[0-9a-f-]{36}$/);
    await reader.getByRole("heading", { name: title }).waitFor();
    expect(reader.url()).not.toBe(promptUrl);
    await expect(reader.locator("textarea.editor-input").inputValue()).resolves.toBe(content);
    await shot(reader, "06-reader-fork");

    await reader.goto(galleryUrl);
    const form = reader.getByRole("form", { name: "Run prompt" });
    await form.locator('[name="topic"]').fill("autumn leaves");
    await form.locator('[name="audience"]').fill("children");
    await form.getByRole("button", { name: "Run" }).click();
    const result = reader.getByRole("region", { name: "Run result" });
    await result.locator(".badge-success").waitFor({ timeout: 30_000 });
    await expect(result.getByTestId("run-output").textContent()).resolves.toMatch(/stand-in/i);
    // The fork and the run are both uses; the page reads its counts again after the run.
    await expect.poll(() => count(reader, "uses")).toBe(2);
    await shot(reader, "07-reader-run");

    // Both pages fit a phone.
    await reader.setViewportSize({ width: 360, height: 780 });
    for (const url of [galleryUrl, `${clientUrl}/gallery`]) {
      await reader.goto(url);
      await reader.locator(".share-counts").first().waitFor();
      await expect(reader.evaluate(() => document.documentElement.scrollWidth - innerWidth))
        .resolves.toBeLessThanOrEqual(0);
    }
    await shot(reader, "07b-gallery-mobile");
    await reader.setViewportSize({ width: 1280, height: 900 });
  }, 90_000);

  it("4. user A sees the likes, the fork and the uses", async () => {
    await author.reload();
    await author.getByRole("form", { name: "Sharing settings" }).waitFor();
    expect(await count(author, "likes")).toBe(1);
    expect(await count(author, "forks")).toBe(1);
    expect(await count(author, "uses")).toBe(2);
    await shot(author, "08-author-counts");
  }, 30_000);

  it("5. A makes it private: it leaves B's gallery, and B's fork stays", async () => {
    const form = author.getByRole("form", { name: "Sharing settings" });
    await form.getByLabel("Private").check();
    await form.getByRole("button", { name: "Save sharing" }).click();
    await form.getByText("Saved.").waitFor();
    await author.getByText("A private prompt has no share link.").waitFor();
    await shot(author, "09-author-private");

    await mainNav(reader, "Gallery").click();
    await reader.getByRole("heading", { name: "Gallery" }).waitFor();
    // Other prompts may match the words; this one is not among them.
    expect(await searchGallery(reader, title)).not.toContain(title);
    await shot(reader, "10-reader-gallery-without-it");
    await reader.goto(galleryUrl);
    await reader.getByRole("heading", { name: "This prompt is not shared" }).waitFor();

    await mainNav(reader, "Library").click();
    await reader.locator(".prompt-item", { hasText: title }).waitFor();
    await shot(reader, "11-reader-fork-remains");
  }, 60_000);

  it(
    "6. unlisted, it opens through its link only (forked, not liked); a rotated link dies",
    async () => {
      const form = author.getByRole("form", { name: "Sharing settings" });
      await form.getByLabel("Unlisted").check();
      await form.getByRole("button", { name: "Save sharing" }).click();
      await form.getByText("Saved.").waitFor();
      const oldLink = (await author.getByTestId("share-link").textContent()) ?? "";
      await author.getByRole("button", { name: "Rotate link" }).click();
      await author.getByRole("dialog").getByRole("button", { name: "Rotate link" }).click();
      await expect.poll(() => author.getByTestId("share-link").textContent()).not.toBe(oldLink);
      const newLink = (await author.getByTestId("share-link").textContent()) ?? "";
      await shot(author, "12-author-unlisted-rotated");

      await reader.goto(newLink);
      await reader.getByRole("heading", { name: title }).waitFor();
      await expect(reader.getByRole("button", { name: "♡ Like" }).count()).resolves.toBe(0);
      await expect(reader.getByRole("button", { name: "Fork into my library" }).isVisible())
        .resolves.toBe(true);
      await shot(reader, "13-reader-unlisted-link");
      for (const dead of [oldLink, `${clientUrl}/s/no-such-link`]) {
        await reader.goto(dead);
        await reader.getByRole("heading", { name: "This prompt is not shared" }).waitFor();
      }
      await mainNav(reader, "Gallery").click();
      expect(await searchGallery(reader, title)).not.toContain(title);
    },
    60_000,
  );
});
