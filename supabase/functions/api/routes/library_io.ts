// Library import/export: GET /export writes the caller's whole library as a promptline.library
// v1 document; POST /import loads one (or a CSV with the awesome-chatgpt-prompts columns) into
// the caller's library. SQL does the work (public.export_library_head and export_library_page,
// public.import_library); this module validates the document's shape and converts CSV.
//
// Hosted Edge Functions allow 256 MB and 2 s of CPU per request. GET /export therefore streams
// the document: the head (everything but the prompts), then one page of prompts at a time, read
// as the caller in its own short transaction by keyset (export_library_page) only when the
// client has taken the previous one, and copied to the response as the JSON text SQL wrote. The
// function never holds more than a page, and SQL does the rendering. The pages are not one
// snapshot: a prompt edited during the export is written as it was when its page was read.
// POST /import stays bounded: 25 MB and 10,000 prompts per request (a 413 names the limit). A
// JSON body is split, never parsed whole (library_split.ts), each prompt validated on its own,
// and the prompts go to import_library in batches (1,000 prompts or 2 MB; a CSV is parsed a
// batch at a time) within one transaction (nothing is kept on error). A larger library goes in
// parts, and sending a part again imports nothing twice (existing titles are skipped).
// bench/library_io.ts proves both bounds.
import { createRoute, z } from "@hono/zod-openapi";
import { asUser, one, type Tx, withStatementTimeout } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { LibraryDocument } from "../../_shared/library_format.ts";
import { splitLibrary } from "../../_shared/library_split.ts";
import { csvPromptsToLibrary, parsePromptCsv, PromptCsvError } from "../../_shared/prompt_csv.ts";
import type { RouteModule } from "../context.ts";
import { validationError } from "../validation.ts";
import { promptStatusSchema, promptVisibilitySchema, versionSourceSchema } from "../contract.ts";
import { chatMessageSchema, responseFormatSchema, variableTypeSchema } from "../prompt_schemas.ts";
import { asCaller, errorResponses, json, security, tooLargeResponse } from "../schemas.ts";

/** Prompts per POST /import (as import_library's own check): one transaction's worth. */
export const MAX_IMPORT_PROMPTS = 10_000;

const timestamp = z.string().max(40);

const variableSchema = z.object({
  name: z.string().max(64),
  type: variableTypeSchema,
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  options: z.array(z.string()).max(100).nullable().optional(),
  description: z.string().max(500).optional(),
}).strict();

const versionSchema = z.object({
  version_number: z.number().int().positive(),
  title: z.string().max(300).optional(),
  // A chat version carries messages (its content is then written out from them).
  content: z.string().max(100_000).optional(),
  messages: z.array(chatMessageSchema).min(1).max(100).nullable().optional(),
  response_format: responseFormatSchema.nullable().optional(),
  variables: z.array(variableSchema).max(100).default([]),
  model_config: z.object({
    model: z.string().max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
  }).strict().default({}),
  summary: z.string().max(1000).nullable().default(null),
  source: versionSourceSchema.default("import"),
  restored_from_version: z.number().int().positive().nullable().optional(),
  created_at: timestamp.optional(),
}).strict().refine((v) => v.content !== undefined || v.messages, {
  message: "a version needs content or messages",
  path: ["content"],
});

const promptSchema = z.object({
  catalog: z.string().max(200).nullable(),
  // Kept on import when still free; else the prompt is named from its title.
  name: z.string().max(100).optional(),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(2000).nullable().default(null),
  status: promptStatusSchema.default("draft"),
  visibility: promptVisibilitySchema.optional(),
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
  // Counted before any prompt is parsed (a 413 naming the limit): see jsonParts.
  prompts: z.array(promptSchema).max(MAX_IMPORT_PROMPTS).default([]),
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

/** Prompts per page of GET /export: about 1 MB of JSON for demo-sized prompts. */
export const EXPORT_PAGE_SIZE = 500;

interface ExportKey {
  catalog: string;
  title: string;
  id: string;
}

interface ExportPage {
  /** The page's prompts as SQL wrote them: JSON text joined by commas, in UTF-8 bytes. */
  prompts: Uint8Array | null;
  prompt_count: number;
  last_catalog: string | null;
  last_title: string | null;
  last_id: string | null;
}

/**
 * The library document as a byte stream: the head's fields, then "prompts": [ with each page's
 * JSON text as SQL wrote it, then ]}. A page is read only when the consumer pulls (backpressure),
 * so memory holds about one page whatever the library's size. A failed page read errors the
 * stream: the client sees a cut-off body, never a document that looks whole.
 */
export function streamLibrary(
  head: Record<string, unknown>,
  readPage: (after: ExportKey | null) => Promise<ExportPage>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const comma = encoder.encode(",");
  const headText = JSON.stringify({ ...head, prompts: [] });
  // `{...,"prompts":[]}` → `{...,"prompts":[`: the pages follow, then `]}`.
  const opening = headText.slice(0, -2);
  let after: ExportKey | null = null;
  let started = false;
  let wrote = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(opening));
    },
    async pull(controller) {
      if (started && after === null) {
        controller.enqueue(encoder.encode("]}"));
        controller.close();
        return;
      }
      started = true;
      const page = await readPage(after);
      if (!page.prompt_count || page.prompts === null || page.last_id === null) {
        after = null;
        controller.enqueue(encoder.encode("]}"));
        controller.close();
        return;
      }
      if (wrote) controller.enqueue(comma);
      controller.enqueue(page.prompts);
      wrote = true;
      after = page.prompt_count < EXPORT_PAGE_SIZE
        ? null
        : { catalog: page.last_catalog ?? "", title: page.last_title ?? "", id: page.last_id };
    },
  }, { highWaterMark: 1 });
}

