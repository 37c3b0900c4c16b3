// POST /prompts/:id/improve (seed 000 "improve"): asks the model for a better version of the
// prompt and returns it as a suggestion with its diff; the prompt is not changed. Saving it is a
// normal POST /prompts/:id/versions with source "improve", which SQL logs as improve_saved. The
// call is a run of kind "improve" through the run service, so an improvement is routed, billed,
// limited and recorded exactly like a run (the stand-in answers on the local stack).
import { createRoute, z } from "@hono/zod-openapi";
import { one, serviceCallerSettings } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { metaPrompt, parseSuggestion, variableChanges } from "../improve.ts";
import { keySourceSchema } from "../contract.ts";
import { quotaHeaders } from "../quota.ts";
import { tokenUsageSchema } from "../run/record.ts";
import { runServiceOf } from "../run/service.ts";
import { errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";
import { diffOrOmitted } from "../version_diff.ts";
import { omittedDiffSchema, versionDiffSchema } from "./versions.ts";

const improveBody = z.object({
  instructions: z.string().max(2000).optional().openapi({ example: "make it more concise" }),
  model: z.string().min(1).max(200).optional(),
  version_id: z.uuid().optional().openapi({ description: "Defaults to the current version" }),
}).strict();

const errorContent = { "application/json": { schema: z.object({ error: z.object({}).loose() }) } };

const improveResponse = z.object({
  suggestion: z.object({ content: z.string(), summary: z.string() }),
  diff: z.union([versionDiffSchema, omittedDiffSchema]).openapi({
    description: "From the base version to the suggestion; past the diff's bounds (a long " +
      "suggestion) an OmittedDiff instead, and the suggestion is still given in full",
  }),
  base_version: z.object({ id: z.uuid(), version_number: z.number().int() }),
  model: z.string(),
  provider_id: z.string(),
  key_source: keySourceSchema,
  standin: z.boolean().openapi({ description: "true when the deterministic stand-in answered" }),
  token_usage: tokenUsageSchema.nullable(),
  latency_ms: z.number().int(),
  cost_usd: z.string().nullable(),
  warnings: z.object({
    missing_variables: z.array(z.string()),
    added_variables: z.array(z.string()),
  }),
  event_id: z.uuid(),
  run_id: z.uuid().openapi({ description: "The improvement's run: its record, cost and log" }),
}).openapi("ImproveSuggestion");

const improve = createRoute({
  method: "post",
  path: "/prompts/{id}/improve",
  tags: ["prompts"],
  security,
  request: { params: idParam, ...jsonBody(improveBody) },
  responses: {
    200: json(improveResponse),
    ...errorResponses,
    429: {
      description: "Daily quota, API-key rate or the provider's per-user limit used up",
      content: errorContent,
    },
    502: { description: "The model failed to answer", content: errorContent },
    503: { description: "Quota service unavailable: nothing was asked", content: errorContent },
    504: { description: "The model did not answer in time", content: errorContent },
  },
});

export const improveRoutes: RouteModule = (app, deps) => {
  const runs = runServiceOf(deps);

  app.openapi(improve, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    // An improvement is a run of its own kind: routed, metered, priced and recorded like a run.
    const begun = await runs.begin(c.get("caller"), {
      kind: "improve",
      promptId: id,
      versionId: body.version_id,
      model: body.model,
      compose: (p) =>
        metaPrompt({
          title: p.title,
          goal: p.description,
          content: p.content,
          variables: p.variables.map((v) => v.name),
          instructions: body.instructions,
        }),
    });
    if (begun.replayed) throw new Error("an improvement is never replayed (it has no key)");
    const prep = begun.prepared!; // an improvement composes its text from the version
    const run = await begun.execute();
    if (run.status !== "success" || run.output === null) {
      const timedOut = run.status === "timeout";
      throw new ApiError(
        timedOut ? 504 : 502,
        timedOut ? "improve_timeout" : "improve_failed",
        run.error_message ?? "the model gave no answer",
        { run_id: run.id },
        quotaHeaders(begun.daily),
      );
    }

    const declared = prep.variables.map((v) => v.name);
    const suggestion = parseSuggestion(run.output, `Suggested by ${run.model}`);
    const changes = variableChanges(declared, prep.content, suggestion.content);
    const payload = {
      run_id: run.id,
      model: run.model,
      provider_id: run.provider_id,
      key_source: run.key_source,
      standin: run.standin,
      version_id: prep.versionId,
      token_usage: run.token_usage,
      cost_usd: run.cost_usd,
      latency_ms: run.latency_ms,
      instructions: body.instructions ?? null,
    };
    // Callers cannot write events: record_prompt_event is service_role's alone, and checks the
    // prompt is the caller's (auth.uid(), from the caller's claims). One statement set up as
    // startRun's is (run/store.ts).
    const sql = deps.sql;
    const recorded = await sql<{ event_id: string }[]>`
      select r.event_id
      from (select ${serviceCallerSettings(sql, c.get("caller").claims)}) as caller
      cross join lateral public.record_prompt_event(
        case when caller.role = 'service_role' then ${id}::uuid end, 'improve',
        ${sql.json(payload)}) as r (event_id)`;
    const { event_id } = one(recorded, "record_prompt_event");

    const version = {
      id: prep.versionId,
      version_number: prep.versionNumber,
      content: prep.content,
      variables: prep.variables,
      model_config: prep.modelConfig,
    };
    const diff = diffOrOmitted(version, {
      ...version,
      id: "suggestion",
      version_number: prep.versionNumber + 1,
      content: suggestion.content,
    });
    return c.json(
      {
        suggestion,
        diff,
        base_version: { id: prep.versionId, version_number: prep.versionNumber },
        model: run.model,
        provider_id: run.provider_id!,
        key_source: begun.keySource,
        standin: run.standin,
        token_usage: run.token_usage,
        latency_ms: run.latency_ms ?? 0,
        cost_usd: run.cost_usd,
        warnings: { missing_variables: changes.missing, added_variables: changes.added },
        event_id,
        run_id: run.id,
      },
      200,
      quotaHeaders(begun.daily),
    );
  });
};
