// The Runs pages (/runs and /runs/:id), one lazy chunk: opening a run from the list loads nothing
// more.
export { RunPage } from "./RunPage.tsx";
export { RunsPage } from "./RunsPage.tsx";
