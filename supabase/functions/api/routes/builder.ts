// The prompt builder (issue 16; seeds 001 and 004): the frameworks, assembling a prompt with one
// (SQL, no model), polishing it with a model, clarifying questions from a goal and a template
// from the answers (structured output), saving the result as a prompt (with its answers, in one
// transaction) or as a new version, and the history of generations. Every model call is a run of
// a builder kind through the run service: metered, priced and recorded like any run, with seed
// 004's fields (framework, tone, length, vibe coding) on it.
import { createRoute, z } from "@hono/zod-openapi";
import { one, type Tx } from "../../_shared/db.ts";
import { ApiError, notFound } from "../../_shared/errors.ts";
import type { Caller, RouteModule } from "../context.ts";
import {
  type Answer,
  MAX_GOAL_CHARS,
  questionsOutput,
  questionsPrompt,
  templateOutput,
  templatePrompt,
  templateVariables,
} from "../builder.ts";
import {
  builderKinds,
  builderLengthSchema,
  builderToneSchema,
  keySourceSchema,
  orNull,
  type PromptVariable,
  runStatusSchema,
} from "../contract.ts";
import { metaPrompt, parseSuggestion, placeholders } from "../improve.ts";
import { decodeCursor, olderThan, page, pageOf, pageQuery } from "../pagination.ts";
import {
  contentSchema,
  promptDescriptionSchema,
  tagNamesSchema,
  titleSchema,
  variableSchema,
  variablesSchema,
} from "../prompt_schemas.ts";
import { quotaHeaders } from "../quota.ts";
import { type RunRecord, tokenUsageSchema } from "../run/record.ts";
import {
  type CallRequest,
  MISFIT_ERROR,
  NOT_ASKED_AGAIN_ERROR,
  runServiceOf,
} from "../run/service.ts";
import type { BuilderFields } from "../run/store.ts";
import {
  asCaller,
  conflictResponse,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
} from "../schemas.ts";

const errorContent = { "application/json": { schema: z.object({ error: z.object({}).loose() }) } };
const modelResponses = {
  429: { description: "Daily quota or a provider's per-user limit used up", content: errorContent },
  502: {
    description: "The model failed, or its answer did not fit the schema twice " +
      "(builder_output_invalid); nothing was saved",
    content: errorContent,
  },
  503: { description: "Quota service unavailable: nothing was asked", content: errorContent },
  504: { description: "The model did not answer in time", content: errorContent },
} as const;

const componentSchema = z.object({
  name: z.string(),
  label: z.string(),
  guidance: z.string(),
  required: z.boolean(),
  example: z.string(),
}).openapi("FrameworkComponent");

const frameworkSchema = z.object({
  name: z.string().openapi({ example: "roses" }),
  display_name: z.string().openapi({ example: "R.O.S.E.S" }),
  description: z.string(),
  components: z.array(componentSchema),
  template: z.string(),
  examples: z.array(z.object({
    title: z.string(),
    components: z.record(z.string(), z.string()),
  })),
  sort_order: z.number().int(),
}).openapi("PromptFramework");

const frameworksResponse = z.object({
  frameworks: z.array(frameworkSchema),
  default_framework: z.string().nullable().openapi({
    description: "The caller's default (Settings), if it is an available framework",
  }),
}).openapi("PromptFrameworks");

const frameworkName = z.string().trim().min(1).max(50);
const styleFields = {
  framework: frameworkName,
  components: z.record(z.string().max(50), z.string().max(5000)).refine(
    (c) => Object.keys(c).length <= 12,
    "at most 12 components",
  ),
  tone: builderToneSchema.optional(),
  length: builderLengthSchema.optional(),
  vibe_coding: z.boolean().optional().openapi({
    description: "A looser, code-oriented style (seed 004)",
  }),
};
const assembleBody = z.object(styleFields).strict().openapi("BuilderAssemble");

const assembled = z.object({
  content: z.string(),
  variables: z.array(variableSchema).openapi({
    description: "One string variable per {{placeholder}}, in order of first use",
  }),
}).openapi("BuilderAssembled");

