// POST /prompts/:id/improve (seed 000 "improve"): asks the model for a better version of the
// prompt and returns it as a suggestion with its diff; nothing is saved. Saving it is a normal
// POST /prompts/:id/versions with source "improve", which SQL logs as improve_saved. Model and
// key selection, metering and the provider call are the run engine's, so an improvement is
// billed, limited and routed exactly like a run (the stand-in answers on the local stack).
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { metaPrompt, parseSuggestion, variableChanges } from "../improve.ts";
import { countRun, createQuota, meterRun, quotaHeaders } from "../quota.ts";
import { callModel } from "../run/execute.ts";
import { prepareRun } from "../run/engine.ts";
import { asCaller, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";
import { diffVersions } from "../version_diff.ts";

const improveBody = z.object({
  instructions: z.string().max(2000).optional().openapi({ example: "make it more concise" }),
  model: z.string().min(1).max(200).optional(),
  version_id: z.uuid().optional().openapi({ description: "Defaults to the current version" }),
}).strict();

const errorContent = { "application/json": { schema: z.object({ error: z.object({}).loose() }) } };

const improveResponse = z.object({
  suggestion: z.object({ content: z.string(), summary: z.string() }),
  diff: z.object({}).loose().openapi({ description: "From the base version to the suggestion" }),
  base_version: z.object({ id: z.uuid(), version_number: z.number().int() }),
  model: z.string(),
  provider_id: z.string(),
  key_source: z.enum(["user", "project", "standin"]),
  standin: z.boolean().openapi({ description: "true when the deterministic stand-in answered" }),
  token_usage: z.record(z.string(), z.number()).nullable(),
  latency_ms: z.number().int(),
  cost_usd: z.string().nullable(),
  warnings: z.object({
    missing_variables: z.array(z.string()),
    added_variables: z.array(z.string()),
  }),
  event_id: z.uuid(),
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
  const quota = createQuota(deps);

  app.openapi(improve, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const caller = c.get("caller");
    const prep = await prepareRun(deps, caller.claims, id, {
      version_id: body.version_id,
      model: body.model,
      variables: {},
    }, null);
    const [info] = await asCaller(
      deps,
      c,
      (tx) =>
        tx<{ title: string; description: string | null; version_number: number }[]>`
        select p.title, p.description, v.version_number
        from public.prompts p join public.prompt_versions v on v.id = ${prep.versionId}
        where p.id = ${id}`,
    );
    if (!info) throw new ApiError(404, "not_found", "prompt not found");
    const declared = prep.variables.map((v) => v.name);

    // Metered like a run: API key, daily quota, the provider's limits.
    const metered = await meterRun(quota, caller.userId, prep.plan, {
      id: prep.target.providerId,
      limits: prep.providerLimits,
    }, countRun(quota, caller));
    const daily = metered.daily;
    const outcome = await callModel({
      target: prep.target,
      prompt: metaPrompt({
        title: info.title,
        goal: info.description,
        content: prep.content,
        variables: declared,
        instructions: body.instructions,
      }),
      timeoutMs: deps.config.llm.timeoutMs,
      maxRetries: deps.config.llm.maxRetries,
      stream: false,
    });
    await metered.spendTokens(outcome.usage?.total_tokens ?? 0);
    if (outcome.status !== "success" || outcome.output === null) {
      const timedOut = outcome.status === "timeout";
      throw new ApiError(
        timedOut ? 504 : 502,
        timedOut ? "improve_timeout" : "improve_failed",
        outcome.error ?? "the model gave no answer",
        undefined,
        quotaHeaders(daily),
      );
    }

    const suggestion = parseSuggestion(outcome.output, `Suggested by ${prep.model.id}`);
    const changes = variableChanges(declared, prep.content, suggestion.content);
    const standin = prep.target.keySource === "standin";
    const event = await asCaller(deps, c, async (tx) => {
      // Priced like a run: the model's current prices, by the same SQL function.
      const [{ cost }] = await tx<{ cost: string | null }[]>`
        select public.run_cost(${outcome.usage ? tx.json({ ...outcome.usage }) : null}::jsonb,
          (select jsonb_build_object('price_per_1k_input', m.price_per_1k_input,
             'price_per_1k_output', m.price_per_1k_output,
             'price_per_1k_cached_input', m.price_per_1k_cached_input)
           from public.models m where m.id = ${prep.model.id}))::text as cost`;
      const payload = {
        model: prep.model.id,
        provider_id: prep.target.providerId,
        key_source: prep.target.keySource,
        standin,
        version_id: prep.versionId,
        token_usage: outcome.usage ? { ...outcome.usage } : null,
        cost_usd: cost,
        latency_ms: outcome.latencyMs,
        instructions: body.instructions ?? null,
      };
      const [{ event_id }] = await tx<{ event_id: string }[]>`
        select public.record_prompt_event(${id}, 'improve', ${tx.json(payload)}) as event_id`;
      return { id: event_id, cost };
    });

    const diff = diffVersions(
      {
        id: prep.versionId,
        version_number: info.version_number,
        content: prep.content,
        variables: prep.variables,
        model_config: prep.modelConfig,
      },
      {
        id: "suggestion",
        version_number: info.version_number + 1,
        content: suggestion.content,
        variables: prep.variables,
        model_config: prep.modelConfig,
      },
    );
    return c.json(
      {
        suggestion,
        diff: diff as unknown as Record<string, unknown>,
        base_version: { id: prep.versionId, version_number: info.version_number },
        model: prep.model.id,
        provider_id: prep.target.providerId,
        key_source: prep.target.keySource,
        standin,
        token_usage: outcome.usage ? { ...outcome.usage } : null,
        latency_ms: outcome.latencyMs,
        cost_usd: event.cost,
        warnings: { missing_variables: changes.missing, added_variables: changes.added },
        event_id: event.id,
      },
      200,
      quotaHeaders(daily),
    );
  });
};