/** A row of export_library_page read raw (each column its text's bytes, or null). */
export function rawExportPage(row: readonly (Uint8Array | null)[]): ExportPage {
  const decoder = new TextDecoder();
  const text = (i: number) => {
    const bytes = row[i];
    return bytes === null || bytes === undefined ? null : decoder.decode(bytes);
  };
  return {
    prompts: row[0] ?? null,
    prompt_count: Number(text(1) ?? 0),
    last_catalog: text(2),
    last_title: text(3),
    last_id: text(4),
  };
}

/** Prompts per import_library call within one POST /import, and the bytes they may take. */
export const IMPORT_BATCH_SIZE = 1000;
export const IMPORT_BATCH_BYTES = 2 << 20;

type ImportResult = z.infer<typeof importResult>;

/** One import_library call's part of a document: its prompts, validated, as JSON text. */
interface ImportBatch {
  catalogs: unknown[];
  tags: unknown[];
  prompts: string[];
}

/** A document to import, made into batches only as they are sent. */
interface ImportParts {
  /**
   * At most IMPORT_BATCH_SIZE prompts or about IMPORT_BATCH_BYTES each (a larger prompt is a
   * batch of its own); at least one batch (maybe without prompts).
   */
  batches(): Iterable<ImportBatch>;
  /** Distinct catalog names (ignoring case); complete once every batch has been made. */
  catalogNames: Set<string>;
}

function tooManyPrompts(count: number): ApiError {
  return new ApiError(
    413,
    "too_large",
    `${count} prompts: at most ${MAX_IMPORT_PROMPTS} prompts per import; send a larger library in parts`,
  );
}

function catalogKey(name: unknown): string | null {
  return typeof name === "string" && name.trim() ? name.trim().toLowerCase() : null;
}

/**
 * A CSV (text/csv, or the data of a {"format":"csv"} document): its records counted first (a
 * 413 past the limit before any is parsed), then parsed and converted IMPORT_BATCH_SIZE records
 * at a time (with the header each time), so only one batch is ever held as objects.
 */
function csvParts(bytes: Uint8Array): ImportParts {
  const { headerEnd, records, strayQuoteRow } = splitCsvRecords(bytes);
  if (records.length > MAX_IMPORT_PROMPTS) throw tooManyPrompts(records.length);
  if (strayQuoteRow !== null) {
    throw new ApiError(
      422,
      "invalid_csv",
      `CSV row ${strayQuoteRow}: unreadable CSV: a quote inside a field that does not start ` +
        "with one (quote the whole field and double the quotes in it)",
    );
  }
  const decoder = new TextDecoder();
  const header = decoder.decode(bytes.subarray(0, headerEnd));
  const catalogNames = new Set<string>();
  return {
    catalogNames,
    *batches() {
      for (let at = 0; at === 0 || at < records.length;) {
        let last = at - 1;
        while (
          last + 1 < records.length && last + 1 - at < IMPORT_BATCH_SIZE &&
          (last < at || records[last + 1]![1] - records[at]![0] <= IMPORT_BATCH_BYTES)
        ) last++;
        const text = last < at
          ? header
          : header + decoder.decode(bytes.subarray(records[at]![0], records[last]![1]));
        const doc = fromCsv(text, at);
        at = last + 1;
        for (const c of doc.catalogs) catalogNames.add(catalogKey(c.name)!);
        yield {
          catalogs: doc.catalogs,
          tags: doc.tags,
          prompts: doc.prompts.map((p) => JSON.stringify(p)),
        };
        if (records.length === 0) break;
      }
    },
  };
}

