// End to end, workflows (issue 17) in headless Chromium against the local stack (set up like
// app.e2e.test.ts), the engine advancing on the dev stack's tick and the LLM stand-in answering.
// A user opens the template gallery, starts the etymology visual essay from the form generated
// from its intent_schema (the API's 422 shows at the field), and watches the gates advance live:
// G1's first answer is scripted to miss its schema ([[standin:misfit;times=1;key=…]]), so G1
// fails and its second attempt passes. The run completes; the user opens its artifacts (Markdown
// rendered, JSON highlighted) and downloads one. A research brief whose G1 misses every attempt
// pauses with its reason; an admin sees it among everyone's active runs, and the cost by model
// this month; the user retries the gate and the run completes. Screenshots: workflows-*.png.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { newPage, screenshot, signUp, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");
const dbUrl = localEnv("SUPABASE_DB_URL");
const sql = (statement: string) => execFileSync("psql", [dbUrl, "-qAtc", statement]).toString();

let user: Page;
let admin: Page;

withBrowser(async (browser) => {
  user = await newPage(browser);
  admin = await newPage(browser);
});

const shot = (page: Page, name: string) => screenshot(page, `workflows-${name}`);

/** One attempt of one gate in the run's timeline. */
const attempt = (page: Page, gate: string, n: number): Locator =>
  page.getByRole("list", { name: "Gate timeline" }).getByRole("listitem", {
    name: `${gate} attempt ${n}`,
    exact: true,
  });

/** Waits until an attempt shows `status` (the engine ticks every 2 s; a gate takes a tick). */
async function waitForGate(page: Page, gate: string, n: number, status: string) {
  await attempt(page, gate, n).locator(`.badge-gate-${status}`).waitFor({ timeout: 60_000 });
}

const runStatus = (page: Page) => page.getByRole("status", { name: "Run status" });

