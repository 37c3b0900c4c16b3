// End to end, a prompt in production (issue 19) in a browser: the built client served by the
// local gateway, headless Debian Chromium, the real API and the LLM stand-in. A user creates a
// prompt with a name, makes two versions, points production at v1, moves it to v2 and rolls it
// back, copies the openai-client snippet and runs it from this test (Node) with the real
// `openai` client and an API key made in the UI (scoped to the prompt); the run is recorded with
// label production and version 1. Then a chat version, Cancel on a slow run, and a budget: the
// alert banner, the spend bar and a run refused with 402 budget_exceeded.
// Screenshots go to e2e/screenshots/labels-*.png.
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { accessToken, apiGet as apiGetAs, newPage, screenshot, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");
const apiUrl = `${localEnv("SUPABASE_URL")}/functions/v1/api`;

let page: Page;

withBrowser(async (browser) => {
  page = await newPage(browser);
  // The Copy buttons write to the clipboard; the test reads it back.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: clientUrl,
  });
});

const shot = (name: string) => screenshot(page, `labels-${name}`);

const apiGet = <T>(path: string) => apiGetAs<T>(page, path);

const tab = (name: string) => page.getByRole("tab", { name }).click();
const labelItem = (label: string) => page.locator(`.key-item[data-label="${label}"]`);

/** The Edit tab's content editor: saves its text as a new version and waits for it. */
async function saveVersion(content: string, versionCount: number) {
  await tab("Edit");
  await page.getByRole("radio", { name: "Text" }).click();
  await page.locator("textarea.editor-input").fill(content);
  await page.getByRole("button", { name: "Save as new version" }).click();
  await page.getByText(`v${versionCount} of ${versionCount}`).waitFor();
}

