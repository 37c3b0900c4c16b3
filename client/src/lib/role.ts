// Whether the signed-in user is an admin, read from their profile (GET /settings). It only decides
// whether the client shows the Admin area: the API refuses /admin/* to anyone SQL does not find
// to be an admin, whatever the client believes. The same answer carries their theme.
import { signal } from "@preact/signals";
import { api } from "./session.ts";
import { applyTheme } from "./theme.ts";

export const isAdmin = signal(false);

export async function loadRole(): Promise<void> {
  try {
    const s = await api.get("/settings");
    isAdmin.value = s.profile.role === "admin";
    applyTheme(s.settings.theme);
  } catch {
    isAdmin.value = false;
  }
}

export function resetRole(): void {
  isAdmin.value = false;
}
