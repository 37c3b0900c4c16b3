// Helpers for integration tests against the running local stack: real users through the auth
// emulator (supabase-js), and a small fetch wrapper for the api function.
import { createClient } from "@supabase/supabase-js";
import { need } from "./env.ts";

export const apiUrl = `${need("SUPABASE_URL")}/functions/v1/api`;

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

/** Signs up a fresh user (unique email) and returns their access token. */
export async function newUser(label = "user"): Promise<TestUser> {
  const supabase = createClient(need("SUPABASE_URL"), need("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const email = `${label}-${crypto.randomUUID()}@test.promptline.local`;
  const { data, error } = await supabase.auth.signUp({ email, password: "correct-horse-42" });
  if (error || !data.session || !data.user) throw error ?? new Error("sign-up returned no session");
  return { id: data.user.id, email, token: data.session.access_token };
}

// deno-lint-ignore no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the api function; `auth` is a user (JWT), an API key string, or null for none. */
// deno-lint-ignore no-explicit-any
export async function api<T = any>(
  method: string,
  path: string,
  opts: {
    auth?: TestUser | string | null;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth) {
    headers.authorization = `Bearer ${typeof opts.auth === "string" ? opts.auth : opts.auth.token}`;
  }
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  } else if (body !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(`${apiUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch { /* not JSON: keep the text so the assertion shows it */ }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