describe("workflows in a browser", () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const userEmail = `e2e-wf-${tag}@test.promptline.local`;
  const adminEmail = `e2e-wf-admin-${tag}@test.promptline.local`;
  const essayName = `Serendipity essay ${tag}`;
  const briefName = `Tides brief ${tag}`;
  let pausedRunUrl = "";

  it("the gallery shows each template's outputs, time, steps and typical cost", async () => {
    await signUp(user, userEmail, clientUrl);
    await user.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" })
      .click();
    const card = user.getByRole("listitem", { name: "Typographic / Etymology Visual Essay" });
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain("Multi-chapter essay (ESSAY.md)"); // what you get
    expect(text).toContain("~5 min");
    expect(text).toMatch(/Steps\s*5/);
    expect(text).toContain("$0.0500"); // the typical cost
    await user.getByRole("listitem", { name: "Research Brief" }).waitFor();
    await shot(user, "01-gallery");
  }, 60_000);

  it("the start form comes from intent_schema, and the API's 422 shows at its field", async () => {
    await user.getByRole("link", { name: "Start Typographic / Etymology Visual Essay" }).click();
    const form = user.getByRole("form", { name: "Start a run" });
    await form.getByLabel("word *").waitFor();
    await expect(form.getByLabel("angle").inputValue()).resolves.toBe("etymology");
    await expect(
      form.getByLabel("length").locator("option").allTextContents(),
    ).resolves.toEqual(["Choose…", "6min", "12min", "20min"]);
    // No word: the API refuses the intent, naming the field.
    const refused = user.waitForResponse((r) =>
      r.url().endsWith("/workflows/runs") && r.request().method() === "POST"
    );
    await form.getByRole("button", { name: "Start run" }).click();
    expect((await refused).status()).toBe(422);
    const wordField = form.locator("label.field", { has: user.locator('[name="word"]') });
    await wordField.getByRole("alert").waitFor();
    await expect(form.getByLabel("word *").getAttribute("aria-invalid")).resolves.toBe("true");
    await shot(user, "02-form-422");

    // G1's first answer misses its schema (scripted on the stand-in), the rest answer right;
    // every answer takes 700 ms, so that the gates are seen running.
    await form.getByLabel("word *").fill(
      `serendipity [[standin:misfit;times=1;key=wf-e2e-${tag}]] [[standin:slow=700]]`,
    );
    await form.getByLabel("angle").selectOption("cultural");
    await form.getByLabel("Run name (optional)").fill(essayName);
    await form.getByRole("button", { name: "Start run" }).click();
    await user.getByRole("heading", { name: essayName }).waitFor();
    expect(user.url()).toMatch(/\/workflows\/runs\/[0-9a-f-]{36}$/);
  }, 60_000);

  it("the gates advance live; G1 fails, is retried and passes; the run completes", async () => {
    // The page is not reloaded: the timeline fills from the run's event stream.
    await user.locator(".gate-timeline .badge-gate-running").first().waitFor({ timeout: 30_000 });
    await shot(user, "03-gates-advancing");
    await waitForGate(user, "G1", 1, "failed");
    await expect(attempt(user, "G1", 1).textContent()).resolves.toMatch(/Failed: .*[A-Z_]{5,}/);
    await waitForGate(user, "G1", 2, "passed");
    await waitForGate(user, "G2", 1, "passed");
    // The failed attempt's validation results and the retry's packet that says what failed.
    await attempt(user, "G1", 1).getByText("Validation results").click();
    await expect(attempt(user, "G1", 1).locator("table").textContent()).resolves.toContain(
      "failed",
    );
    await attempt(user, "G1", 2).getByText("Prompt packet").click();
    await expect(attempt(user, "G1", 2).locator("pre.wrap").textContent()).resolves.toMatch(
      /previous attempt failed/i,
    );
    await attempt(user, "G1", 2).getByText("Raw output").click();
    await attempt(user, "G1", 2).locator(".tok-key").first().waitFor();
    const meta = await attempt(user, "G1", 2).locator(".gate-meta").textContent();
    expect(meta).toContain("attempt 2/3");
    expect(meta).toContain("anthropic/claude-3.5-haiku");
    expect(meta).toMatch(/\d+ in \/ \d+ out tokens/);
    await shot(user, "04-gate-failed-and-retried");

    await runStatus(user).getByText("completed").waitFor({ timeout: 90_000 });
    await waitForGate(user, "G5", 1, "passed");
    await expect(user.getByRole("region", { name: "Run summary" }).textContent()).resolves
      .toContain("Gate attempts5 passed, 1 failed, 0 skipped");
    await shot(user, "05-run-completed");
  }, 150_000);

  it("the artifacts open (Markdown rendered, JSON highlighted) and download", async () => {
    const artifacts = user.getByRole("table", { name: "Artifacts" });
    await artifacts.getByRole("button", { name: "essay/ESSAY.md" }).click();
    const essay = user.getByRole("article", { name: "essay/ESSAY.md" });
    await essay.getByRole("heading", { name: "Introduction" }).waitFor();
    await essay.getByRole("heading", { name: "Conclusion" }).waitFor();
    await shot(user, "06-artifact-markdown");

    await artifacts.getByRole("button", { name: "intake/INTENT.json" }).last().click();
    const intent = user.getByRole("article", { name: "intake/INTENT.json" });
    await intent.locator(".tok-key").first().waitFor();
    await expect(intent.locator("pre").textContent()).resolves.toContain('"search_terms"');

    const download = user.waitForEvent("download");
    await artifacts.getByRole("button", { name: "Download CONCEPTS.md" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("CONCEPTS.md");
    const body = readFileSync(await file.path(), "utf8");
    expect(body).toContain("## Historical Development");
    await shot(user, "07-artifact-json");

    // All the user's artifacts on the Workflows page, newest first, each with its run.
    await user.goto(`${clientUrl}/workflows`);
    const mine = user.getByRole("region", { name: "My artifacts" }).getByRole("table", {
      name: "Artifacts",
    });
    const rows = mine.locator("tbody tr");
    await rows.nth(4).waitFor();
    const files = await rows.locator("td:first-child").allTextContents();
    expect(files[0]).toBe("audit/AUDIT.json");
    expect(files).toEqual(expect.arrayContaining([
      "essay/ESSAY.md",
      "design/SEQUENCE.md",
      "research/CONCEPTS.md",
      "intake/INTENT.json",
    ]));
    await expect(rows.first().getByRole("link").getAttribute("href")).resolves.toMatch(
      /^\/workflows\/runs\/[0-9a-f-]{36}$/,
    );
    await mine.getByRole("button", { name: "essay/ESSAY.md" }).click();
    await user.getByRole("article", { name: "essay/ESSAY.md" })
      .getByRole("heading", { name: "Introduction" }).waitFor();
    await shot(user, "07b-my-artifacts");
  }, 60_000);

  it("a gate that fails every attempt pauses the run with its reason", async () => {
    await user.goto(`${clientUrl}/workflows/new/research-brief`);
    const form = user.getByRole("form", { name: "Start a run" });
    await form.getByLabel("topic *").fill(`tides [[standin:misfit;times=3;key=wf-e2e-p-${tag}]]`);
    await form.getByLabel("Run name (optional)").fill(briefName);
    await form.getByRole("button", { name: "Start run" }).click();
    await user.getByRole("heading", { name: briefName }).waitFor();
    pausedRunUrl = user.url();
    await runStatus(user).getByText("paused").waitFor({ timeout: 60_000 });
    await expect(user.locator(".pause-reason").textContent()).resolves.toMatch(
      /^Paused: Gate G1 failed: /,
    );
    await waitForGate(user, "G1", 3, "failed");
    await user.getByRole("button", { name: /^retry$/i }).waitFor();
    await user.getByRole("button", { name: /^cancel$/i }).waitFor();
    await expect(user.getByRole("button", { name: /^skip$/i }).count()).resolves.toBe(0); // required
    await shot(user, "08-run-paused");
  }, 90_000);

  it("an admin sees everyone's active runs and the cost by model this month", async () => {
    await signUp(admin, adminEmail, clientUrl);
    sql(`update public.profiles set role = 'admin'
         where id = (select id from auth.users where email = '${adminEmail}')`);
    await admin.reload();
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })
      .click();
    await admin.getByRole("navigation", { name: "Admin sections" })
      .getByRole("link", { name: "Workflows" }).click();
    const active = admin.getByRole("table", { name: "Active workflow runs" });
    const row = active.getByRole("row", { name: new RegExp(briefName) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/paused.*Gate G1 failed/);
    const costs = admin.getByRole("table", { name: "Cost by model this month" });
    await costs.getByRole("cell", { name: "anthropic/claude-3.5-haiku" }).first().waitFor();
    await costs.getByRole("cell", { name: "openai/gpt-4o" }).first().waitFor();
    await shot(admin, "09-admin-dashboard");
    // The admin reads the user's run too (RLS: owner or admin), without the owner's actions.
    await row.getByRole("link", { name: briefName }).click();
    await admin.getByRole("heading", { name: briefName }).waitFor();
    await admin.getByRole("list", { name: "Gate timeline" }).waitFor();
    await expect(admin.getByRole("button", { name: /^retry$/i }).count()).resolves.toBe(0);
  }, 60_000);

  it("the user retries the paused gate and the run completes; both are in My runs", async () => {
    expect(user.url()).toBe(pausedRunUrl);
    await user.getByRole("button", { name: /^retry$/i }).click();
    await waitForGate(user, "G1", 4, "passed");
    await runStatus(user).getByText("completed").waitFor({ timeout: 90_000 });
    await expect(user.locator(".pause-reason").count()).resolves.toBe(0);
    await shot(user, "10-retried-completed");

    await user.getByRole("link", { name: "← Workflows" }).click();
    const mine = user.getByRole("table", { name: "My workflow runs" });
    await mine.getByRole("link", { name: briefName }).waitFor();
    await mine.getByRole("link", { name: essayName }).waitFor();
    await expect(mine.getByRole("row", { name: new RegExp(essayName) }).textContent()).resolves
      .toContain("completed");
    await shot(user, "11-my-runs");
  }, 120_000);
});
