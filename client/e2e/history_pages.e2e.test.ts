// End to end, lists read a page at a time in a browser: 21 runs made through the API (the LLM
// stand-in answers), the Run tab lists the newest 20 with "Load more", which brings the 21st and
// goes away; the Activity page lists the newest 50 changes to the account, and "Load more" the
// rest. Screenshot: e2e/screenshots/history-01-load-more.png.
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

async function post(path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${apiUrl}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await accessToken(page)}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(201);
  return await res.json() as { id: string };
}

describe("a prompt's run history, a page at a time", () => {
  it("lists the newest 20 runs, and Load more brings the rest", async () => {
    await signUp(page, `e2e-pages-${crypto.randomUUID()}@test.promptline.local`, clientUrl);
    const prompt = await post("/prompts", {
      title: "Paged",
      content: "Say {{n}}.",
      variables: [{ name: "n", type: "string", required: true }],
    });
    const runs: string[] = [];
    for (let n = 1; n <= 21; n++) {
      runs.push((await post(`/prompts/${prompt.id}/runs`, { variables: { n: String(n) } })).id);
    }
    await page.goto(`${clientUrl}/prompts/${prompt.id}`);
    await page.getByRole("tab", { name: "Run" }).click();
    const rows = page.getByRole("region", { name: "Run history" }).locator("tbody tr");
    await rows.nth(19).waitFor();
    await expect(rows.count()).resolves.toBe(20);
    // Newest first: the last run made is the first row, "Say 21."
    await expect(rows.first().textContent()).resolves.toContain("21");
    const more = page.getByRole("button", { name: "Load more" });
    await more.click();
    await rows.nth(20).waitFor();
    await expect(rows.count()).resolves.toBe(21);
    await expect(rows.last().textContent()).resolves.toMatch(/"Say 1\."/);
    await more.waitFor({ state: "detached" });
    await screenshot(page, "history-01-load-more");
    expect(runs.length).toBe(21);
  }, 90_000);

  it(
    "lists the newest 50 changes on the Activity page, and Load more brings the rest",
    async () => {
      // The same account: its sign-up and the prompt above, and 17 prompts more (each is created,
      // given its first version and pointed at it: three changes), over 50 in all.
      for (let n = 1; n <= 17; n++) {
        await post("/prompts", {
          title: `Change ${n}`,
          content: "Hi.",
        });
      }
      const all = await get<{ items: { id: number }[]; next_cursor: string | null }>(
        "/activity?limit=200",
      );
      expect(all.items.length).toBeGreaterThan(50);
      expect(all.next_cursor).toBeNull();

      await page.goto(`${clientUrl}/activity`);
      const rows = page.getByRole("region", { name: "Changes to your account" }).locator(
        "tbody tr",
      );
      await rows.nth(49).waitFor();
      await expect(rows.count()).resolves.toBe(50);
      // Newest first: the last prompt made was pointed at its first version last.
      await expect(rows.first().textContent()).resolves.toContain(
        "Prompt changed: current version",
      );
      await expect(rows.nth(2).textContent()).resolves.toContain("Prompt “Change 17” created");
      const more = page.getByRole("region", { name: "Changes to your account" })
        .getByRole("button", { name: "Load more" });
      await more.click();
      await rows.nth(all.items.length - 1).waitFor();
      await expect(rows.count()).resolves.toBe(all.items.length);
      await expect(rows.last().textContent()).resolves.toContain("sign-up");
      await more.waitFor({ state: "detached" });
      // An entry about a prompt opens it.
      await rows.nth(2).getByRole("link", { name: "Prompt “Change 17” created" }).click();
      await page.getByRole("heading", { name: "Change 17" }).waitFor();
    },
    90_000,
  );
});
