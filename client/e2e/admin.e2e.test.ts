// End to end, the admin and feedback journey, in headless Chromium against the local stack (set
// up like app.e2e.test.ts): a user sends feedback from the Feedback button; an admin (made in SQL,
// as the README says) sees the dashboard's charts and triages, tags and answers the feedback; the
// user reads the answer and the admin's change on their Activity page. A user sees no Admin area.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiGet, newPage, screenshot, signUp, withBrowser } from "./browser.ts";
import { localEnv } from "./local_env.ts";

const clientUrl = localEnv("CLIENT_URL");
const dbUrl = localEnv("SUPABASE_DB_URL");

let userPage: Page;
let adminPage: Page;

const sql = (statement: string) => execFileSync("psql", [dbUrl, "-qAtc", statement]).toString();

withBrowser(async (browser) => {
  userPage = await newPage(browser, 860);
  adminPage = await newPage(browser, 860);
});

const shot = (page: Page, name: string) => screenshot(page, name);

describe("admin area and feedback in a browser", () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const userEmail = `e2e-fb-${tag}@test.promptline.local`;
  const adminEmail = `e2e-admin-${tag}@test.promptline.local`;
  const message = `The run button does nothing on Firefox (${tag})`;
  const answer = `Fixed in today's release, thank you (${tag}).`;

  it("a user sends feedback from the Feedback button, and sees no Admin area", async () => {
    await signUp(userPage, userEmail, clientUrl);
    await expect(userPage.getByRole("link", { name: "Admin" }).count()).resolves.toBe(0);
    await userPage.getByRole("button", { name: "Feedback" }).click();
    const dialog = userPage.getByRole("dialog", { name: "Send feedback" });
    await dialog.getByLabel("Type").selectOption("bug");
    await dialog.getByLabel("Priority").selectOption("high");
    await dialog.getByLabel("Rating (optional)").selectOption("2");
    // The admins' categories, by their path in the tree.
    await dialog.getByLabel("About (optional)").selectOption({ label: "Product / Runs" });
    await dialog.getByLabel("Message").fill(message);
    await shot(userPage, "admin-01-feedback-form");
    await dialog.getByRole("button", { name: "Send feedback" }).click();
    await dialog.getByRole("status").waitFor();
    await expect(dialog.getByRole("status").textContent()).resolves.toMatch(/Thank you/);
    await dialog.getByRole("button", { name: "Close" }).click();

    await userPage.goto(`${clientUrl}/admin`);
    await userPage.getByRole("alert").waitFor();
    await expect(userPage.getByRole("alert").textContent()).resolves.toMatch(/no such route/);
  }, 60_000);

  it("an admin sees the dashboard with charts", async () => {
    await signUp(adminPage, adminEmail, clientUrl);
    sql(`update public.profiles set role = 'admin'
         where id = (select id from auth.users where email = '${adminEmail}')`);
    sql("select private.refresh_feedback_analytics()");
    await adminPage.reload();
    await adminPage.getByRole("link", { name: "Admin" }).click();
    await adminPage.getByRole("heading", { name: "Admin" }).waitFor();
    await adminPage.locator("figure.chart canvas").first().waitFor();
    await adminPage.getByRole("img", { name: "Runs per day" }).waitFor();
    await adminPage.getByRole("img", { name: "Feedback per day" }).waitFor();
    expect(await adminPage.locator("figure.chart").count()).toBeGreaterThanOrEqual(3);
    await shot(adminPage, "admin-02-dashboard");

    await adminPage.getByRole("link", { name: "Users" }).click();
    await adminPage.getByLabel("Search users").fill(userEmail);
    // The search is sent once typing settles: the list comes down to the one user.
    const users = adminPage.getByRole("table").locator("tbody tr");
    await expect.poll(() => users.allTextContents()).toEqual([expect.stringContaining(userEmail)]);
    const saved = adminPage.waitForResponse((r) =>
      r.url().includes("/admin/users/") && r.request().method() === "PATCH" && r.ok()
    );
    await adminPage.getByLabel(`Plan of ${userEmail}`).selectOption("pro");
    await saved;
    await shot(adminPage, "admin-03-users");

    await adminPage.getByRole("link", { name: "Health" }).click();
    await adminPage.getByRole("heading", { name: "Scheduled jobs" }).waitFor();
    await adminPage.getByRole("cell", { name: "daily-maintenance", exact: true }).waitFor();
    await shot(adminPage, "admin-04-health");
  }, 60_000);

  it("the admin reads every user's runs a page at a time", async () => {
    // 51 of the user's runs, made in SQL: more than a page, whatever else the stack holds.
    sql(`insert into public.prompts (user_id, title)
         select id, 'Paged ${tag}' from auth.users where email = '${userEmail}'`);
    sql(`insert into public.runs (user_id, prompt_id, model, provider_id, input, status,
           error_message, completed_at)
         select p.user_id, p.id, 'standin/echo', 'standin', '{}', 'error', 'paged ${tag}', now()
         from public.prompts p, generate_series(1, 51) where p.title = 'Paged ${tag}'`);
    await adminPage.getByRole("navigation", { name: "Admin sections" })
      .getByRole("link", { name: "Runs", exact: true }).click();
    const rows = adminPage.getByRole("table").locator("tbody tr");
    await rows.nth(49).waitFor();
    await expect(rows.count()).resolves.toBe(50);
    const first = await rows.allTextContents();
    const more = adminPage.getByRole("button", { name: "Load more" });
    await more.click();
    await rows.nth(50).waitFor();
    await expect(rows.count()).resolves.toBeGreaterThan(50);
    // The first page stays on top, and the next one follows it.
    await expect(rows.allTextContents().then((all) => all.slice(0, 50))).resolves.toEqual(first);
    await shot(adminPage, "admin-03b-runs-paged");
  }, 60_000);

  it("the admin triages, tags and answers the feedback", async () => {
    await adminPage.getByRole("link", { name: "Feedback" }).click();
    const card = adminPage.locator(".feedback-list > li", { hasText: message });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(userEmail);
    await expect(card.textContent()).resolves.toContain(" · Runs");
    const form = card.getByRole("form", { name: `Triage feedback from ${userEmail}` });
    await expect(form.getByLabel("Category").locator("option:checked").textContent())
      .resolves.toBe("Product / Runs");
    await form.getByLabel("Category").selectOption({ label: "Account" });
    await form.getByLabel("Status").selectOption("resolved");
    await form.getByLabel("Priority").selectOption("urgent");
    await form.getByLabel("Tags").fill("firefox, runs");
    await form.getByLabel("Response to the user").fill(answer);
    await form.getByRole("button", { name: "Save triage" }).click();
    await card.getByText(/Answered/).waitFor();
    await expect(card.locator(".badge").textContent()).resolves.toBe("resolved");
    await expect(card.textContent()).resolves.toContain(" · Account");
    await shot(adminPage, "admin-05-feedback-triage");
  }, 60_000);

  it("the admin adds a model, reprices it and retires it", async () => {
    const id = `standin/e2e-${crypto.randomUUID().slice(0, 8)}`;
    await adminPage.getByRole("navigation", { name: "Admin sections" })
      .getByRole("link", { name: "Models" }).click();
    await adminPage.getByRole("button", { name: "Add a model" }).click();
    const form = adminPage.getByRole("form", { name: "New model" });
    await form.getByLabel(/^Id/).fill(id);
    await form.getByLabel(/^Provider$/).fill("standin");
    await form.getByLabel(/^Provider's model id/).fill("echo");
    await form.getByLabel(/^Name/).fill("E2E echo");
    await form.getByLabel(/^Input/).fill("0.002");
    await form.getByLabel(/^Output/).fill("0.004");
    // Cached input dearer than input: the API names the field.
    await form.getByLabel(/^Cached input/).fill("0.01");
    await form.getByRole("button", { name: "Add model" }).click();
    await form.getByText("the cached input price is at most the input price").waitFor();
    await form.getByLabel(/^Cached input/).fill("");
    await form.getByRole("button", { name: "Add model" }).click();
    const row = adminPage.getByRole("table", { name: "Models" }).getByRole("row", {
      name: new RegExp(id),
    });
    await row.waitFor();

    await row.getByRole("button", { name: `Edit ${id}` }).click();
    const edit = adminPage.getByRole("form", { name: `Edit ${id}` });
    await edit.getByLabel(/^Input/).fill("0.5");
    await edit.getByRole("button", { name: "Save prices" }).click();
    await edit.waitFor({ state: "detached" });
    await expect.poll(() => row.textContent()).toContain("$0.5");
    await shot(adminPage, "admin-05c-models");

    await row.getByRole("button", { name: `Retire ${id}` }).click();
    await adminPage.getByRole("dialog", { name: "Retire E2E echo?" })
      .getByRole("button", { name: "Retire model" }).click();
    await row.getByText("retired").waitFor();
    // Users no longer see it.
    const models = await apiGet<{ items: { id: string }[] }>(userPage, "/models");
    expect(models.items.map((m) => m.id)).not.toContain(id);
    sql(`delete from public.models where id = '${id}'`);
  }, 60_000);

  it("the admin changes a plan's limits", async () => {
    await adminPage.getByRole("navigation", { name: "Admin sections" })
      .getByRole("link", { name: "Plans" }).click();
    // Enterprise: no other browser test runs on it.
    const form = adminPage.getByRole("form", { name: "The enterprise plan" });
    const tokens = form.getByLabel("Output tokens");
    const before = await tokens.inputValue();
    // No tier at all: the API names the field.
    for (const tier of ["top", "mid", "low"]) await form.getByLabel(tier).uncheck();
    await form.getByRole("button", { name: "Save enterprise" }).click();
    await form.getByText(/at least 1|too small|least/i).first().waitFor();
    for (const tier of ["top", "mid", "low"]) await form.getByLabel(tier).check();
    await tokens.fill("60000");
    await form.getByRole("button", { name: "Save enterprise" }).click();
    await form.getByRole("status").getByText("Saved.").waitFor();
    const plans = await apiGet<{ items: { plan: string; max_output_tokens: number }[] }>(
      adminPage,
      "/admin/plans",
    );
    expect(plans.items.find((p) => p.plan === "enterprise")?.max_output_tokens).toBe(60000);
    await shot(adminPage, "admin-05d-plans");
    await tokens.fill(before);
    await form.getByRole("button", { name: "Save enterprise" }).click();
    await expect.poll(async () =>
      (await apiGet<{ items: { plan: string; max_output_tokens: number }[] }>(
        adminPage,
        "/admin/plans",
      )).items.find((p) => p.plan === "enterprise")?.max_output_tokens
    ).toBe(Number(before));
  }, 60_000);

  it("the admin reads the audit log: whose data, what changed and who changed it", async () => {
    await adminPage.getByRole("link", { name: "Audit log" }).click();
    await adminPage.getByRole("combobox", { name: "Of" }).selectOption("profiles");
    // The plan change made on the Users tab: the user's email, the change, made by this admin.
    const row = adminPage.getByRole("row", { name: new RegExp(userEmail) })
      .filter({ hasText: "Profile changed: plan: free → pro" });
    await row.waitFor();
    await expect(row.getByRole("cell").last().textContent()).resolves.toBe("you");
    // Filtered to profiles: no other table's entry on the page.
    const whats = await adminPage.getByRole("region", { name: "Audit log" })
      .locator("tbody tr td:nth-child(3)").allTextContents();
    expect(whats.length).toBeGreaterThan(0);
    expect(whats.filter((w) => !w.startsWith("Profile "))).toEqual([]);
    await shot(adminPage, "admin-05b-audit-log");
  }, 60_000);

  it("the user reads the answer and the admin's change on their Activity page", async () => {
    await userPage.goto(clientUrl);
    await userPage.getByRole("link", { name: "Activity" }).click();
    await userPage.getByRole("heading", { name: "Your feedback" }).waitFor();
    const item = userPage.locator(".feedback-list > li", { hasText: message });
    await item.getByText(answer).waitFor();
    await expect(item.locator(".badge").textContent()).resolves.toBe("resolved");
    await userPage.getByRole("cell", { name: /Profile changed: plan: free → pro/ }).waitFor();
    await expect(
      userPage.getByRole("row", { name: /Profile changed: plan: free → pro/ }).textContent(),
    ).resolves.toContain("an admin");
    await shot(userPage, "admin-06-activity");
  }, 60_000);
});