describe("a prompt in production, in a browser", () => {
  const suffix = crypto.randomUUID().slice(0, 8);
  const name = `greeter-${suffix}`;
  const title = `Greeter ${suffix}`;
  let promptId = "";
  let snippet = "";
  let apiKey = "";

  it("1. creates a prompt with a name and saves a second version", async () => {
    await page.goto(clientUrl);
    await page.locator("#auth-title").waitFor();
    await page.getByRole("button", { name: "Create an account", exact: true }).click();
    await page.getByLabel("Email").fill(`e2e-labels-${crypto.randomUUID()}@test.promptline.local`);
    await page.getByLabel("Password").fill("correct-horse-42");
    await page.locator("form button[type=submit]").click();
    await page.getByRole("link", { name: "New prompt" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel(/^Name/).fill(name);
    await page.locator("textarea.editor-input").fill("Greet {{who}} warmly.");
    await page.locator("fieldset.variable-row", { hasText: "who" }).waitFor();
    await page.getByRole("button", { name: "Create prompt" }).click();
    await page.getByRole("heading", { name: title }).waitFor();
    promptId = page.url().split("/").at(-1) ?? "";
    await expect(page.locator(".toolbar code").textContent()).resolves.toBe(name);

    // A name another of the user's prompts has is refused, and said so at the field.
    const other = await fetch(`${apiUrl}/prompts`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await accessToken(page)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ title: "Other", name: `${name}-other`, content: "Hi" }),
    });
    expect(other.status).toBe(201);
    const details = page.getByRole("form", { name: "Prompt details" });
    await details.getByLabel(/^Name/).fill(`${name}-other`);
    await details.getByRole("button", { name: "Save details" }).click();
    await details.getByText("Another of your prompts has this name").waitFor();
    await details.getByLabel(/^Name/).fill(name);

    await saveVersion("Greet {{who}} warmly, in one short sentence.", 2);
  }, 60_000);

  it(
    "2. points production at v1, moves it to v2, rolls it back; makes and deletes staging; all in the history",
    async () => {
      await tab("Labels & API");
      const form = page.getByRole("form", { name: "Move a label" });
      await form.getByLabel("Label").fill("production");
      await form.getByLabel("Version").selectOption("1");
      await form.getByRole("button", { name: "Move label" }).click();
      await labelItem("production").getByText("→ v1").waitFor();
      // The snippets follow production as soon as it exists.
      await expect(page.getByLabel("Snippet label").inputValue()).resolves.toBe("production");

      await form.getByLabel("Version").selectOption("2");
      await form.getByRole("button", { name: "Move label" }).click();
      await labelItem("production").getByText("→ v2").waitFor();
      // The history is fetched after the label list, so it is polled until it catches up.
      const moves = page.getByRole("list", { name: "Label moves" }).locator("li");
      await expect.poll(() => moves.allTextContents()).toEqual([
        expect.stringMatching(/^production v1 → v2/),
        expect.stringMatching(/^production set to v1/),
      ]);
      await shot("01-production-at-v2");

      await page.getByRole("button", { name: "Roll back production to v1" }).click();
      await labelItem("production").getByText("→ v1").waitFor();
      await expect.poll(() => moves.allTextContents()).toEqual([
        expect.stringMatching(/^production v2 → v1/),
        expect.stringMatching(/^production v1 → v2/),
        expect.stringMatching(/^production set to v1/),
      ]);
      // Any other label can be made, and deleted; the deletion is in the history too.
      await form.getByLabel("Label").fill("staging");
      await form.getByRole("button", { name: "Move label" }).click();
      await labelItem("staging").getByText("→ v2").waitFor();
      // Deleting asks first: Cancel keeps the label, the dialog's Delete label removes it.
      await page.getByRole("button", { name: "Delete label staging" }).click();
      const confirm = page.getByRole("dialog", { name: "Delete the label staging?" });
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await confirm.waitFor({ state: "detached" });
      await labelItem("staging").getByText("→ v2").waitFor();
      await page.getByRole("button", { name: "Delete label staging" }).click();
      await confirm.getByRole("button", { name: "Delete label" }).click();
      await labelItem("staging").waitFor({ state: "detached" });
      await expect.poll(() => moves.first().textContent()).toMatch(/^staging deleted \(was v2\)/);

      // The version history shows where the label points.
      await tab("History");
      await page.locator(".version-item", { hasText: "v1" }).getByText("production").waitFor();
      await tab("Labels & API");
      await labelItem("production").waitFor();
      await shot("02-rolled-back");
    },
    60_000,
  );

  it("3. copies the openai-client snippet", async () => {
    const copy = page.getByRole("button", { name: "Copy Run with the openai client (JavaScript)" });
    await copy.click();
    await page.getByRole("status").filter({ hasText: "Copied" }).waitFor();
    snippet = await page.evaluate(() => navigator.clipboard.readText());
    const shown = await page.locator("figure", { hasText: "openai client" }).locator("pre")
      .textContent();
    expect(snippet).toBe(shown);
    expect(snippet).toContain(`model: "prompt:${name}@production"`);
    expect(snippet).toContain(`baseURL: "${apiUrl}/v1"`);
    await shot("03-snippets");

    // The tab fits a phone: long code scrolls in its own box.
    await page.setViewportSize({ width: 360, height: 780 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).resolves
      .toBeLessThanOrEqual(0);
    await shot("03b-labels-mobile");
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 30_000);

  it("4. makes an API key scoped to this prompt in Settings", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    const form = page.getByRole("form", { name: "New API key" });
    await form.getByLabel("Key name").fill("greeter app");
    await expect(form.getByRole("checkbox", { name: "admin", exact: true }).count()).resolves.toBe(
      0,
    );
    await form.getByRole("checkbox", { name: "write", exact: true }).uncheck();
    await form.getByRole("checkbox", { name: "Only some prompts" }).check();
    await form.getByLabel("Prompts the key reaches").selectOption({ label: title });
    await form.getByRole("button", { name: "Create key" }).click();
    apiKey = (await page.getByTestId("new-api-key").textContent()) ?? "";
    expect(apiKey).toMatch(/^pl_/);
    await expect(
      page.locator(".key-item", { hasText: "greeter app" }).getByTestId("key-scopes").textContent(),
    ).resolves.toBe("read, run · 1 prompt(s) only");
    await shot("04-scoped-key");
  }, 30_000);

  it("5. runs the snippet's prompt with the openai client: production resolves to v1", async () => {
    const baseURL = /baseURL: "([^"]+)"/.exec(snippet)?.[1] ?? "";
    const model = /model: "([^"]+)"/.exec(snippet)?.[1] ?? "";
    const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
    // Promptline's variables ride in the body, as the snippet shows (the client's types do not
    // know the field).
    const params = { model, messages: [], variables: { who: "Ann" } };
    const completion = await client.chat.completions.create(
      params as OpenAI.ChatCompletionCreateParamsNonStreaming,
    );
    expect(completion.choices[0]?.message.content).toMatch(/^Stand-in reply/);

    const runId = completion.id.replace(/^chatcmpl-/, "");
    const run = await apiGet<{ label: string | null; version_id: string | null; status: string }>(
      `/runs/${runId}`,
    );
    const versions = await apiGet<{ items: { id: string; version_number: number }[] }>(
      `/prompts/${promptId}/versions`,
    );
    const v1 = versions.items.find((v) => v.version_number === 1);
    expect(run).toMatchObject({ status: "success", label: "production", version_id: v1?.id });
  }, 30_000);

  it(
    "6. saves a chat version: messages with roles, reordered, placeholders highlighted",
    async () => {
      await page.goto(`${clientUrl}/prompts/${promptId}?tab=edit`);
      await page.getByRole("radio", { name: "Chat" }).click();
      const messages = page.getByRole("list", { name: "Messages" });
      await page.getByRole("button", { name: "Add message" }).click();
      await messages.locator("textarea").nth(1).fill("You are a {{persona}} butler.");
      await page.getByLabel("Role of message 2").selectOption("system");
      await page.getByRole("button", { name: "Move message 2 up" }).click();
      await expect(page.getByLabel("Role of message 1").inputValue()).resolves.toBe("system");
      await expect(messages.locator("mark.var").allTextContents()).resolves.toEqual([
        "{{persona}}",
        "{{who}}",
      ]);
      await page.locator("fieldset.variable-row", { hasText: "persona" }).waitFor();
      await shot("05-chat-editor");
      await page.getByRole("button", { name: "Save as new version" }).click();
      await page.getByText("v3 of 3").waitFor();
      await tab("Run");
      await page.getByText("Prompt messages").click();
      await expect(page.locator("details ol.chat-messages li strong").allTextContents()).resolves
        .toEqual(["system", "user"]);
    },
    60_000,
  );

  it("7. cancels a slow run while it streams", async () => {
    // The stand-in streams a chunk every 300 ms for this content.
    await saveVersion("Tell a long story [[standin:slow=300]]", 4);
    await tab("Run");
    const form = page.getByRole("form", { name: "Run prompt" });
    await form.getByRole("button", { name: "Run" }).click();
    const result = page.getByRole("region", { name: "Run result" });
    // Mid-stream: some of the answer is shown, then Cancel.
    await expect.poll(() => result.getByTestId("run-output").textContent(), { timeout: 20_000 })
      .toMatch(/stand-in/);
    await form.getByRole("button", { name: "Cancel" }).click();
    await result.locator(".badge-cancelled").waitFor({ timeout: 20_000 });
    await expect(result.getByRole("alert").textContent()).resolves.toBe("cancelled by its owner");
    await expect(form.getByRole("button", { name: "Cancel" }).count()).resolves.toBe(0);
    await expect(result.getByTestId("run-output").textContent()).resolves.toMatch(/stand-in/);
    await shot("06-cancelled");
  }, 60_000);

  it("8. a budget: the alert banner, the spend bar, and a run refused past the limit", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    const form = page.getByRole("form", { name: "Budget" });
    await form.getByLabel("Limit (USD)").fill("0.001");
    await form.getByLabel("Alert at (% of the limit)").fill("5");
    await form.getByRole("button", { name: "Save budget" }).click();
    await form.getByText("Saved.").waitFor();

    // A small run from outside settles past 5% of $0.001: the alert is recorded.
    const client = new OpenAI({ baseURL: `${apiUrl}/v1`, apiKey, maxRetries: 0 });
    await client.chat.completions.create({
      model: `prompt:${name}@production`,
      messages: [],
      max_tokens: 40,
      variables: { who: "Bo" },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    // The alert is recorded server-side when the run settles; the page is only opened once the
    // API says so, so a miss below is the page's, and one here the server's.
    let alerted = false;
    for (let i = 0; i < 50 && !alerted; i++) {
      alerted = (await apiGet<{ alerted: boolean }>("/budget")).alerted;
      if (!alerted) await new Promise((r) => setTimeout(r, 200));
    }
    expect(alerted, "the budget alert is recorded once the run has settled").toBe(true);
    // The run was made outside the page: the Usage page reads the budget again when it opens.
    await page.goto(`${clientUrl}/usage`);
    await page.getByTestId("spend-bar").waitFor();
    await page.getByTestId("budget-banner").waitFor({ timeout: 30_000 });
    const bar = page.getByTestId("spend-bar");
    await expect(bar.textContent()).resolves.toMatch(/of \$0\.001/);
    await shot("07-usage-budget");

    // A run's worst case (the plan's 4096 output tokens) passes what is left: 402, said plainly.
    await page.goto(`${clientUrl}/prompts/${promptId}?tab=run`);
    const run = page.getByRole("form", { name: "Run prompt" });
    await run.getByRole("button", { name: "Run" }).click();
    await expect(run.getByRole("alert").textContent()).resolves.toMatch(
      /would pass your monthly budget of \$0\.001/,
    );
    await shot("08-budget-exceeded");
  }, 60_000);
});