const modelField = { model: z.string().min(1).max(200).optional() };

const polishBody = z.object({
  ...styleFields,
  ...modelField,
  instructions: z.string().max(2000).optional(),
}).strict().openapi("BuilderPolish");

const runSummary = z.object({
  id: z.uuid(),
  kind: z.enum(builderKinds),
  model: z.string(),
  provider_id: z.string().nullable(),
  key_source: orNull(keySourceSchema),
  standin: z.boolean(),
  token_usage: tokenUsageSchema.nullable(),
  cost_usd: z.string().nullable(),
  latency_ms: z.number().int().nullable(),
  attempts: z.number().int(),
}).openapi("BuilderRun");

const polished = z.object({
  content: z.string(),
  summary: z.string(),
  variables: z.array(variableSchema),
  assembled: z.string().openapi({ description: "The assembled prompt the model polished" }),
  run: runSummary,
}).openapi("BuilderPolished");

const goal = z.string().trim().min(1).max(MAX_GOAL_CHARS);
const questionsBody = z.object({ goal, ...modelField }).strict().openapi("BuilderQuestionsAsk");
const questionSchema = z.object({ id: z.string(), text: z.string(), required: z.boolean() })
  .openapi("BuilderQuestion");
const questionsResponse = z.object({ questions: z.array(questionSchema), run: runSummary })
  .openapi("BuilderQuestions");

const answerSchema = z.object({
  question_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/),
  question_text: z.string().trim().min(1).max(1000),
  answer: z.string().max(5000).nullable().optional().openapi({
    description: "Empty or absent: skipped",
  }),
}).strict().openapi("BuilderAnswer");
const answersSchema = z.array(answerSchema).max(20);

const templateBody = z.object({ goal, answers: answersSchema, ...modelField }).strict()
  .openapi("BuilderTemplateAsk");
const templateResponse = z.object({
  title: z.string(),
  content: z.string(),
  variables: z.array(variableSchema),
  run: runSummary,
}).openapi("BuilderTemplate");

const saveBody = z.object({
  prompt_id: z.uuid().optional().openapi({
    description: "Save as a new version of this prompt; otherwise a new prompt",
  }),
  title: titleSchema.optional(),
  goal: promptDescriptionSchema.optional().openapi({
    description: "The goal: the new prompt's description (searchable)",
  }),
  content: contentSchema.min(1),
  variables: variablesSchema.optional().openapi({
    description: "Default: one string variable per {{placeholder}}",
  }),
  tags: tagNamesSchema.optional(),
  catalog_id: z.uuid().nullable().optional(),
  answers: answersSchema.optional(),
}).strict().superRefine((b, ctx) => {
  if (!b.prompt_id && !b.title) {
    ctx.addIssue({ code: "custom", path: ["title"], message: "a new prompt needs a title" });
  }
}).openapi("BuilderSave");
const saved = z.object({
  prompt_id: z.uuid(),
  version_id: z.uuid(),
  version_number: z.number().int(),
  answers_saved: z.number().int(),
}).openapi("BuilderSaved");

const historyItem = z.object({
  id: z.uuid(),
  kind: z.enum(builderKinds),
  status: runStatusSchema,
  framework: z.string().nullable(),
  tone: orNull(builderToneSchema),
  length: orNull(builderLengthSchema),
  vibe_coding: z.boolean().nullable(),
  model: z.string(),
  provider_id: z.string().nullable(),
  standin: z.boolean(),
  input: z.record(z.string(), z.unknown()),
  output: z.string().nullable(),
  token_usage: tokenUsageSchema.nullable(),
  cost_usd: z.string().nullable(),
  latency_ms: z.number().int().nullable(),
  attempts: z.number().int(),
  error_message: z.string().nullable(),
  created_at: z.string(),
}).openapi("BuilderHistoryItem");

const promptAnswer = z.object({
  question_id: z.string(),
  question_text: z.string(),
  answer: z.string(),
  position: z.number().int(),
  created_at: z.string(),
}).openapi("PromptAnswer");

