import { useEffect } from "preact/hooks";
import { ErrorBoundary, lazy, LocationProvider, Route, Router } from "preact-iso";
import { FeedbackButton } from "./components/FeedbackButton.tsx";
import { Header } from "./components/Header.tsx";
import { SignInPage } from "./components/SignInPage.tsx";
import { StandInNotice } from "./components/StandInNotice.tsx";
import { Loading } from "./components/States.tsx";
import { loadRole, resetRole } from "./lib/role.ts";
import { session } from "./lib/session.ts";
import { loadCatalogs, loadHealth, loadTags, resetStore } from "./lib/store.ts";
import { LibraryPage } from "./pages/LibraryPage.tsx";
import { NewPromptPage } from "./pages/NewPromptPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { PromptPage } from "./pages/PromptPage.tsx";
import { SettingsPage } from "./pages/SettingsPage.tsx";

// uPlot is only needed on the usage page.
const UsagePage = lazy(() => import("./pages/UsagePage.tsx"));
// The prompt builder loads on first visit.
const BuilderPage = lazy(() => import("./pages/BuilderPage.tsx"));
// The admin area (charts too) and the activity page load on first visit.
const AdminPage = lazy(() => import("./pages/AdminPage.tsx"));
const ActivityPage = lazy(() => import("./pages/ActivityPage.tsx"));

function SignedIn({ userId }: { userId: string }) {
  useEffect(() => {
    void loadCatalogs();
    void loadTags();
    void loadRole();
    return () => {
      resetStore();
      resetRole();
    };
  }, [userId]);
  return (
    <LocationProvider>
      <Header />
      <StandInNotice />
      <ErrorBoundary>
        <Router>
          <Route path="/" component={LibraryPage} />
          <Route path="/prompts/new" component={NewPromptPage} />
          <Route path="/prompts/:id" component={PromptPage} />
          <Route path="/usage" component={UsagePage} />
          <Route path="/settings" component={SettingsPage} />
          <Route path="/builder" component={BuilderPage} />
          <Route path="/builder/:tab" component={BuilderPage} />
          <Route path="/activity" component={ActivityPage} />
          <Route path="/admin" component={AdminPage} />
          <Route path="/admin/:tab" component={AdminPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </ErrorBoundary>
      <FeedbackButton />
    </LocationProvider>
  );
}

export function App() {
  useEffect(() => void loadHealth(), []);
  const s = session.value;
  if (s === undefined) return <Loading label="Starting…" />;
  if (!s) return <SignInPage />;
  return <SignedIn key={s.user.id} userId={s.user.id} />;
}
