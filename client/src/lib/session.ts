// The signed-in session and the API client bound to it. Only @supabase/auth-js is imported
// (not the whole supabase-js) to keep the bundle small: the client needs nothing else from it.
import { AuthClient, type Session } from "@supabase/auth-js";
import { signal } from "@preact/signals";
import { createApiClient } from "./api.ts";
import { anonKey, apiBaseUrl, supabaseUrl } from "./config.ts";

export const auth = new AuthClient({
  url: `${supabaseUrl}/auth/v1`,
  headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
  storageKey: "promptline-auth",
  persistSession: true,
  autoRefreshToken: true,
  detectSessionInUrl: false,
});

/** undefined while the stored session is being read, null when signed out. */
export const session = signal<Session | null | undefined>(undefined);

auth.onAuthStateChange((_event, s) => {
  session.value = s;
});
void auth.getSession().then(({ data }) => {
  session.value = data.session;
});

export async function signOut(): Promise<void> {
  // Local scope: an expired token cannot log out on the server, and the user wants out anyway.
  await auth.signOut({ scope: "local" });
  session.value = null;
}

export const api = createApiClient({
  baseUrl: apiBaseUrl,
  token: async () => (await auth.getSession()).data.session?.access_token ?? null,
  onUnauthorized: () => void signOut(),
});
