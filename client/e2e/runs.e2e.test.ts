// End to end, every run and one run in full, in a browser (the built client, the real API, the
// LLM stand-in): a user makes a prompt and runs it twice from its Run tab, once fine and once
// with a variable that makes the stand-in answer 400, and calls the /v1 gateway with the `openai`
// client on their own token. The Runs page lists all three newest first (the gateway call named
// as such), filters by status, and opens the failed run: its error, variables, prompt sent and
// log lines, as GET /runs/:id has them. A prompt's run history links to its runs; an unknown run
// is the not-found page. Screenshots: e2e/screenshots/runs-*.png.
import OpenAI from "openai";
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

const shot = (name: string) => screenshot(page, `runs-${name}`);

interface RunSummary {
  id: string;
  kind: string;
  status: string;
  prompt_id: string | null;
}
interface RunDetail extends RunSummary {
  error_message: string | null;
  output: string | null;
  logs: { level: string; message: string }[];
}

describe("every run, and one run in full", () => {
  const title = `Echo ${crypto.randomUUID().slice(0, 8)}`;
  const fault = "[[standin:fault=400]]";
  let promptId = "";
  let gatewayRunId = "";

  /** Runs the prompt from its Run tab with `what` and waits for the run's outcome. */
  async function runWith(what: string, status: "success" | "error") {
    const form = page.getByRole("form", { name: "Run prompt" });
    await form.getByLabel("what *").fill(what);
    await form.getByRole("button", { name: "Run", exact: true }).click();
    const result = page.getByRole("region", { name: "Run result" });
    await result.locator(`.badge-${status}`).waitFor({ timeout: 20_000 });
    await form.getByRole("button", { name: "Run", exact: true }).waitFor();
  }

  it("1. runs a prompt twice from the UI (one fails) and calls the gateway", async () => {
    await signUp(page, `e2e-runs-${crypto.randomUUID()}@test.promptline.local`, clientUrl);
    await page.getByRole("link", { name: "New prompt" }).click();
    await page.getByLabel("Title").fill(title);
    await page.locator("textarea.editor-input").fill("Say {{what}}.");
    await page.locator("fieldset.variable-row", { hasText: "what" }).waitFor();
    await page.getByRole("button", { name: "Create prompt" }).click();
    await page.getByRole("heading", { name: title }).waitFor();
    promptId = page.url().split("/").at(-1)?.split("?")[0] ?? "";

    await page.getByRole("tab", { name: "Run" }).click();
    await runWith("hello", "success");
    // The directive rides in the variable: the stand-in answers this run with a 400.
    await runWith(fault, "error");
    const history = page.getByRole("region", { name: "Run history" }).locator("tbody tr");
    await expect.poll(() => history.count()).toBe(2);

    // A call with no prompt: the openai client on the user's own token.
    const client = new OpenAI({
      baseURL: `${apiUrl}/v1`,
      apiKey: await accessToken(page),
      maxRetries: 0,
    });
    const completion = await client.chat.completions.create({
      model: "standin/echo",
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "ping" }],
    });
    expect(completion.choices[0]?.message.content).toMatch(/^Stand-in reply/);
    gatewayRunId = completion.id.replace(/^chatcmpl-/, "");

    const all = await apiGet<{ items: RunSummary[]; next_cursor: string | null }>(page, "/runs");
    expect(all.items.map((r) => [r.kind, r.status, r.prompt_id])).toEqual([
      ["gateway", "success", null],
      ["prompt", "error", promptId],
      ["prompt", "success", promptId],
    ]);
    expect(all.items[0]!.id).toBe(gatewayRunId);
  }, 90_000);

  it("2. lists all three on the Runs page and filters them by status", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" })
      .click();
    await page.getByRole("heading", { name: "Runs", exact: true }).waitFor();
    const rows = page.getByRole("table", { name: "Runs" }).locator("tbody tr");
    await rows.nth(2).waitFor();
    await expect(rows.count()).resolves.toBe(3);
    // Newest first: the gateway call (no prompt, named by its kind), then the two prompt runs,
    // their prompt linked by title.
    await expect.poll(() => rows.first().locator("td").nth(1).textContent()).toBe(
      "gateway (/v1 API)",
    );
    await expect(rows.first().locator("td").nth(1).getByRole("link").count()).resolves.toBe(0);
    for (const n of [1, 2]) {
      const link = rows.nth(n).getByRole("link", { name: title });
      await expect(link.getAttribute("href")).resolves.toBe(`/prompts/${promptId}`);
    }
    await expect(rows.nth(1).locator(".badge-error").count()).resolves.toBe(1);
    await expect(rows.nth(2).textContent()).resolves.toMatch(/\d+ in \/ \d+ out/);
    await shot("01-all");

    await page.getByLabel("Status").selectOption("error");
    await page.waitForURL(/\/runs\?status=error$/);
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(title);
    const failed = await apiGet<{ items: RunSummary[] }>(page, "/runs?status=error");
    expect(failed.items.map((r) => r.prompt_id)).toEqual([promptId]);

    // By kind: the gateway call alone.
    await page.getByLabel("Status").selectOption("");
    await page.getByLabel("Kind").selectOption("gateway");
    await page.waitForURL(/\/runs\?kind=gateway$/);
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain("gateway (/v1 API)");
    await page.getByLabel("Kind").selectOption("");
    await page.getByLabel("Status").selectOption("error");
    await expect.poll(() => rows.count()).toBe(1);

    // Filters combine, and a list they empty says so.
    await page.getByLabel("Model").selectOption("standin/echo");
    await page.getByLabel("Status").selectOption("timeout");
    await page.getByText("No runs match.").waitFor();
    await page.getByLabel("Status").selectOption("error");
    await expect.poll(() => rows.count()).toBe(1);
    await shot("02-filtered");
  }, 60_000);

  it("3. opens the failed run: its error, what was sent, and its log lines in order", async () => {
    const failedId = (await apiGet<{ items: RunSummary[] }>(page, "/runs?status=error")).items[0]!
      .id;
    const run = await apiGet<RunDetail>(page, `/runs/${failedId}`);
    expect(run.error_message).toMatch(/400/);

    await page.getByRole("table", { name: "Runs" }).locator("tbody tr").first()
      .getByRole("link").first().click();
    await page.waitForURL(`${clientUrl}/runs/${failedId}`);
    const result = page.getByRole("region", { name: "Run result" });
    await expect(result.getByRole("alert").textContent()).resolves.toBe(run.error_message);
    await result.locator(".badge-error").waitFor();

    const details = page.getByRole("region", { name: "Run details" });
    await details.getByRole("link", { name: title }).waitFor();
    await details.getByRole("link", { name: "v1" }).waitFor();
    await expect(details.textContent()).resolves.toContain("standin");

    await expect(page.getByRole("table", { name: "Variables" }).textContent()).resolves.toContain(
      fault,
    );
    await expect(page.getByLabel("Prompt sent").textContent()).resolves.toBe(`Say ${fault}.`);

    const log = page.getByRole("table", { name: "Run log" }).locator("tbody tr");
    await expect(log.locator("td:nth-child(3)").allTextContents()).resolves.toEqual(
      run.logs.map((l) => l.message),
    );
    await expect(log.locator("td:nth-child(2)").allTextContents()).resolves.toEqual(
      run.logs.map((l) => l.level),
    );
    expect(run.logs.at(-1)).toMatchObject({ level: "error", message: "run finished: error" });
    await expect(log.last().textContent()).resolves.toContain(`error: ${run.error_message}`);
    await shot("03-failed-run");

    // Back to the filtered list.
    await page.getByRole("link", { name: "← All runs" }).click();
    await page.getByRole("table", { name: "Runs" }).waitFor();
  }, 60_000);

  it("4. the gateway run shows the messages it sent", async () => {
    await page.goto(`${clientUrl}/runs/${gatewayRunId}`);
    const details = page.getByRole("region", { name: "Run details" });
    await details.getByText("gateway (/v1 API)").waitFor();
    const sent = page.getByRole("list", { name: "Messages sent" }).locator("li");
    await expect(sent.locator("strong").allTextContents()).resolves.toEqual(["system", "user"]);
    await expect(sent.last().locator("pre").textContent()).resolves.toBe("ping");
    await expect(page.getByTestId("run-output").textContent()).resolves.toMatch(/^Stand-in/);
  }, 30_000);

  it(
    "5. follows a run from the prompt's run history, and an unknown run is not found",
    async () => {
      await page.goto(`${clientUrl}/prompts/${promptId}?tab=run`);
      const history = page.getByRole("region", { name: "Run history" }).locator("tbody tr");
      await history.nth(1).waitFor();
      // The oldest row is the run that succeeded.
      await history.last().getByRole("link").click();
      await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      const id = page.url().split("/").at(-1) ?? "";
      const run = await apiGet<RunDetail>(page, `/runs/${id}`);
      expect(run).toMatchObject({ status: "success", prompt_id: promptId });
      await expect.poll(() => page.getByTestId("run-output").textContent()).toBe(run.output);
      await expect(page.getByRole("table", { name: "Variables" }).textContent()).resolves.toContain(
        "hello",
      );
      await shot("04-from-history");

      for (const missing of [crypto.randomUUID(), "not-a-run"]) {
        await page.goto(`${clientUrl}/runs/${missing}`);
        await page.getByRole("heading", { name: "Not found" }).waitFor();
      }
    },
    60_000,
  );
});
