// What sharing_pages.ts loads: everything of the gallery and of sharing, in one chunk.
export { default as GalleryPage } from "./GalleryPage.tsx";
export { default as SharedPromptPage } from "./SharedPromptPage.tsx";
export { default as FavoritesPage } from "./FavoritesPage.tsx";
export { default as ShareSection } from "../components/ShareSection.tsx";
