import type { ComponentType } from "preact";
import { useEffect } from "preact/hooks";
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { BudgetBanner } from "./components/BudgetBanner.tsx";
import { FeedbackButton } from "./components/FeedbackButton.tsx";
import { Header } from "./components/Header.tsx";
import { PublicHeader } from "./components/PublicHeader.tsx";
import { SignInPage } from "./components/SignInPage.tsx";
import { StandInNotice } from "./components/StandInNotice.tsx";
import { Loading } from "./components/States.tsx";
import { budget, loadBudget } from "./lib/budget.ts";
import { loadRole, resetRole } from "./lib/role.ts";
import { session } from "./lib/session.ts";
import { returnPath } from "./lib/sign_in_return.ts";
import { loadCatalogs, loadHealth, loadTags, resetStore } from "./lib/store.ts";
import { LibraryPage } from "./pages/LibraryPage.tsx";
import { NewPromptPage } from "./pages/NewPromptPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { PromptPage } from "./pages/PromptPage.tsx";
import { SettingsPage } from "./pages/SettingsPage.tsx";
import { sharingPages } from "./pages/sharing_pages.ts";

// uPlot is only needed on the usage page.
const UsagePage = lazy(() => import("./pages/UsagePage.tsx"));
// The prompt builder loads on first visit.
const BuilderPage = lazy(() => import("./pages/BuilderPage.tsx"));
// The admin area (charts too) and the activity page load on first visit.
const AdminPage = lazy(() => import("./pages/AdminPage.tsx"));
const ActivityPage = lazy(() => import("./pages/ActivityPage.tsx"));
// The gallery, a shared prompt and the favorites (read signed out too) load on first visit.
const GalleryPage = lazy(() => sharingPages().then((m) => m.GalleryPage));
const SharedPromptPage = lazy(() => sharingPages().then((m) => m.SharedPromptPage));
const FavoritesPage = lazy(() => sharingPages().then((m) => m.FavoritesPage));
// The Runs pages (all runs, one run) share a chunk, loaded on first visit.
const runPages = () => import("./pages/run_pages_chunk.ts");
const RunsPage = lazy(() => runPages().then((m) => m.RunsPage));
const RunPage = lazy(() => runPages().then((m) => m.RunPage));
// The workflow pages (templates, start form, a run, my runs; their own routes) load on first visit.
const WorkflowPages = lazy(() => import("./pages/workflow_pages_chunk.tsx"));

/** Signing in from a public page (/sign-in?next=…) comes back to it. */
function BackAfterSignIn() {
  const { query, route } = useLocation();
  useEffect(() => route(returnPath(query.next), true), []);
  return null;
}

function SignedIn({ userId }: { userId: string }) {
  useEffect(() => {
    void loadCatalogs();
    void loadTags();
    void loadRole();
    void loadBudget();
    return () => {
      resetStore();
      resetRole();
      budget.value = null;
    };
  }, [userId]);
  return (
    <LocationProvider>
      <Header />
      <StandInNotice />
      <BudgetBanner />
      <ErrorBoundary>
        <Router>
          <Route path="/" component={LibraryPage} />
          <Route path="/prompts/new" component={NewPromptPage} />
          <Route path="/prompts/:id" component={PromptPage} />
          <Route path="/runs" component={RunsPage} />
          <Route path="/runs/:id" component={RunPage} />
          <Route path="/usage" component={UsagePage} />
          <Route path="/settings" component={SettingsPage} />
          <Route path="/builder" component={BuilderPage} />
          <Route path="/builder/:tab" component={BuilderPage} />
          <Route path="/activity" component={ActivityPage} />
          <Route path="/admin" component={AdminPage} />
          <Route path="/admin/:tab" component={AdminPage} />
          <Route path="/gallery" component={GalleryPage} />
          <Route path="/gallery/:id" component={SharedPromptPage} />
          <Route path="/s/:slug" component={SharedPromptPage} />
          <Route path="/favorites" component={FavoritesPage} />
          <Route path="/workflows" component={WorkflowPages} />
          <Route path="/workflows/*" component={WorkflowPages} />
          <Route path="/sign-in" component={BackAfterSignIn} />
          <Route default component={NotFoundPage} />
        </Router>
      </ErrorBoundary>
      <FeedbackButton />
    </LocationProvider>
  );
}

/** A page anyone may read, under the signed-out header. */
const publicPage = (Page: ComponentType) => () => (
  <>
    <PublicHeader />
    <Page />
  </>
);
const PublicGallery = publicPage(GalleryPage);
const PublicSharedPrompt = publicPage(SharedPromptPage);

/** Signed out: the gallery and shared prompts can be read; every other address asks to sign in. */
function SignedOut() {
  return (
    <LocationProvider>
      <ErrorBoundary>
        <Router>
          <Route path="/gallery" component={PublicGallery} />
          <Route path="/gallery/:id" component={PublicSharedPrompt} />
          <Route path="/s/:slug" component={PublicSharedPrompt} />
          <Route default component={SignInPage} />
        </Router>
      </ErrorBoundary>
    </LocationProvider>
  );
}

export function App() {
  useEffect(() => void loadHealth(), []);
  const s = session.value;
  if (s === undefined) return <Loading label="Starting…" />;
  if (!s) return <SignedOut />;
  return <SignedIn key={s.user.id} userId={s.user.id} />;
}
