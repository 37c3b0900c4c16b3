// End to end, the prompt builder in a browser: the built client served by the local gateway,
// headless Debian Chromium, the real API and the LLM stand-in. Both flows end with a saved
// prompt that runs: from a goal (questions, answers, the generated template) and with a
// framework (components, tone, the live preview, a polish by the model); then the history and
// the default framework in Settings. Screenshots go to e2e/screenshots/builder-*.png.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { newPage, screenshot, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");

let page: Page;

withBrowser(async (browser) => {
  page = await newPage(browser);
});

const shot = (name: string) => screenshot(page, `builder-${name}`);

/** Runs the prompt on its page's Run tab and waits for the stand-in's answer. */
async function runPrompt(values: Record<string, string>) {
  await page.getByRole("tab", { name: "Run" }).click();
  const form = page.getByRole("form", { name: "Run prompt" });
  for (const [name, value] of Object.entries(values)) {
    await form.locator(`[name="${name}"]`).fill(value);
  }
  await form.getByRole("button", { name: "Run" }).click();
  const result = page.getByRole("region", { name: "Run result" });
  await result.locator(".badge-success").waitFor({ timeout: 30_000 });
  await expect(result.getByTestId("run-output").textContent()).resolves.toMatch(/stand-in/i);
}

describe("the prompt builder in a browser", () => {
  const email = `e2e-builder-${crypto.randomUUID()}@test.promptline.local`;

  it("signs up and opens the builder", async () => {
    await page.goto(clientUrl);
    await page.locator("#auth-title").waitFor();
    await page.getByRole("button", { name: "Create an account", exact: true }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct-horse-42");
    await page.locator("form button[type=submit]").click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByRole("link", { name: "Builder" }).click();
    await page.getByRole("heading", { name: "Prompt builder" }).waitFor();
  }, 30_000);

  it(
    "from a goal: questions, answers, an editable template, saved with its answers, runs",
    async () => {
      await page.locator('[name="goal"]').fill("Plan weekend trips for families");
      await page.getByRole("button", { name: "Ask clarifying questions" }).click();
      const questions = page.getByRole("form", { name: "Clarifying questions" });
      await questions.locator('[name="audience"]').waitFor();
      await questions.locator('[name="audience"]').fill("Parents of young children");
      await questions.locator('[name="output_format"]').fill("A day-by-day plan");
      await shot("01-goal-questions");

      await questions.getByRole("button", { name: "Generate template" }).click();
      const preview = page.locator('[aria-label="Template preview"]');
      const template = preview.locator('[name="template"]');
      await template.waitFor();
      await expect(template.inputValue()).resolves.toMatch(/Parents of young children/);
      await expect(page.getByLabel("Detected variables").textContent()).resolves.toBe(
        "Variables: {{input}} (string), {{max_words}} (number)",
      );
      // The preview is editable and the variables follow the text.
      await template.fill(`${await template.inputValue()}\nMention {{city}}.`);
      await expect(page.getByLabel("Detected variables").textContent()).resolves.toContain(
        "{{city}} (string)",
      );
      await preview.locator('[name="title"]').fill("Family weekend planner");
      await shot("02-goal-template");
      await preview.getByRole("button", { name: "Save prompt" }).click();
      await page.waitForURL(/\/prompts\/[0-9a-f-]{36}/);
      await page.getByRole("heading", { name: "Family weekend planner" }).waitFor();
      await expect(page.locator("#answers-title").textContent()).resolves.toBe(
        "Built from these answers",
      );
      await expect(page.getByText("Parents of young children").count()).resolves.toBeGreaterThan(0);

      await runPrompt({ input: "Lisbon in May", max_words: "200", city: "Lisbon" });
      await shot("03-goal-saved-and-run");
    },
    60_000,
  );

  it("with a framework: components, tone, live preview, polish, saved, runs", async () => {
    await page.getByRole("link", { name: "Builder" }).click();
    await page.getByRole("tab", { name: "With a framework" }).click();
    await page.locator('[name="framework"]').selectOption("ape");
    await expect(page.getByText("Action, Purpose, Expectation").count()).resolves.toBe(1);
    const parts = page.locator('[aria-label="Components"]');
    await parts.locator('[name="action"]').fill("Write a haiku about {{topic}}");
    await parts.locator('[name="purpose"]').fill("A daily poem for the team chat");
    // A required component left empty: the preview says which.
    const assembled = page.getByTestId("assembled");
    await expect(page.getByRole("status").filter({ hasText: "missing required" }).textContent())
      .resolves.toMatch(/Expectation/);
    await parts.locator('[name="expectation"]').fill("Three lines, 5-7-5 syllables");
    await page.locator('[name="tone"]').selectOption("friendly");
    await page.locator('[name="length"]').selectOption("short");
    await expect.poll(() => assembled.textContent()).toContain("Use a friendly tone.");
    await expect(assembled.textContent()).resolves.toMatch(/^# Action\nWrite a haiku about/);
    await shot("04-framework-preview");

    await page.getByRole("button", { name: "Polish with a model" }).click();
    await page.getByRole("heading", { name: "Polished prompt" }).waitFor();
    await expect(assembled.textContent()).resolves.toContain(
      "State the expected output format explicitly.",
    );
    await page.locator('[aria-label="Assembled preview"] [name="title"]').fill("Team haiku");
    await shot("05-framework-polished");
    await page.getByRole("button", { name: "Save prompt" }).click();
    await page.waitForURL(/\/prompts\/[0-9a-f-]{36}/);
    await page.getByRole("heading", { name: "Team haiku" }).waitFor();
    await runPrompt({ topic: "autumn" });
    await shot("06-framework-saved-and-run");
  }, 60_000);

  it("lists the generations in the history, and Settings sets the default framework", async () => {
    await page.goto(`${clientUrl}/builder/history`);
    await page.locator(".runs-table tbody tr").first().waitFor();
    await expect(page.locator(".runs-table tbody tr").count()).resolves.toBe(3);
    await page.locator('[name="kind"]').selectOption("builder_polish");
    await expect.poll(() => page.locator(".runs-table tbody tr").count()).toBe(1);
    // The polish's row says what was asked (its components) and what came back, in words.
    const polish = page.locator(".runs-table tbody tr").first();
    await expect(polish.textContent()).resolves.toContain(
      "action: Write a haiku about {{topic}} · purpose: A daily poem for the team chat",
    );
    await expect(polish.textContent()).resolves.toContain(
      "State the expected output format explicitly.",
    );
    await page.locator('[name="kind"]').selectOption("builder_questions");
    await expect.poll(() => page.locator(".runs-table tbody tr").first().textContent())
      .not.toContain('{"questions"');
    await shot("07-history");

    await page.getByRole("link", { name: "Settings" }).click();
    await page.locator('[name="default_framework"]').selectOption("rise");
    await page.getByText("Saved.").waitFor();
    await page.getByRole("link", { name: "Builder" }).click();
    await page.getByRole("tab", { name: "With a framework" }).click();
    await expect(page.locator('[name="framework"]').inputValue()).resolves.toBe("rise");
  }, 60_000);
});
