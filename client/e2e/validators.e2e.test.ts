// End to end, a prompt's output checks (the API's validators) in a browser: the built client
// served by the local gateway, headless Debian Chromium, the real API and the LLM stand-in. A
// user makes a prompt, opens Checks, sees a bad schema refused in the page and a lookahead
// refused by the API at the pattern's input, adds a `contains` check the stand-in's answer fails
// (it echoes the prompt, which never says "banana") and a `max_length` one it passes, and runs
// the prompt: the run result shows the failure. With the failing check switched off the next
// run passes; a rename goes through Edit, and a delete through its confirmation dialog. After
// each step the API is asked what it now holds. Screenshots go to e2e/screenshots/checks-*.png.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiGet as apiGetAs, newPage, screenshot, signUp, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");

let page: Page;

withBrowser(async (browser) => {
  page = await newPage(browser);
});

const shot = (name: string) => screenshot(page, `checks-${name}`);
const apiGet = <T>(path: string) => apiGetAs<T>(page, path);
const tab = (name: string) => page.getByRole("tab", { name, exact: true }).click();

interface Check {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  enabled: boolean;
}
interface RunSummary {
  status: string;
  validation_status: string | null;
}

describe("a prompt's output checks, in a browser", () => {
  const title = `Checked ${crypto.randomUUID().slice(0, 8)}`;
  let promptId = "";
  const checks = async () =>
    (await apiGet<{ items: Check[] }>(`/prompts/${promptId}/validators`)).items;
  const newCheck = () => page.getByRole("form", { name: "New check" });
  const rows = () => page.getByRole("table", { name: "Checks" }).locator("tbody tr");

  /** Runs the prompt from the Run tab and returns its validation results as the page lists them. */
  async function runAndReadChecks(): Promise<string[]> {
    await tab("Run");
    await page.getByRole("form", { name: "Run prompt" }).getByRole("button", { name: "Run" })
      .click();
    const result = page.getByRole("region", { name: "Run result" });
    await result.locator(".badge-success").waitFor({ timeout: 30_000 });
    return await result.getByRole("list", { name: "Validation results" }).locator("li")
      .allTextContents();
  }

  it("1. makes a prompt and finds no checks on it", async () => {
    await signUp(page, `e2e-checks-${crypto.randomUUID()}@test.promptline.local`, clientUrl);
    await page.getByRole("link", { name: "New prompt" }).click();
    await page.getByLabel("Title").fill(title);
    await page.locator("textarea.editor-input").fill("Say hello to the team.");
    await page.getByRole("button", { name: "Create prompt" }).click();
    await page.getByRole("heading", { name: title }).waitFor();
    promptId = page.url().split("/").at(-1) ?? "";

    await tab("Checks");
    await page.getByText("No checks yet").waitFor();
    expect(await checks()).toEqual([]);
  }, 60_000);

  it(
    "2. refuses a bad schema in the page, and shows the API's refusal at the pattern",
    async () => {
      const form = newCheck();
      await form.getByLabel("Check name").fill("Is JSON");
      await form.getByLabel("Type").selectOption("json_schema");
      await form.getByLabel("JSON schema").fill('{"type": "object",}');
      await form.getByRole("button", { name: "Add check" }).click();
      await expect(form.getByRole("alert").textContent()).resolves.toMatch(/^Not valid JSON/);
      await expect(form.getByLabel("JSON schema").getAttribute("aria-invalid")).resolves.toBe(
        "true",
      );
      await shot("01-bad-schema");

      // RegExp parses a lookahead, so only the API (RE2) refuses it, naming config.pattern.
      await form.getByLabel("Check name").fill("Starts politely");
      await form.getByLabel("Type").selectOption("regex");
      await form.getByLabel(/^Pattern/).fill("^(?=Say)");
      await form.getByRole("button", { name: "Add check" }).click();
      const patternField = form.locator("label.field", { hasText: "Pattern" });
      await expect(patternField.getByRole("alert").textContent()).resolves.toMatch(
        /lookahead.*not supported/,
      );
      await shot("02-api-refusal");
      expect(await checks()).toEqual([]);
    },
    30_000,
  );

  it("3. adds a contains check the stand-in fails and a max_length one it passes", async () => {
    const form = newCheck();
    await form.getByLabel("Check name").fill("Mentions bananas");
    await form.getByLabel("Type").selectOption("contains");
    await form.getByLabel("Text the output must contain").fill("banana");
    await form.getByLabel("Case-sensitive").uncheck();
    await form.getByRole("button", { name: "Add check" }).click();
    await expect.poll(() => rows().count()).toBe(1);
    // Added: the form is empty again for the next one.
    await expect(form.getByLabel("Check name").inputValue()).resolves.toBe("");

    await form.getByLabel("Check name").fill("Short enough");
    await form.getByLabel("Type").selectOption("max_length");
    await form.getByLabel("Most characters").fill("2000");
    await form.getByRole("button", { name: "Add check" }).click();
    await expect.poll(() => rows().count()).toBe(2);
    await expect(rows().nth(0).textContent()).resolves.toContain('contains "banana" (any case)');
    await expect(rows().nth(1).textContent()).resolves.toContain("at most 2,000 characters");
    await shot("03-two-checks");

    expect(await checks()).toMatchObject([
      {
        name: "Mentions bananas",
        type: "contains",
        config: { text: "banana", case_sensitive: false },
        enabled: true,
      },
      { name: "Short enough", type: "max_length", config: { max: 2000 }, enabled: true },
    ]);
  }, 30_000);

  it("4. runs the prompt: the run result shows the contains check failed", async () => {
    const results = await runAndReadChecks();
    expect(results).toEqual([
      '✗ Mentions bananas: does not contain "banana"',
      expect.stringMatching(/^✓ Short enough: \d+ characters \(at most 2000\)$/),
    ]);
    await page.getByRole("region", { name: "Run result" }).locator("li.field-error").waitFor();
    await shot("04-run-failed-check");

    const runs = await apiGet<{ items: RunSummary[] }>(`/prompts/${promptId}/runs`);
    expect(runs.items[0]).toMatchObject({ status: "success", validation_status: "failed" });
  }, 60_000);

  it("5. switches the failing check off: the next run passes", async () => {
    await tab("Checks");
    const toggle = page.getByRole("checkbox", { name: "Enabled: Mentions bananas" });
    await toggle.uncheck();
    await expect.poll(async () => (await checks()).map((c) => c.enabled)).toEqual([false, true]);
    // The list is read again from the API, and still shows it off.
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await expect(toggle.isDisabled()).resolves.toBe(false);
    await shot("05-check-off");

    const results = await runAndReadChecks();
    expect(results).toEqual([
      expect.stringMatching(/^✓ Short enough: \d+ characters \(at most 2000\)$/),
    ]);
    const runs = await apiGet<{ items: RunSummary[] }>(`/prompts/${promptId}/runs`);
    expect(runs.items.map((r) => r.validation_status)).toEqual(["passed", "failed"]);
    await shot("06-run-passed");
  }, 60_000);

  it("6. renames a check and changes its limit through Edit", async () => {
    await tab("Checks");
    await page.getByRole("button", { name: "Edit check Short enough" }).click();
    const form = page.getByRole("form", { name: "Edit check" });
    await expect(form.getByLabel("Most characters").inputValue()).resolves.toBe("2000");
    await form.getByLabel("Check name").fill("Under 500 characters");
    await form.getByLabel("Most characters").fill("500");
    await form.getByRole("button", { name: "Save check" }).click();
    await form.waitFor({ state: "detached" });
    // The row shows the API's answer as soon as the form closes.
    await expect(rows().nth(1).textContent()).resolves.toContain("at most 500 characters");
    const [, edited] = await checks();
    expect(edited).toMatchObject({ name: "Under 500 characters", config: { max: 500 } });
  }, 30_000);

  it("7. deletes a check only through its confirmation dialog", async () => {
    const remove = page.getByRole("button", { name: "Delete check Mentions bananas" });
    await remove.click();
    const dialog = page.getByRole("dialog", { name: "Delete the check “Mentions bananas”?" });
    await dialog.waitFor();
    await shot("07-confirm-delete");
    // Cancel keeps it.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await checks()).toHaveLength(2);

    await remove.click();
    await dialog.getByRole("button", { name: "Delete check" }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await expect(rows().first().textContent()).resolves.toContain("Under 500 characters");
    expect((await checks()).map((c) => c.name)).toEqual(["Under 500 characters"]);
    await shot("08-after-delete");
  }, 30_000);
});
