import { ApiKeysSection } from "../components/ApiKeysSection.tsx";
import { BudgetSection } from "../components/BudgetSection.tsx";
import { DefaultFrameworkSection } from "../components/DefaultFrameworkSection.tsx";
import { DisplayNameSection } from "../components/DisplayNameSection.tsx";
import { LibraryTransferSection } from "../components/LibraryTransferSection.tsx";
import { ProviderKeysSection } from "../components/ProviderKeysSection.tsx";
import { RetentionSection } from "../components/RetentionSection.tsx";
import { RunDefaultsSection } from "../components/RunDefaultsSection.tsx";
import type { SettingsProps } from "../components/settings_props.ts";
import { ErrorNotice, Loading } from "../components/States.tsx";
import { ThemeSection } from "../components/ThemeSection.tsx";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";

export function SettingsPage() {
  // Read once for every section that shows a setting or the profile.
  const settings = useResource((signal) => api.get("/settings", { signal }), []);
  const update: SettingsProps["update"] = async (change) => {
    const before = settings.data;
    // Shown at once (a checkbox or select would spring back until the API answers), and put
    // back if the API refuses.
    if (before) {
      const { display_name, avatar_url, ...own } = change;
      settings.set({
        settings: { ...before.settings, ...own },
        profile: {
          ...before.profile,
          ...(display_name === undefined ? {} : { display_name }),
          ...(avatar_url === undefined ? {} : { avatar_url }),
        },
      });
    }
    try {
      settings.set(await api.patch("/settings", { body: change }));
    } catch (e) {
      if (before) settings.set(before);
      throw e;
    }
  };
  const s = settings.data;
  return (
    <main class="page narrow">
      <h1>Settings</h1>
      {settings.error ? <ErrorNotice error={settings.error} retry={settings.reload} /> : null}
      {!s && !settings.error && <Loading />}
      {s && (
        <>
          <RunDefaultsSection settings={s} update={update} />
          <RetentionSection settings={s} update={update} />
          <DisplayNameSection settings={s} update={update} />
          <ThemeSection settings={s} update={update} />
        </>
      )}
      <DefaultFrameworkSection />
      <BudgetSection />
      <LibraryTransferSection />
      <ApiKeysSection />
      <ProviderKeysSection />
    </main>
  );
}
