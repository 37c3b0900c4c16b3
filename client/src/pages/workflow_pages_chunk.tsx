// The workflow pages (issue 17), one lazy chunk with its own routes under /workflows: the template
// gallery with my runs, a template's start form, a run; and the Admin area's Workflows tab.
import { Route, Router } from "preact-iso";
import { WorkflowsPage } from "./WorkflowsPage.tsx";
import { WorkflowTemplatePage } from "./WorkflowTemplatePage.tsx";
import { WorkflowRunPage } from "./WorkflowRunPage.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";

export { WorkflowsAdmin } from "../components/WorkflowsAdmin.tsx";

export default function WorkflowPages() {
  return (
    <Router>
      <Route path="/" component={WorkflowsPage} />
      <Route path="/runs" component={WorkflowsPage} />
      <Route path="/runs/:id" component={WorkflowRunPage} />
      <Route path="/new/:slug" component={WorkflowTemplatePage} />
      <Route default component={NotFoundPage} />
    </Router>
  );
}