const tags = ["builder"];
const route = <T extends Parameters<typeof createRoute>[0]>(r: T) =>
  createRoute({ ...r, tags, security });

const listFrameworks = route({
  method: "get",
  path: "/builder/frameworks",
  responses: { 200: json(frameworksResponse), ...errorResponses },
});
const assemble = route({
  method: "post",
  path: "/builder/assemble",
  description: "Assembles a prompt from a framework's components, deterministically (no model). " +
    "A missing required component is a 422 component_missing naming each (components.<name>).",
  request: jsonBody(assembleBody),
  responses: { 200: json(assembled), ...errorResponses },
});
const polish = route({
  method: "post",
  path: "/builder/polish",
  description: "Assembles, then asks a model to polish the result (a run of kind builder_polish)",
  request: jsonBody(polishBody),
  responses: { 200: json(polished), ...errorResponses, ...modelResponses },
});
const questions = route({
  method: "post",
  path: "/builder/questions",
  description: "3 to 7 clarifying questions for a goal, as structured output (a run of kind " +
    "builder_questions); an answer that does not fit is asked for once more, then 502",
  request: jsonBody(questionsBody),
  responses: { 200: json(questionsResponse), ...errorResponses, ...modelResponses },
});
const template = route({
  method: "post",
  path: "/builder/template",
  description: "A template with typed {{variables}} from a goal and the answers (a run of kind " +
    "builder_template); an answer that does not fit is asked for once more, then 502",
  request: jsonBody(templateBody),
  responses: { 200: json(templateResponse), ...errorResponses, ...modelResponses },
});
const save = route({
  method: "post",
  path: "/builder/save",
  description: "Saves a new prompt (version 1, tags, the goal as description and the answers, " +
    "in one transaction) or a new version of one of the caller's prompts",
  request: jsonBody(saveBody),
  responses: { 201: json(saved, "Saved"), ...errorResponses, ...conflictResponse },
});
const history = route({
  method: "get",
  path: "/builder/history",
  description: "The caller's builder generations, newest first",
  request: {
    query: z.object({
      ...pageQuery,
      kind: z.enum(builderKinds).optional(),
      framework: frameworkName.optional(),
      status: runStatusSchema.optional(),
    }),
  },
  responses: { 200: json(pageOf(historyItem).openapi("BuilderHistoryPage")), ...errorResponses },
});
const historyOne = route({
  method: "get",
  path: "/builder/history/{id}",
  request: { params: idParam },
  responses: { 200: json(historyItem), ...errorResponses },
});
const promptAnswers = route({
  method: "get",
  path: "/prompts/{id}/answers",
  description: "The clarifying questions and answers a prompt was built from",
  request: { params: idParam },
  responses: { 200: json(z.object({ items: z.array(promptAnswer) })), ...errorResponses },
});

type Style = z.infer<typeof assembleBody>;

async function assembleIn(tx: Tx, s: Style): Promise<string> {
  const rows = await tx<{ content: string }[]>`
    select public.assemble_framework(${s.framework}, ${tx.json(s.components)},
      ${s.tone ?? null}::public.builder_tone, ${s.length ?? null}::public.builder_length,
      ${s.vibe_coding ?? false}) as content`;
  return one(rows, "assemble_framework").content;
}

const stringVariables = (content: string): PromptVariable[] => templateVariables(content);

function runOf(run: RunRecord) {
  return {
    id: run.id,
    kind: run.kind as (typeof builderKinds)[number],
    model: run.model,
    provider_id: run.provider_id,
    key_source: run.key_source,
    standin: run.standin,
    token_usage: run.token_usage,
    cost_usd: run.cost_usd,
    latency_ms: run.latency_ms,
    attempts: run.attempts,
  };
}

const historyColumns = `r.id, r.kind, r.status, r.framework, r.tone, r.length, r.vibe_coding,
  r.model, r.provider_id, coalesce(r.key_source = 'standin', false) as standin, r.input,
  r.output #>> '{}' as output, r.token_usage, r.cost_usd::text as cost_usd, r.latency_ms,
  r.attempts, r.error_message, to_jsonb(r.created_at) #>> '{}' as created_at`;