/**
 * Where a CSV's header ends and each record that is not blank starts and ends (byte offsets): a
 * record ends at a line feed outside double quotes (RFC 4180). `strayQuoteRow` is the first row
 * (the header is row 1) with a quote inside a field that does not start with one, or null: the
 * records are cut by quotes, so such a CSV is refused rather than cut where its parser would not.
 */
export function splitCsvRecords(bytes: Uint8Array): {
  headerEnd: number;
  records: [number, number][];
  strayQuoteRow: number | null;
} {
  const records: [number, number][] = [];
  let headerEnd = -1;
  let start = 0;
  let quoted = false;
  let fieldStart = true;
  let closed = false;
  let blank = true;
  let strayQuoteRow: number | null = null;
  const end = (at: number) => {
    if (headerEnd < 0) headerEnd = at;
    else if (!blank) records.push([start, at]);
    start = at;
    blank = true;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x22) {
      // Opens a field that starts with it, closes a quoted one, or (right after closing) is a
      // doubled quote inside it; anywhere else it is stray.
      if (!quoted && !fieldStart && !closed && strayQuoteRow === null) {
        strayQuoteRow = headerEnd < 0 ? 1 : records.length + 2;
      }
      closed = quoted;
      quoted = !quoted;
      fieldStart = false;
    } else {
      closed = false;
      fieldStart = !quoted && (b === 0x2c || b === 0x0a);
    }
    if (b === 0x0a && !quoted) end(i + 1);
    else if (b !== 0x0d) blank = false;
  }
  if (start < bytes.length) end(bytes.length);
  return { headerEnd: Math.max(headerEnd, 0), records, strayQuoteRow };
}

/**
 * The request body in one buffer, sized by content-length when there is one (arrayBuffer()
 * would hold the chunks and their copy at once). The body limit has already refused a length
 * over 25 MB, and counts the bytes of a body without one.
 */
async function readBody(req: Request): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  let buf = new Uint8Array(Number.isSafeInteger(declared) && declared > 0 ? declared : 1 << 20);
  let size = 0;
  if (req.body) {
    for await (const chunk of req.body) {
      if (size + chunk.length > buf.length) {
        const grown = new Uint8Array(Math.max(buf.length * 2, size + chunk.length));
        grown.set(buf.subarray(0, size));
        buf = grown;
      }
      buf.set(chunk, size);
      size += chunk.length;
    }
  }
  return buf.subarray(0, size);
}

function malformed(): ApiError {
  return new ApiError(400, "bad_request", "Malformed JSON in request body");
}

/**
 * A JSON body: split (splitLibrary), then the head and each prompt parsed and validated on its
 * own, to importBody's rules. Only the body's bytes and the validated prompts' text are held,
 * never the whole document as objects.
 */
function jsonParts(bytes: Uint8Array): ImportParts {
  const split = splitLibrary(bytes);
  let head: unknown;
  try {
    head = JSON.parse(split.head);
  } catch {
    throw malformed();
  }
  const parsedHead = importBody.safeParse(head);
  if (!parsedHead.success) throw validationError(parsedHead.error, "json");
  const body = parsedHead.data;
  if (body.format === "csv") return csvParts(new TextEncoder().encode(body.data));
  if (split.count > MAX_IMPORT_PROMPTS) throw tooManyPrompts(split.count);
  const catalogNames = new Set<string>();
  for (const c of body.catalogs) catalogNames.add(catalogKey(c.name)!);
  const issues: z.core.$ZodIssue[] = [];
  for (let i = 0; i < split.count; i++) {
    let item: unknown;
    try {
      item = JSON.parse(split.prompt(i));
    } catch {
      throw malformed();
    }
    const parsed = promptSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ ...issue, path: ["prompts", i, ...issue.path] });
      }
      continue;
    }
    const k = catalogKey(parsed.data.catalog);
    if (k) catalogNames.add(k);
  }
  if (issues.length) throw validationError(new z.ZodError(issues), "json");
  // The prompts go to SQL as the client wrote them, once all of them passed: SQL applies the
  // same defaults as the schema (status draft, source import, no variables, ...).
  return {
    catalogNames,
    *batches() {
      for (let at = 0; at === 0 || at < split.count;) {
        const prompts: string[] = [];
        let size = 0;
        while (
          at < split.count && prompts.length < IMPORT_BATCH_SIZE &&
          (prompts.length === 0 || size < IMPORT_BATCH_BYTES)
        ) {
          const text = split.prompt(at++);
          prompts.push(text);
          size += text.length;
        }
        const first = size === 0 || at === prompts.length;
        yield { catalogs: first ? body.catalogs : [], tags: first ? body.tags : [], prompts };
        if (prompts.length === 0) break;
      }
    },
  };
}

