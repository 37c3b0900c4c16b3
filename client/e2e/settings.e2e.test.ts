// End to end, a user's settings for runs and keys in a browser (the built client served by the
// local gateway, headless Debian Chromium, the real API and the LLM stand-in): a default model
// chosen in Settings is the model of a run made with the picker left on Default; the nightly
// cleanup of old runs is shown and changed; revoking an API key, removing a provider key and the
// like ask first, and Cancel changes nothing; the theme (light, dark, the system's) shows at once
// and stays; a library goes out and back in. Screenshots go to e2e/screenshots/settings-*.png.
import { readFileSync } from "node:fs";
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

const get = <T>(path: string) => apiGet<T>(page, path);
const shot = (name: string) => screenshot(page, `settings-${name}`);

interface Settings {
  settings: { default_model: string | null; auto_cleanup: boolean; max_history_days: number };
}
interface Model {
  id: string;
  display_name: string;
  in_plan: boolean;
  is_default: boolean;
  provider: { is_standin: boolean };
}

describe("Settings for runs and keys", () => {
  it("runs with the default model chosen in Settings when the run names none", async () => {
    await signUp(page, `e2e-settings-${crypto.randomUUID()}@test.promptline.local`, clientUrl);
    const res = await fetch(`${apiUrl}/prompts`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await accessToken(page)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ title: "Greeting", content: "Say hello." }),
    });
    expect(res.status).toBe(201);
    const prompt = await res.json() as { id: string };
    const models = (await get<{ items: Model[] }>("/models")).items;
    const system = models.find((m) => m.is_default);
    const chosen = models.find((m) => m.in_plan && !m.is_default && !m.provider.is_standin);
    if (!system || !chosen) throw new Error("the seeded models have a default and another");

    await page.getByRole("link", { name: "Settings" }).click();
    const picker = page.getByLabel("Default model");
    await picker.waitFor();
    await expect(picker.locator("option:checked").textContent()).resolves.toBe(
      `System default (${system.display_name})`,
    );
    await picker.selectOption(chosen.id);
    const runs = page.getByRole("region", { name: "Runs", exact: true });
    await runs.getByRole("status").getByText("Saved.").waitFor();
    await expect(get<Settings>("/settings")).resolves.toMatchObject({
      settings: { default_model: chosen.id },
    });
    await shot("01-runs");

    await page.goto(`${clientUrl}/prompts/${prompt.id}`);
    await page.getByRole("tab", { name: "Run" }).click();
    const form = page.getByRole("form", { name: "Run prompt" });
    await expect(form.getByLabel("Model").inputValue()).resolves.toBe("");
    await form.getByRole("button", { name: "Run" }).click();
    await page.getByRole("region", { name: "Run result" }).waitFor();
    // The result streams in; the run is final once its record says so.
    const runsOfPrompt = async () =>
      (await get<{ items: { model: string; status: string }[] }>(`/prompts/${prompt.id}/runs`))
        .items.map((r) => [r.model, r.status]);
    await expect.poll(runsOfPrompt).toEqual([[chosen.id, "success"]]);

    // Back to the system's default.
    await page.getByRole("link", { name: "Settings" }).click();
    await picker.selectOption("");
    await runs.getByRole("status").getByText("Saved.").waitFor();
    await expect(get<Settings>("/settings")).resolves.toMatchObject({
      settings: { default_model: null },
    });
  }, 60_000);

  it("shows the nightly cleanup of old runs and changes it", async () => {
    const runs = page.getByRole("region", { name: "Runs", exact: true });
    const cleanup = runs.getByLabel("Delete old runs nightly");
    const days = runs.getByLabel("Keep runs for (days)");
    await expect(cleanup.isChecked()).resolves.toBe(true);
    await expect(days.inputValue()).resolves.toBe("90");

    await cleanup.uncheck();
    await expect(days.isDisabled()).resolves.toBe(true);
    await expect.poll(async () => (await get<Settings>("/settings")).settings.auto_cleanup)
      .toBe(false);
    await cleanup.check();
    await days.fill("30");
    await runs.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await get<Settings>("/settings")).settings.max_history_days)
      .toBe(30);
    await expect(get<Settings>("/settings")).resolves.toMatchObject({
      settings: { auto_cleanup: true, max_history_days: 30 },
    });
  }, 30_000);

  it("shows the page light, dark or as the system is set, and keeps the choice", async () => {
    await page.emulateMedia({ colorScheme: "light" });
    const background = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await expect(background()).resolves.toBe("rgb(247, 247, 251)");
    const theme = page.getByRole("region", { name: "Appearance" }).getByLabel("Theme");
    await theme.selectOption("dark");
    await expect.poll(background).toBe("rgb(21, 23, 30)");
    await expect.poll(async () =>
      (await get<{ settings: { theme: string } }>("/settings"))
        .settings.theme
    ).toBe("dark");
    // A new visit starts dark, though the system is light.
    await page.reload();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await expect(background()).resolves.toBe("rgb(21, 23, 30)");
    await shot("03-dark");
    await theme.selectOption("system");
    await expect.poll(background).toBe("rgb(247, 247, 251)");
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(background).toBe("rgb(21, 23, 30)");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(async () =>
      (await get<{ settings: { theme: string } }>("/settings"))
        .settings.theme
    ).toBe("system");
  }, 30_000);

  it("asks before revoking an API key, and Cancel keeps it working", async () => {
    await page.getByLabel("Key name").fill("deploy script");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
    expect(key).toMatch(/^pl_/);
    await page.getByRole("button", { name: "Done" }).click();
    const status = async () =>
      (await fetch(`${apiUrl}/prompts`, { headers: { authorization: `Bearer ${key}` } })).status;

    const revoke = page.getByRole("button", { name: "Revoke deploy script" });
    const dialog = page.getByRole("dialog", { name: "Revoke “deploy script”?" });
    await revoke.click();
    await dialog.waitFor();
    await shot("02-revoke");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await status()).toBe(200);

    await revoke.click();
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.locator(".key-item", { hasText: "deploy script" }).getByText(/revoked/).waitFor();
    await revoke.waitFor({ state: "detached" });
    expect(await status()).toBe(401);
  }, 30_000);

  it("asks before removing a provider key", async () => {
    const row = page.locator(".key-item", { hasText: "OpenRouter key" });
    await row.getByLabel("OpenRouter key").fill("sk-or-v1-e2e-test-key-9876");
    await row.getByRole("button", { name: "Save" }).click();
    await row.getByText("Stored: ••••9876").waitFor();

    const remove = row.getByRole("button", { name: "Remove OpenRouter key" });
    const dialog = page.getByRole("dialog", { name: "Remove your OpenRouter key?" });
    await remove.click();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await row.getByText("Stored: ••••9876").waitFor();

    await remove.click();
    await dialog.getByRole("button", { name: "Remove key" }).click();
    await row.getByText("No key stored").waitFor();
    const stored = await get<{ items: { provider: string }[] }>("/provider-keys");
    expect(stored.items.map((k) => k.provider)).not.toContain("openrouter");
  }, 30_000);

  it("imports a CSV, downloads the library, and importing it again adds nothing", async () => {
    const section = page.getByRole("region", { name: "Import and export" });
    const form = section.getByRole("form", { name: "Import prompts" });
    const title = `Haiku writer ${crypto.randomUUID().slice(0, 6)}`;
    const csv =
      `act,prompt,for_devs,type,contributor\n"${title}","Write a haiku about \${Topic:autumn}.",FALSE,TEXT,e2e\n`;
    await form.getByLabel("File to import").setInputFiles({
      name: "prompts.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await form.getByRole("button", { name: "Import", exact: true }).click();
    await section.getByRole("status").getByText(/^Imported 1 prompt .*with 1 version/).waitFor();
    const prompts = await get<{ items: { title: string; id: string }[] }>("/prompts?limit=100");
    const made = prompts.items.find((p) => p.title === title);
    expect(made).toBeDefined();
    // The CSV's ${Topic:autumn} became a variable with its default.
    const prompt = await get<{
      current_version: { content: string; variables: { name: string; default: unknown }[] };
    }>(`/prompts/${made!.id}`);
    expect(prompt.current_version.content).toBe("Write a haiku about {{topic}}.");
    expect(prompt.current_version.variables).toMatchObject([{ name: "topic", default: "autumn" }]);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      section.getByRole("button", { name: "Download library" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^promptline-library-\d{4}-\d{2}-\d{2}\.json$/);
    const path = await download.path();
    const doc = JSON.parse(readFileSync(path, "utf8")) as {
      format: string;
      prompts: { title: string }[];
    };
    expect(doc.format).toBe("promptline.library");
    expect(doc.prompts.map((p) => p.title)).toEqual(
      expect.arrayContaining([title, "Greeting"]),
    );

    // The same library back: every prompt is already there.
    await form.getByLabel("File to import").setInputFiles(path);
    await form.getByRole("button", { name: "Import", exact: true }).click();
    await section.getByRole("status").getByText(
      `Nothing new: all ${doc.prompts.length} prompts were already there.`,
    ).waitFor();

    // Not a library: the API says why, nothing is imported.
    await form.getByLabel("File to import").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": "world"}'),
    });
    await form.getByRole("button", { name: "Import", exact: true }).click();
    await section.getByRole("alert").waitFor();
    await shot("04-import");
    const after = await get<{ items: unknown[] }>("/prompts?limit=100");
    expect(after.items.length).toBe(prompts.items.length);
  }, 60_000);
});
