// Versions of a prompt: list (newest first), add, read one, restore an old one (a new version
// copying it, via restore_prompt_version), and diff two (by id or number). Versions are
// immutable; numbering and the current-version pointer are kept by SQL triggers.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../_shared/errors.ts";
import { asJson, one, type Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { decodeCursor, page, pageOf, pageQuery } from "../pagination.ts";
import { createVersionBody, versionSchema } from "../prompt_schemas.ts";
import {
  asCaller,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
  tooLargeResponse,
} from "../schemas.ts";
import {
  DiffCache,
  diffEtag,
  type DiffSide,
  DiffTooLargeError,
  diffVersions,
  etagMatches,
  MAX_EDIT_LENGTH,
  MAX_PATCH_CHARS,
} from "../version_diff.ts";
import { promptNotFound } from "./prompts.ts";

const versionParams = idParam.extend({
  vid: z.uuid().openapi({ param: { name: "vid", in: "path" } }),
});

const versionListItemSchema = versionSchema.omit({ content: true }).extend({
  content_preview: z.string().openapi({ description: "The first 200 characters" }),
  content_chars: z.number().int(),
  is_current: z.boolean(),
}).openapi("PromptVersionListItem");

// A version named by its id or by its number within the prompt.
const versionRef = z.union([
  z.uuid(),
  z.string().regex(/^[1-9][0-9]{0,8}$/, "a version id or number"),
]);

const diffPartSchema = z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() });
const diffSchema = z.object({
  from: versionSchema.pick({ id: true, version_number: true }),
  to: versionSchema.pick({ id: true, version_number: true }),
  changed: z.array(z.enum(["content", "variables", "model_config"])),
  lines: z.array(diffPartSchema),
  words: z.array(diffPartSchema),
  hunks: z.array(z.object({
    oldStart: z.number(),
    oldLines: z.number(),
    newStart: z.number(),
    newLines: z.number(),
    lines: z.array(z.string()),
  })),
  patch: z.string().openapi({ description: "Unified diff of the content" }),
  variables: z.array(diffPartSchema),
  model_config: z.array(diffPartSchema),
  approximate: z.boolean().openapi({
    description: "True when the versions differ too much for a minimal diff: more than " +
      `${MAX_EDIT_LENGTH.lines} changed lines or ${MAX_EDIT_LENGTH.words} changed words (fewer ` +
      "for very large versions). The parts past that bound are given whole: all removed, then " +
      "all added.",
  }),
}).openapi("PromptVersionDiff");

/** The diff without the pair it is of: what POST /prompts/{id}/improve gives for a suggestion. */
export const versionDiffSchema = diffSchema.omit({ from: true, to: true }).openapi("VersionDiff");

/** In place of a diff past the bounds, where the diff is not the point (improve). */
export const omittedDiffSchema = z.object({
  omitted: z.literal(true),
  code: z.literal("diff_too_large"),
  message: z.string(),
  reason: z.enum(["patch_too_large", "timeout"]),
  patch_chars: z.number().int().optional(),
  limits: z.object({
    max_patch_chars: z.number().int(),
    max_edit_length: z.object({
      lines: z.number().int(),
      words: z.number().int(),
      json: z.number().int(),
    }),
    work: z.number().int(),
    timeout_ms: z.number().int(),
  }),
}).openapi("OmittedDiff", {
  description: "No diff: it is past the bounds of GET /prompts/{id}/diff (reason, limits), the " +
    "same rule that answers 422 diff_too_large there",
});

const list = createRoute({
  method: "get",
  path: "/prompts/{id}/versions",
  tags: ["versions"],
  security,
  request: { params: idParam, query: z.object(pageQuery) },
  responses: {
    200: json(
      pageOf(versionListItemSchema),
    ),
    ...errorResponses,
  },
});

const create = createRoute({
  method: "post",
  path: "/prompts/{id}/versions",
  tags: ["versions"],
  security,
  request: { params: idParam, ...jsonBody(createVersionBody) },
  responses: {
    201: json(
      versionSchema,
      "Created; now the prompt's current version (omitted variables and model_config are kept from the previous one)",
    ),
    ...errorResponses,
    ...tooLargeResponse,
  },
});

const get = createRoute({
  method: "get",
  path: "/prompts/{id}/versions/{vid}",
  tags: ["versions"],
  security,
  request: { params: versionParams },
  responses: { 200: json(versionSchema), ...errorResponses },
});

