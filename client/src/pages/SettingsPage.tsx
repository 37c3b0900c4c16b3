import { ApiKeysSection } from "../components/ApiKeysSection.tsx";
import { BudgetSection } from "../components/BudgetSection.tsx";
import { DefaultFrameworkSection } from "../components/DefaultFrameworkSection.tsx";
import { DisplayNameSection } from "../components/DisplayNameSection.tsx";
import { LibraryTransferSection } from "../components/LibraryTransferSection.tsx";
import { ProviderKeysSection } from "../components/ProviderKeysSection.tsx";
import { RetentionSection } from "../components/RetentionSection.tsx";
import { RunDefaultsSection } from "../components/RunDefaultsSection.tsx";

export function SettingsPage() {
  return (
    <main class="page narrow">
      <h1>Settings</h1>
      <RunDefaultsSection />
      <RetentionSection />
      <DisplayNameSection />
      <DefaultFrameworkSection />
      <BudgetSection />
      <LibraryTransferSection />
      <ApiKeysSection />
      <ProviderKeysSection />
    </main>
  );
}