/**
 * import_library on batches of IMPORT_BATCH_SIZE prompts, in the caller's one transaction (a
 * later batch sees an earlier one's titles and skips them, as one call would); the sums are
 * what one call over the whole document reports. A refusal names the prompt by its place in
 * the whole document, not in its batch.
 */
async function importBatches(tx: Tx, parts: ImportParts): Promise<ImportResult> {
  const total: ImportResult = {
    imported: 0,
    skipped: 0,
    catalogs: 0,
    catalogs_created: 0,
    versions: 0,
    tags_created: 0,
  };
  const head = `{"format":"promptline.library","version":1,`;
  let at = 0;
  for (const batch of parts.batches()) {
    const text = head + `"catalogs":${JSON.stringify(batch.catalogs)},` +
      `"tags":${JSON.stringify(batch.tags)},"prompts":[${batch.prompts.join(",")}]}`;
    let rows: { result: ImportResult }[];
    try {
      rows = await tx<{ result: ImportResult }[]>`
        select public.import_library(${text}::text::jsonb) as result`;
    } catch (e) {
      if (at > 0 && e instanceof Error && /^prompt \d+ /.test(e.message)) {
        e.message = e.message.replace(/^prompt (\d+) /, (_, n) => `prompt ${Number(n) + at} `);
      }
      throw e;
    }
    const r = one(rows).result;
    total.imported += r.imported;
    total.skipped += r.skipped;
    total.catalogs_created += r.catalogs_created;
    total.versions += r.versions;
    total.tags_created += r.tags_created;
    at += batch.prompts.length;
  }
  total.catalogs = parts.catalogNames.size;
  return total;
}

/** A CSV's prompts as a document; `before` records came earlier (for the row in a message). */
function fromCsv(text: string, before = 0): LibraryDocument {
  try {
    return csvPromptsToLibrary(parsePromptCsv(text));
  } catch (e) {
    if (e instanceof PromptCsvError) {
      const message = e.message.replace(
        /^CSV row (\d+)/,
        (_, n) => `CSV row ${Number(n) + before}`,
      );
      throw new ApiError(422, "invalid_csv", message);
    }
    throw e;
  }
}

export const libraryIoRoutes: RouteModule = (app, deps) => {
  app.openapi(exportRoute, async (c) => {
    // The head is read before the response starts, so a refused caller still gets its 4xx.
    const head = one(
      await asCaller(
        deps,
        c,
        (tx) =>
          tx<{ head: Record<string, unknown> }[]>`select public.export_library_head() as head`,
      ),
    ).head;
    const claims = c.get("caller").claims;
    // Raw: the page's JSON comes as the bytes Postgres sent, straight to the response. Read as
    // text it was decoded from UTF-8 and encoded back, about half the export's CPU in the
    // function (a 50,000-prompt export is about 100 MB, against the 2 s CPU limit).
    const readPage = (after: ExportKey | null) =>
      asUser(deps.sql, claims, (tx) =>
        tx`
          select prompts, prompt_count, last_catalog, last_title, last_id
          from public.export_library_page(${after?.catalog ?? null}, ${after?.title ?? null},
            ${after?.id ?? null}, ${EXPORT_PAGE_SIZE})`.raw()).then((rows) =>
          rawExportPage(one(rows))
        );
    const body = streamLibrary(head, readPage);
    // A stream, not c.json: the type checker is told it is the documented Library.
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": 'attachment; filename="promptline-library.json"',
      },
    }) as never;
  });

  // Registered for the OpenAPI document only: the JSON validator would parse and copy the whole
  // body at once; importLibrary validates it one prompt at a time instead, to the same schema.
  app.openAPIRegistry.registerPath(importRoute);
  app.post("/import", async (c) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    let parts: ImportParts;
    if (type === "text/csv") {
      parts = csvParts(await readBody(c.req.raw));
    } else if (/^application\/([a-z.-]+\+)?json$/.test(type)) {
      parts = jsonParts(await readBody(c.req.raw));
    } else {
      throw new ApiError(415, "unsupported_media_type", "send text/csv or application/json");
    }
    const result = await asCaller(deps, c, async (tx) => {
      // The batches of one import are one transaction (nothing is kept on error); each is a
      // statement of its own, which may still take longer than an ordinary one.
      await withStatementTimeout(tx, deps.config.dbImportStatementTimeoutMs);
      return await importBatches(tx, parts);
    });
    return c.json(result, 200);
  });
};