const restore = createRoute({
  method: "post",
  path: "/prompts/{id}/versions/{vid}/restore",
  tags: ["versions"],
  security,
  request: { params: versionParams },
  responses: {
    201: json(versionSchema, "The new version copying the restored one"),
    ...errorResponses,
  },
});

const diff = createRoute({
  method: "get",
  path: "/prompts/{id}/diff",
  tags: ["versions"],
  security,
  request: {
    params: idParam,
    query: z.object({ from: versionRef, to: versionRef }),
    headers: z.object({
      "if-none-match": z.string().optional().openapi({
        description: "The ETag of an earlier answer for the same pair: 304 if it still holds",
      }),
    }),
  },
  responses: {
    200: {
      ...json(
        diffSchema,
        "The diff. Versions are immutable, so it is sent with an ETag naming the pair and " +
          "`Cache-Control: private, max-age=3600, immutable`",
      ),
      headers: z.object({ ETag: z.string(), "Cache-Control": z.string() }),
    },
    304: { description: "Not modified: If-None-Match names this pair's ETag" },
    ...errorResponses,
    422: {
      description: "Validation failed (details.fields names each field), or `diff_too_large`: " +
        `its patch would exceed ${MAX_PATCH_CHARS} characters, or it took too long to compute. ` +
        "details gives the reason, the limits and the two versions, which can still be read.",
      content: errorResponses[422].content,
    },
  },
});

const versionNotFound = (field?: string) =>
  notFound(
    "version",
    undefined,
    field ? { fields: [{ field, message: "no such version of this prompt" }] } : undefined,
  );

async function promptExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx`select 1 from public.prompts where id = ${id}`).length > 0;
}

type Version = z.infer<typeof versionSchema>;
type VersionRef = { id: string; version_number: number };
// A diff as the route keeps it: the 200 body's JSON, or why it was refused.
type DiffOutcome = { body: string } | { refused: DiffTooLargeError };
// What the diff route learns in its transaction: what is missing, or the pair and what to do.
type DiffLookup =
  | { missing: "prompt" | "from" | "to" }
  | {
    from: VersionRef;
    to: VersionRef;
    etag: string;
    next: "not_modified" | DiffOutcome | [DiffSide, DiffSide];
  };

function diffTooLarge(promptId: string, from: VersionRef, to: VersionRef, e: DiffTooLargeError) {
  return new ApiError(
    422,
    "diff_too_large",
    `the diff from version ${from.version_number} to ${to.version_number} is too large: ` +
      `${e.message}. Both versions can still be read in full (details.versions).`,
    {
      ...e.details(),
      from,
      to,
      versions: [from, to].map((v) => `/prompts/${promptId}/versions/${v.id}`),
    },
  );
}

