// Library import/export: GET /export writes the caller's whole library as a promptline.library
// v1 document; POST /import loads one (or a CSV with the awesome-chatgpt-prompts columns) into
// the caller's library. SQL does the work in one transaction (public.export_library,
// public.import_library); this module validates the document's shape and converts CSV.
import { createRoute, z } from "@hono/zod-openapi";
import { one, withStatementTimeout } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { LibraryDocument } from "../../_shared/library_format.ts";
import { csvPromptsToLibrary, parsePromptCsv, PromptCsvError } from "../../_shared/prompt_csv.ts";
import type { RouteModule } from "../context.ts";
import { asCaller, errorResponses, json, security, tooLargeResponse } from "../schemas.ts";

const timestamp = z.string().max(40);

const variableSchema = z.object({
  name: z.string().max(64),
  type: z.enum(["string", "number", "boolean", "enum"]),
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  options: z.array(z.string()).max(100).nullable().optional(),
  description: z.string().max(500).optional(),
}).strict();

const versionSchema = z.object({
  version_number: z.number().int().positive(),
  title: z.string().max(300).optional(),
  content: z.string().max(100_000),
  variables: z.array(variableSchema).max(100).default([]),
  model_config: z.object({
    model: z.string().max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
  }).strict().default({}),
  summary: z.string().max(1000).nullable().default(null),
  source: z.enum(["manual", "restore", "improve", "import"]).default("import"),
  restored_from_version: z.number().int().positive().nullable().optional(),
  created_at: timestamp.optional(),
}).strict();

const promptSchema = z.object({
  catalog: z.string().max(200).nullable(),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(2000).nullable().default(null),
  status: z.enum(["draft", "published", "archived"]).default("draft"),
  visibility: z.enum(["private", "public"]).optional(),
  published_at: timestamp.nullable().optional(),
  created_at: timestamp.optional(),
  tags: z.array(z.string().max(50)).max(50).default([]),
  current_version: z.number().int().positive().nullable().optional(),
  versions: z.array(versionSchema).max(1000),
}).strict();

const librarySchema = z.object({
  format: z.literal("promptline.library"),
  version: z.literal(1),
  exported_at: timestamp.optional(),
  catalogs: z.array(
    z.object({
      name: z.string().trim().min(1).max(200),
      description: z.string().max(2000).nullable().default(null),
    }).strict(),
  ).max(1000).default([]),
  tags: z.array(z.string().max(50)).max(10_000).default([]),
  prompts: z.array(promptSchema).max(10_000).default([]),
}).strict().openapi("Library");

const csvJsonSchema = z.object({
  format: z.literal("csv"),
  data: z.string().min(1).openapi({
    description: "CSV text with the columns act,prompt,for_devs,type,contributor",
  }),
}).strict().openapi("CsvImport");

const importBody = z.discriminatedUnion("format", [librarySchema, csvJsonSchema]);

const importResult = z.object({
  imported: z.number().int(),
  skipped: z.number().int().openapi({ description: "Titles already in the same catalog" }),
  catalogs: z.number().int(),
  catalogs_created: z.number().int(),
  versions: z.number().int(),
  tags_created: z.number().int(),
}).openapi("ImportResult");

const exportRoute = createRoute({
  method: "get",
  path: "/export",
  tags: ["library"],
  security,
  responses: { 200: json(librarySchema, "The whole library"), ...errorResponses },
});

const importRoute = createRoute({
  method: "post",
  path: "/import",
  tags: ["library"],
  security,
  request: {
    body: {
      // Not "required" so that text/csv bodies reach the handler (the JSON validator would
      // refuse them); the handler refuses a request with neither.
      required: false,
      content: {
        "application/json": { schema: importBody },
        "text/csv": { schema: z.string().openapi({ description: "The CSV itself" }) },
      },
    },
  },
  responses: {
    200: json(importResult, "Imported in one transaction (nothing on error)"),
    ...errorResponses,
    ...tooLargeResponse,
    415: json(z.object({ error: z.object({ code: z.string(), message: z.string() }) })),
  },
});

function fromCsv(text: string): LibraryDocument {
  try {
    return csvPromptsToLibrary(parsePromptCsv(text));
  } catch (e) {
    if (e instanceof PromptCsvError) throw new ApiError(422, "invalid_csv", e.message);
    throw e;
  }
}

export const libraryIoRoutes: RouteModule = (app, deps) => {
  app.openapi(exportRoute, async (c) => {
    const rows = await asCaller(
      deps,
      c,
      (tx) => tx<{ doc: LibraryDocument }[]>`select public.export_library() as doc`,
    );
    c.header("content-disposition", 'attachment; filename="promptline-library.json"');
    return c.json(one(rows).doc as z.infer<typeof librarySchema>, 200);
  });

  app.openapi(importRoute, async (c) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    let doc: LibraryDocument;
    if (type === "text/csv") {
      doc = fromCsv(await c.req.text());
    } else if (/^application\/([a-z.-]+\+)?json$/.test(type)) {
      // The text/csv schema widens the inferred type; a JSON body passed importBody.
      const body = c.req.valid("json") as z.infer<typeof importBody>;
      doc = body.format === "csv" ? fromCsv(body.data) : body as LibraryDocument;
    } else {
      throw new ApiError(415, "unsupported_media_type", "send text/csv or application/json");
    }
    const rows = await asCaller(deps, c, async (tx) => {
      // A whole library (up to 25 MB) is one statement: it may take longer than others.
      await withStatementTimeout(tx, deps.config.dbImportStatementTimeoutMs);
      return await tx<{ result: z.infer<typeof importResult> }[]>`
        select public.import_library(${tx.json(doc as never)}) as result`;
    });
    return c.json(one(rows).result, 200);
  });
};
