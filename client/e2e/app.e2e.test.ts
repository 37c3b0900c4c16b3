// End to end, as a new user would use Promptline: the built client served by the local gateway,
// headless Debian Chromium, the real API, auth emulator, Postgres, Redis and the LLM stand-in.
// One long journey rather than many small tests: each step needs the state the last one made.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { newPage, screenshot, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");
const apiUrl = `${localEnv("SUPABASE_URL")}/functions/v1/api`;

let page: Page;

withBrowser(async (browser) => {
  page = await newPage(browser, 860);
});

const shot = (name: string) => screenshot(page, name);

async function signUpOrIn(mode: "sign-in" | "sign-up", email: string, password: string) {
  const heading = await page.locator("#auth-title").textContent();
  const wanted = mode === "sign-in" ? "Sign in" : "Create an account";
  if (heading !== wanted) await page.getByRole("button", { name: wanted, exact: true }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.locator("form button[type=submit]").click();
}

describe("Promptline in a browser", () => {
  const email = `e2e-${crypto.randomUUID()}@test.promptline.local`;
  const password = "correct-horse-42";
  const title = `Ethereum developer outreach ${crypto.randomUUID().slice(0, 6)}`;
  const catalogName = `E2E catalog ${crypto.randomUUID().slice(0, 6)}`;
  let promptUrl = "";
  let apiKey = "";

  it("signs up, explains auth errors, and keeps the session across reloads", async () => {
    await page.goto(clientUrl);
    await page.locator("#auth-title").waitFor();
    await shot("01-sign-in");
    await signUpOrIn("sign-up", email, password);
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await signUpOrIn("sign-up", email, password);
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/already exists/);
    await signUpOrIn("sign-in", email, "wrong-password-1");
    await expect(page.getByRole("alert").textContent()).resolves.toBe("Wrong email or password.");
    await signUpOrIn("sign-in", email, password);
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    // First render of the library after a full load (assets, session, catalogs, prompts).
    await page.reload();
    await page.locator(".library-main .state-empty, .library-main .prompt-list").waitFor();
    const firstRender = await page.evaluate(() => performance.now());
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    console.log(
      `library first render: ${firstRender.toFixed(0)} ms after navigation start ` +
        `(DOMContentLoaded ${nav.dcl.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms)`,
    );
    expect(firstRender).toBeLessThan(5_000);
    // Still signed in after the reload, and told that runs go to the stand-in.
    await expect(page.getByRole("button", { name: "Sign out" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("note").textContent()).resolves.toMatch(/stand-in/);
    await shot("02-library-empty");
  }, 60_000);

  it("creates a catalog and a prompt with two variables", async () => {
    await page.getByLabel("New catalog").fill(catalogName);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.locator(".catalog-row.selected", { hasText: catalogName }).waitFor();
    await page.getByRole("link", { name: "New prompt" }).click();

    await page.getByLabel("Title").fill(title);
    await expect(page.getByLabel("Catalog").inputValue()).resolves.not.toBe("");
    await page.locator("textarea.editor-input").fill(
      "Write a message to {{name}}, an Ethereum developer, about {{topic}}.",
    );
    // Both placeholders are highlighted and get a variable definition.
    await expect(page.locator(".editor mark.var").allTextContents()).resolves.toEqual([
      "{{name}}",
      "{{topic}}",
    ]);
    const topic = page.locator("fieldset.variable-row", { hasText: "topic" });
    await topic.getByLabel("Type").selectOption("enum");
    await topic.getByLabel("Options").fill("DeFi, NFTs");
    await topic.getByLabel("Default").fill("DeFi");
    await shot("03-new-prompt");
    await page.getByRole("button", { name: "Create prompt" }).click();
    await page.getByRole("heading", { name: title }).waitFor();
    promptUrl = page.url();
    expect(promptUrl).toMatch(/\/prompts\/[0-9a-f-]{36}$/);
    await expect(page.getByText("v1 of 1").isVisible()).resolves.toBe(true);
  }, 60_000);

  it("saves a second version, diffs it with the first, and restores the first", async () => {
    await page.locator("textarea.editor-input").fill(
      "Write a short, friendly message to {{name}}, an Ethereum developer, about {{topic}}.",
    );
    await page.getByLabel("Change summary").fill("Shorter and friendlier");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.getByText("v2 of 2").waitFor();
    await shot("04-prompt-edit");

    await page.getByRole("tab", { name: "History" }).click();
    await page.locator(".diff ins").first().waitFor();
    await expect(page.locator(".diff ins").allTextContents()).resolves.toContainEqual(
      expect.stringContaining("short"),
    );
    // Words changed inside the one line: that line removed and added, as git counts it.
    await page.locator(".diff-bar").getByText("+1 −1 lines").waitFor();
    await page.getByRole("radio", { name: "Side by side" }).click();
    await page.locator(".diff-sides").waitFor();
    await shot("05-history-diff");

    await page.getByRole("button", { name: "Restore v1" }).click();
    await page.getByText("v3 of 3").waitFor();
    await page.getByText("restored from v1").waitFor();
    await page.getByRole("tab", { name: "Edit" }).click();
    await expect(page.locator("textarea.editor-input").inputValue()).resolves.toBe(
      "Write a message to {{name}}, an Ethereum developer, about {{topic}}.",
    );
  }, 60_000);

  it("tags the prompt", async () => {
    await page.getByRole("form", { name: "Prompt details" }).getByLabel("Tags").fill(
      "web3, outreach",
    );
    await page.getByRole("button", { name: "Save details" }).click();
    await page.locator(".toolbar + .tags .tag", { hasText: "outreach" }).waitFor();
    await expect(page.locator(".toolbar + .tags .tag").allTextContents()).resolves.toEqual([
      "outreach",
      "web3",
    ]);
  }, 30_000);

  it("finds the prompt by a search with typos, with the keyboard", async () => {
    await page.goto(`${clientUrl}/`);
    await page.locator(".prompt-list").waitFor();
    await page.locator("body").press("/");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).resolves
      .toBe("Search prompts");
    await page.keyboard.type("Etherum devloper");
    await page.locator(".search-result", { hasText: title }).waitFor();
    await shot("06-search");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: title }).waitFor();
    expect(page.url()).toBe(promptUrl);
  }, 30_000);

  it("runs it with streamed output and shows the run in the history", async () => {
    await page.getByRole("tab", { name: "Run" }).click();
    const form = page.getByRole("form", { name: "Run prompt" });
    await form.getByRole("button", { name: "Run" }).click();
    // The required variable is checked before anything is sent.
    await expect(form.locator('[name="name"]').locator("xpath=..").getByRole("alert").textContent())
      .resolves.toBe("Required");
    await form.locator('[name="name"]').fill("Vitalik");
    await expect(form.locator('[name="topic"]').inputValue()).resolves.toBe("DeFi");
    await expect(form.getByLabel("Model").locator("option").count()).resolves.toBeGreaterThan(0);

    const streamed = page.waitForResponse((r) =>
      r.url().endsWith("/runs") && r.request().method() === "POST"
    );
    await form.getByRole("button", { name: "Run" }).click();
    const res = await streamed;
    expect(res.headers()["content-type"]).toContain("text/event-stream");
    const result = page.getByRole("region", { name: "Run result" });
    await result.locator(".badge-success").waitFor({ timeout: 30_000 });
    await expect(result.getByTestId("run-output").textContent()).resolves.not.toBe("");
    await expect(result.textContent()).resolves.toMatch(/Latency\s*\d/);
    await expect(result.textContent()).resolves.toMatch(/Cost\$/);
    await page.locator(".runs-table tbody tr").first().waitFor();
    await expect(page.locator(".runs-table tbody tr").count()).resolves.toBe(1);
    await shot("07-run");
  }, 60_000);

  it("reviews an improvement suggestion as a diff and saves it as a version", async () => {
    const improve = page.getByRole("region", { name: "Improve" });
    await improve.getByRole("button", { name: "Suggest improvements" }).click();
    await improve.locator(".diff").waitFor({ timeout: 30_000 });
    await shot("07b-improve");
    await improve.getByRole("button", { name: "Save as new version" }).click();
    await page.getByText("v4 of 4").waitFor();
  }, 60_000);

  it("shows the run on the usage page", async () => {
    await page.getByRole("link", { name: "Usage" }).click();
    await page.getByRole("heading", { name: "Today" }).waitFor();
    const today = page.getByRole("region", { name: "Today" });
    await expect(today.textContent()).resolves.toMatch(/Prompt runs today1/);
    // The period's totals count every model call: the run and the improvement suggestion.
    const period = page.getByRole("region", { name: "Last 14 days" });
    await period.getByText("Model calls", { exact: true }).waitFor();
    await expect(period.textContent()).resolves.toMatch(/Model calls2/);
    await page.locator(".chart canvas").first().waitFor();
    await expect(page.locator(".chart").count()).resolves.toBe(3);
    // The chart of the same calls, a day at a time, says so.
    await page.getByRole("img", { name: "Model calls per day" }).waitFor();
    await shot("08-usage");
  }, 30_000);

  it("creates an API key that works from outside the browser", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("Retention policy").waitFor();
    await page.getByLabel("Key name").fill("e2e script");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
    expect(key).toMatch(/^pl_/);
    await page.locator(".key-item", { hasText: "e2e script" }).waitFor();
    await shot("09-settings");
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("new-api-key").count()).resolves.toBe(0);

    const res = await fetch(`${apiUrl}/prompts`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const body = await res.json() as { items: { title: string }[] };
    expect(body.items.map((p) => p.title)).toEqual([title]);
    apiKey = key;
  }, 30_000);

  it("works at 360 px wide", async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${clientUrl}/`);
    await page.locator(".prompt-list").waitFor();
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - globalThis.innerWidth
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot("10-library-mobile");
    await page.getByRole("link", { name: new RegExp(title) }).click();
    await page.getByRole("heading", { name: title }).waitFor();
    const promptOverflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - globalThis.innerWidth
    );
    expect(promptOverflow).toBeLessThanOrEqual(0);
    await shot("11-prompt-mobile");
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 30_000);

  it("opens a deep link directly (the gateway serves the app for client routes)", async () => {
    await page.goto(promptUrl);
    await page.getByRole("heading", { name: title }).waitFor();
    await page.goto(`${clientUrl}/settings`);
    await page.getByRole("heading", { name: "Settings" }).waitFor();
  }, 30_000);

  it("deletes the catalog after a confirmation that says what goes with it", async () => {
    await page.goto(`${clientUrl}/`);
    await page.getByRole("button", { name: `Delete ${catalogName}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/1 prompt\b/);
    await shot("12-delete-catalog");
    await dialog.getByRole("button", { name: "Delete catalog and 1 prompt" }).click();
    await page.locator(".catalog-row", { hasText: catalogName }).waitFor({ state: "detached" });
    await page.getByText("No prompts here yet.").waitFor();

    const res = await fetch(`${apiUrl}/prompts`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect((await res.json() as { items: unknown[] }).items).toEqual([]);
  }, 30_000);
});
