import type { components } from "../lib/api_schema.ts";
import type { Settings } from "../lib/types.ts";

/** What a Settings section is given: the settings as read once by the page, and how to change them. */
export interface SettingsProps {
  settings: Settings;
  /**
   * Sends a change (PATCH /settings); the page shows it at once and takes the API's answer, or
   * puts back what was there if the API refuses (the error is thrown on, for the section to say).
   */
  update: (change: components["schemas"]["SettingsUpdate"]) => Promise<void>;
}