export const builderRoutes: RouteModule = (app, deps) => {
  const runs = runServiceOf(deps);

  /** One builder call through the run service; a failed or unfit answer is the request's error. */
  async function call(caller: Caller, req: CallRequest & { builder: BuilderFields }) {
    const begun = await runs.begin(caller, req);
    if (begun.replayed) throw new Error("a builder call is never replayed (it has no key)");
    const run = await begun.execute();
    const headers = quotaHeaders(begun.daily);
    if (run.status !== "success" || run.output === null) {
      const timedOut = run.status === "timeout";
      const misfit = [MISFIT_ERROR, NOT_ASKED_AGAIN_ERROR].some((e) =>
        run.error_message?.startsWith(e) ?? false
      );
      throw new ApiError(
        timedOut ? 504 : 502,
        timedOut ? "builder_timeout" : misfit ? "builder_output_invalid" : "builder_failed",
        run.error_message ?? "the model gave no answer",
        { run_id: run.id },
        headers,
      );
    }
    return { run, output: run.output, headers };
  }

  app.openapi(listFrameworks, async (c) => {
    const row = await asCaller(deps, c, async (tx) => {
      const [r] = await tx<z.infer<typeof frameworksResponse>[]>`
        select coalesce((select json_agg(json_build_object('name', f.name,
            'display_name', f.display_name, 'description', f.description,
            'components', f.components, 'template', f.template, 'examples', f.examples,
            'sort_order', f.sort_order) order by f.sort_order, f.name)
          from public.prompt_frameworks f where f.enabled), '[]') as frameworks,
          (select s.framework from public.user_settings s
            join public.prompt_frameworks f on f.name = s.framework and f.enabled
            where s.user_id = (select auth.uid())) as default_framework`;
      return r!; // one row: a select with no from
    });
    return c.json(row, 200);
  });

  app.openapi(assemble, async (c) => {
    const body = c.req.valid("json");
    const content = await asCaller(deps, c, (tx) => assembleIn(tx, body));
    return c.json({ content, variables: stringVariables(content) }, 200);
  });

  app.openapi(polish, async (c) => {
    const body = c.req.valid("json");
    const text = await asCaller(deps, c, (tx) => assembleIn(tx, body));
    const names = placeholders(text);
    const { run, output, headers } = await call(c.get("caller"), {
      kind: "builder_polish",
      promptId: null,
      model: body.model,
      text: metaPrompt({
        title: `A prompt built with the ${body.framework} framework`,
        goal: null,
        content: text,
        variables: names,
        instructions: body.instructions,
      }),
      builder: {
        framework: body.framework,
        tone: body.tone ?? null,
        length: body.length ?? null,
        vibe_coding: body.vibe_coding ?? false,
        input: { components: body.components, instructions: body.instructions ?? null },
      },
    });
    const suggestion = parseSuggestion(output, `Polished by ${run.model}`);
    return c.json(
      {
        content: suggestion.content,
        summary: suggestion.summary,
        variables: stringVariables(suggestion.content),
        assembled: text,
        run: runOf(run),
      },
      200,
      headers,
    );
  });

  app.openapi(questions, async (c) => {
    const body = c.req.valid("json");
    const { run, output, headers } = await call(c.get("caller"), {
      kind: "builder_questions",
      promptId: null,
      model: body.model,
      text: questionsPrompt(body.goal),
      structured: questionsOutput,
      builder: { input: { goal: body.goal } },
    });
    return c.json(
      { questions: questionsOutput.parse(output).questions, run: runOf(run) },
      200,
      headers,
    );
  });

  app.openapi(template, async (c) => {
    const body = c.req.valid("json");
    const answers: Answer[] = body.answers;
    const { run, output, headers } = await call(c.get("caller"), {
      kind: "builder_template",
      promptId: null,
      model: body.model,
      text: templatePrompt(body.goal, answers),
      structured: templateOutput,
      builder: { input: { goal: body.goal, answers } },
    });
    const t = templateOutput.parse(output);
    return c.json(
      {
        title: t.title,
        content: t.template,
        variables: templateVariables(t.template, t.variables),
        run: runOf(run),
      },
      200,
      headers,
    );
  });

  app.openapi(save, async (c) => {
    const b = c.req.valid("json");
    const variables = b.variables ?? stringVariables(b.content);
    const answers = (b.answers ?? []).filter((a) => a.answer?.trim());
    const result = await asCaller(deps, c, async (tx) => {
      if (!b.prompt_id) {
        const rows = await tx<{ id: string }[]>`
          select public.create_prompt_with_answers(
            title => ${b.title!}, content => ${b.content}, description => ${b.goal ?? null},
            catalog_id => ${b.catalog_id ?? null}::uuid, variables => ${tx.json(variables)},
            tags => ${b.tags ?? []}::text[], answers => ${tx.json(answers)}) as id`;
        const id = one(rows, "create_prompt_with_answers").id;
        const [v] = await tx<{ id: string; version_number: number }[]>`
          select v.id, v.version_number from public.prompts p
          join public.prompt_versions v on v.id = p.current_version_id where p.id = ${id}`;
        return { prompt_id: id, version: v! }; // created just above
      }
      // A new version of the caller's prompt (RLS: another's is not found), and its answers.
      const [p] = await tx`
        select 1 from public.prompts where id = ${b.prompt_id} and user_id = (select auth.uid())`;
      if (!p) throw notFound("prompt");
      const [v] = await tx<{ id: string; version_number: number }[]>`
        insert into public.prompt_versions (prompt_id, content, variables, summary, source)
        values (${b.prompt_id}, ${b.content}, ${tx.json(variables)}, 'Built with the builder',
          'builder')
        returning id, version_number`;
      if (answers.length) {
        await tx`
          insert into public.prompt_answers (prompt_id, question_id, question_text, answer, position)
          select ${b.prompt_id}, a.question_id, a.question_text, btrim(a.answer), a.i - 1
          from jsonb_to_recordset(${tx.json(answers)}) with ordinality
            as a (question_id text, question_text text, answer text, i bigint)
          on conflict (prompt_id, question_id) do nothing`;
      }
      return { prompt_id: b.prompt_id, version: v! }; // inserted just above
    });
    return c.json(
      {
        prompt_id: result.prompt_id,
        version_id: result.version.id,
        version_number: result.version.version_number,
        answers_saved: answers.length,
      },
      201,
    );
  });

  app.openapi(history, async (c) => {
    const q = c.req.valid("query");
    const after = decodeCursor(q.cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof historyItem>[]>`
        select ${tx.unsafe(historyColumns)}
        from public.runs r
        where r.prompt_id is null and r.user_id = (select auth.uid())
          and ${q.kind ? tx`r.kind = ${q.kind}` : tx`true`}
          and ${q.framework ? tx`r.framework = ${q.framework}` : tx`true`}
          and ${q.status ? tx`r.status = ${q.status}` : tx`true`}
          and ${olderThan(tx, "r", after)}
        order by r.created_at desc, r.id desc
        limit ${q.limit + 1}`);
    return c.json(page([...rows], q.limit, (r) => [r.created_at, r.id]), 200);
  });

  app.openapi(historyOne, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof historyItem>[]>`
        select ${tx.unsafe(historyColumns)} from public.runs r
        where r.id = ${id} and r.prompt_id is null`);
    if (!row) throw notFound("generation");
    return c.json(row, 200);
  });

  app.openapi(promptAnswers, async (c) => {
    const { id } = c.req.valid("param");
    const answers = await asCaller(deps, c, async (tx) => {
      const [p] = await tx`
        select 1 from public.prompts where id = ${id} and user_id = (select auth.uid())`;
      if (!p) throw notFound("prompt");
      return await tx<z.infer<typeof promptAnswer>[]>`
        select a.question_id, a.question_text, a.answer, a.position,
          to_jsonb(a.created_at) #>> '{}' as created_at
        from public.prompt_answers a where a.prompt_id = ${id} order by a.position`;
    });
    return c.json({ items: [...answers] }, 200);
  });
};
