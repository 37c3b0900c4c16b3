// The API's resources as the client reads them: names for the schemas of the generated
// api_schema.ts (from the api function's /openapi.json), never hand-written shapes. When the API
// changes, `npm run gen:client-types` regenerates them and tsc shows what has to follow.
import {
  type components,
  promptStatusValues,
  promptVisibilityValues,
  variableTypeValues,
} from "./api_schema.ts";

type Schemas = components["schemas"];

export type Catalog = Schemas["Catalog"];

export type PromptVariable = Schemas["PromptVariable"];
export type VariableType = PromptVariable["type"];
export type ModelConfig = Schemas["ModelConfig"];
/** One message of a chat version: {{variables}} may appear in any. */
export type ChatMessage = Schemas["ChatMessage"];
export type Budget = Schemas["Budget"];
export type PromptLabel = Schemas["PromptLabel"];
export type LabelMove = Schemas["LabelMove"];

/** A saved version. */
export type Version = Schemas["PromptVersion"];
/** A version in the history list: its content only previewed. */
export type VersionListItem = Schemas["PromptVersionListItem"];
export type VersionDiff = Schemas["PromptVersionDiff"];
/** One part of a diff, as jsdiff makes it on the server. */
export type VersionDiffPart = VersionDiff["lines"][number];

/** A prompt in the library list: its tags by name. */
export type PromptSummary = Schemas["PromptListItem"];
/** One prompt with its current version, tags (with ids) and last run. */
export type PromptDetail = Schemas["Prompt"];
export type PromptUpdate = Schemas["PromptUpdate"];
export type PromptStatus = PromptDetail["status"];
export type TagRef = Schemas["TagRef"];
export type Tag = Schemas["Tag"];

export type SearchResult = Schemas["SearchResult"];

/** A run record (POST /prompts/:id/runs and the stream's final `run` event). */
export type Run = Schemas["Run"];
export type RunRequest = Schemas["RunRequest"];
/** A run in a list: its output only previewed. */
export type RunSummary = Schemas["RunSummary"];
export type RunStatus = Run["status"];
export type FeedbackStatus = Schemas["Feedback"]["status"];

export type Model = Schemas["Model"];
export type Provider = Schemas["Provider"];
export type ProviderKey = Schemas["ProviderKey"];
export type ApiKey = Schemas["ApiKey"];
export type ApiKeyScope = ApiKey["scopes"][number];
/** The answer to POST /api-keys: the key itself, shown once. */
export type CreatedApiKey = Schemas["CreatedApiKey"];

export type Settings = Schemas["Settings"];
export type RetentionPolicy = Settings["settings"]["retention_policy"];
export type Health = Schemas["Health"];
export type Usage = Schemas["Usage"];
export type Metrics = Schemas["Metrics"];
export type ImproveSuggestion = Schemas["ImproveSuggestion"];

/** What a run needs of a version: the owner's full version or a shared prompt's current one. */
export type RunnableVersion = Pick<Version, "id" | "version_number" | "variables" | "model_config">;

export type Visibility = PromptDetail["visibility"];
export type GalleryCard = Schemas["GalleryCard"];
export type GalleryCategory = Schemas["GalleryCategory"];
/** A public or unlisted prompt as its readers see it (by id in the gallery, or by share link). */
export type SharedPrompt = Schemas["SharedPrompt"];
/** The owner's sharing settings and counts. */
export type PromptSharing = Schemas["PromptSharing"];
/** The three counters a shared prompt carries. */
export type ShareCountsOf = Pick<GalleryCard, "likes_count" | "uses_count" | "forks_count">;
export type ApiError = Schemas["Error"];

// Lists for pickers: the API's own enums (generated from /openapi.json with the types), so a
// value the API adds or drops reaches every dropdown.
export const promptStatuses = promptStatusValues;
/** A status typed in a URL: the status if it is one, else undefined (no filter). */
export const asPromptStatus = (s: string): PromptStatus | undefined =>
  promptStatuses.find((x) => x === s);
export const visibilities = promptVisibilityValues;
export const variableTypes = variableTypeValues;
