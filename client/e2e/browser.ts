// What every browser test starts with: the built client (the gateway serves client/dist from
// disk, so it is built from the current code first), headless Debian Chromium, and pages each in
// a context of its own (their own stored session).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { localEnv } from "./local_env.ts";

export const screenshotsDir = new URL("./screenshots/", import.meta.url).pathname;
const clientDir = new URL("..", import.meta.url).pathname;

/** The newest change to what the build reads (the client's sources, page and config). */
function newestSource(): number {
  const files = [
    ...readdirSync(join(clientDir, "src"), { recursive: true }).map((f) => join("src", String(f))),
    "index.html",
    "vite.config.ts",
  ];
  return Math.max(...files.map((f) => statSync(join(clientDir, f)).mtimeMs));
}

const builtAt = (): number => {
  try {
    return statSync(join(clientDir, "dist/index.html")).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Builds client/dist unless it is newer than every source. The test files run in parallel: one
 * builds while the others wait on a lock (a directory; one left by a killed run expires), then
 * find it fresh, so no page loads from a dist another file is emptying.
 */
async function buildClient(): Promise<void> {
  const lock = join(tmpdir(), "promptline-client-build.lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST") throw e;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    if (builtAt() > newestSource()) return;
    execFileSync("npm", ["run", "--silent", "build"], {
      cwd: clientDir,
      env: { ...process.env, NODE_ENV: "production" },
      stdio: "ignore",
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the client if it changed and launches Chromium. */
export async function startBrowser(): Promise<Browser> {
  await buildClient();
  mkdirSync(screenshotsDir, { recursive: true });
  return await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * One browser for a test file: started before its tests (once the client is built, if it
 * changed), `open` then makes the file's pages, and it is closed after the file's tests.
 */
export function withBrowser(open: (browser: Browser) => Promise<void>): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await startBrowser();
    await open(browser);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
}

/** A full-page screenshot of `page`, saved as e2e/screenshots/<name>.png. */
export function screenshot(page: Page, name: string) {
  return page.screenshot({ path: `${screenshotsDir}${name}.png`, fullPage: true });
}

/** A page in a new context (a session of its own) that waits up to 15 s for each step. */
export async function newPage(browser: Browser, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/**
 * Creates an account on the sign-in page (opened at `url` first when given) and waits until the
 * client shows the user signed in.
 */
export async function signUp(page: Page, email: string, url?: string): Promise<void> {
  if (url) await page.goto(url);
  const title = page.locator("#auth-title");
  await title.waitFor();
  if (await title.textContent() !== "Create an account") {
    await page.getByRole("button", { name: "Create an account", exact: true }).click();
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-42");
  await page.locator("form button[type=submit]").click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** The signed-in user's access token, from the session the client stored in the page. */
export function accessToken(page: Page): Promise<string> {
  return page.evaluate(() =>
    (JSON.parse(localStorage.getItem("promptline-auth") ?? "{}") as { access_token?: string })
      .access_token ?? ""
  );
}

/** A GET on the API as the page's signed-in user: the JSON of its 200, or an error saying what came. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const res = await fetch(`${localEnv("SUPABASE_URL")}/functions/v1/api${path}`, {
    headers: { authorization: `Bearer ${await accessToken(page)}` },
  });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return await res.json() as T;
}