export const versionRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 1);
    if (after && !/^[0-9]{1,9}$/.test(after[0])) {
      throw new ApiError(422, "validation_failed", "invalid cursor", {
        fields: [{ field: "cursor", message: "not a cursor returned by this API" }],
      });
    }
    const rows = await asCaller(deps, c, async (tx) => {
      if (!await promptExists(tx, id)) return null;
      return await tx<{ item: z.infer<typeof versionListItemSchema> }[]>`
        select public.prompt_version_json(v) - 'content' || jsonb_build_object(
                 'content_preview', left(v.content, 200),
                 'content_chars', char_length(v.content),
                 'is_current', v.id = p.current_version_id) as item
        from public.prompt_versions v
        join public.prompts p on p.id = v.prompt_id
        where v.prompt_id = ${id}
          and ${after ? tx`v.version_number < ${Number(after[0])}` : tx`true`}
        order by v.version_number desc
        limit ${limit + 1}`;
    });
    if (!rows) throw promptNotFound();
    const items = rows.map((r) => r.item);
    return c.json(page(items, limit, (v) => [String(v.version_number)]), 200);
  });

  app.openapi(create, async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    // Omitted variables and model settings carry over from the current version. A prompt the
    // caller cannot see yields nulls here, and the numbering trigger refuses it (PL404).
    const rows = await asCaller(deps, c, (tx) =>
      tx<{ version: Version }[]>`
        insert into public.prompt_versions as v (prompt_id, content, messages, response_format,
          variables, model_config, summary, source)
        select ${id}, ${b.content ?? null}, ${b.messages ? tx.json(b.messages) : null}::jsonb,
               ${b.response_format ? tx.json(asJson(b.response_format)) : null}::jsonb,
               coalesce(${b.variables ? tx.json(b.variables) : null}::jsonb, cur.variables, '[]'),
               coalesce(${
        b.model_config ? tx.json(b.model_config) : null
      }::jsonb, cur.model_config, '{}'),
               ${b.summary ?? null}, ${b.source ?? "manual"}
        from (select 1) as one
        left join public.prompts p on p.id = ${id}
        left join public.prompt_versions cur on cur.id = p.current_version_id
        returning public.prompt_version_json(v) as version`);
    return c.json(one(rows).version, 201);
  });

  app.openapi(get, async (c) => {
    const { id, vid } = c.req.valid("param");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<{ version: Version }[]>`
        select public.prompt_version_json(v) as version from public.prompt_versions v
        where v.id = ${vid} and v.prompt_id = ${id}`);
    if (!row) throw versionNotFound();
    return c.json(row.version, 200);
  });

  app.openapi(restore, async (c) => {
    const { id, vid } = c.req.valid("param");
    const restored = await asCaller(deps, c, async (tx) => {
      const [found] = await tx`
        select 1 from public.prompt_versions v where v.id = ${vid} and v.prompt_id = ${id}`;
      if (!found) return null;
      const rows = await tx<{ version: Version }[]>`
        select public.prompt_version_json(r) as version
        from public.restore_prompt_version(${vid}) r`;
      return one(rows).version;
    });
    if (!restored) throw versionNotFound();
    return c.json(restored, 201);
  });

  // Per worker: the diffs this worker computed (their JSON) and the pairs it refused as too large.
  const diffCache = new DiffCache<DiffOutcome>();

  app.openapi(diff, async (c) => {
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const ifNoneMatch = c.req.valid("header")["if-none-match"];
    // RLS answers first: only a caller who can read both versions gets as far as the ETag and
    // the cache, and the content is read only when neither can answer.
    const found = await asCaller(deps, c, async (tx): Promise<DiffLookup> => {
      if (!await promptExists(tx, id)) return { missing: "prompt" };
      const pick = async (ref: string) => {
        const [row] = await tx<VersionRef[]>`
          select v.id, v.version_number from public.prompt_versions v
          where v.prompt_id = ${id}
            and ${
          /^[0-9]+$/.test(ref) ? tx`v.version_number = ${Number(ref)}` : tx`v.id = ${ref}`
        }`;
        return row;
      };
      const from = await pick(query.from);
      if (!from) return { missing: "from" };
      const to = await pick(query.to);
      if (!to) return { missing: "to" };
      const pair = { from, to, etag: diffEtag(from.id, to.id) };
      if (etagMatches(ifNoneMatch, pair.etag)) return { ...pair, next: "not_modified" };
      const cached = diffCache.get(DiffCache.key(from.id, to.id));
      if (cached) return { ...pair, next: cached };
      const rows = await tx<DiffSide[]>`
        select v.id, v.version_number, v.content, v.variables, v.model_config
        from public.prompt_versions v
        where v.prompt_id = ${id} and v.id in (${from.id}, ${to.id})`;
      const a = rows.find((r) => r.id === from.id);
      const b = rows.find((r) => r.id === to.id);
      // Pruned by retention between the two statements: as if it had not been found.
      if (!a || !b) return { missing: a ? "to" : "from" };
      return { ...pair, next: [a, b] };
    });
    if ("missing" in found) {
      throw found.missing === "prompt" ? promptNotFound() : versionNotFound(found.missing);
    }
    const { from, to, etag, next } = found;
    const cacheHeaders = {
      ETag: etag,
      // A browser keeps it an hour without asking (a caller who lost access keeps it no longer),
      // then asks with If-None-Match and gets a 304.
      "Cache-Control": "private, max-age=3600, immutable",
      Vary: "Authorization, X-Api-Key",
    };
    if (next === "not_modified") return c.body(null, 304, cacheHeaders);

    let outcome: DiffOutcome;
    if (Array.isArray(next)) {
      const key = DiffCache.key(from.id, to.id);
      try {
        const body = JSON.stringify({ from, to, ...diffVersions(...next) });
        outcome = { body };
        diffCache.set(key, outcome, body.length);
      } catch (e) {
        if (!(e instanceof DiffTooLargeError)) throw e;
        outcome = { refused: e };
        // A timeout depends on the machine's load, not on the pair: it may go through later.
        if (e.reason !== "timeout") diffCache.set(key, outcome, 200);
      }
    } else outcome = next;
    if ("refused" in outcome) throw diffTooLarge(id, from, to, outcome.refused);
    return c.body(outcome.body, 200, {
      ...cacheHeaders,
      "content-type": "application/json; charset=utf-8",
    });
  });
};
