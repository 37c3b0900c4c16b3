// Zod schemas of the gallery and of sharing (issue 15), shared by the gallery and sharing routes.
import { z } from "@hono/zod-openapi";
import { promptVisibilitySchema } from "./contract.ts";
import { modelConfigSchema, variableSchema } from "./prompt_schemas.ts";

export const categoryIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "a category id")
  .openapi({ example: "coding" });

/** A share link's secret part (22 URL-safe characters; rotated links get a new one). */
export const slugParam = z.object({
  slug: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "a share-link slug")
    .openapi({ param: { name: "slug", in: "path" } }),
});

export const galleryCategorySchema = z.object({
  id: categoryIdSchema,
  name: z.string(),
  description: z.string().nullable(),
}).openapi("GalleryCategory");

export const galleryCardSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  category_id: categoryIdSchema.nullable(),
  tags: z.array(z.string()),
  author_name: z.string(),
  likes_count: z.number().int(),
  uses_count: z.number().int(),
  forks_count: z.number().int(),
  version_number: z.number().int().nullable(),
  excerpt: z.string().openapi({ description: "The first 240 characters of the current version" }),
  published_at: z.string().nullable(),
  rank: z.number().nullable().openapi({ description: "Relevance, on a search; else null" }),
}).openapi("GalleryCard");

const sharedVersionSchema = z.object({
  id: z.uuid().nullable(),
  version_number: z.number().int().nullable(),
  content: z.string(),
  variables: z.array(variableSchema),
  model_config: modelConfigSchema,
});

export const sharedPromptSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  visibility: promptVisibilitySchema,
  category_id: categoryIdSchema.nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  author_name: z.string(),
  is_owner: z.boolean().nullable(),
  version: sharedVersionSchema,
  likes_count: z.number().int(),
  uses_count: z.number().int(),
  forks_count: z.number().int(),
  liked: z.boolean(),
  favorited: z.boolean(),
  published_at: z.string().nullable(),
  updated_at: z.string(),
  history: z.array(z.object({
    version_number: z.number().int(),
    summary: z.string().nullable(),
    content: z.string(),
    variables: z.array(variableSchema),
    model_config: modelConfigSchema,
    created_at: z.string(),
  })).nullable().openapi({ description: "The version history, when its owner shares it" }),
}).openapi("SharedPrompt");

export const sharingSchema = z.object({
  prompt_id: z.uuid(),
  visibility: promptVisibilitySchema,
  category_id: categoryIdSchema.nullable(),
  show_history: z.boolean(),
  slug: z.string().nullable().openapi({
    description: "The share link's slug while the prompt is unlisted or public: /s/{slug}",
  }),
  likes_count: z.number().int(),
  uses_count: z.number().int(),
  forks_count: z.number().int(),
  published_at: z.string().nullable(),
}).openapi("PromptSharing");

export const reactionSchema = z.object({
  liked: z.boolean().optional(),
  favorited: z.boolean().optional(),
  likes_count: z.number().int(),
}).openapi("Reaction");
