// Settings: GET/PATCH /settings. One document for the caller's preferences (user_settings) and
// profile (profiles); plan and role are shown but only admins change them (column privileges).
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import type { Tx } from "../../_shared/db.ts";
import {
  planSchema,
  retentionPolicySchema as retentionPolicy,
  themeSchema as theme,
  userRoleSchema,
} from "../contract.ts";
import { asCaller, errorResponses, json, jsonBody, security } from "../schemas.ts";

const settingsSchema = z.object({
  settings: z.object({
    retention_policy: retentionPolicy,
    default_model: z.string().nullable(),
    framework: z.string().nullable(),
    theme,
    max_history_days: z.number().int().openapi({
      description: "Runs older than this many days are pruned nightly when auto_cleanup is on",
    }),
    auto_cleanup: z.boolean(),
    updated_at: z.string(),
  }),
  profile: z.object({
    display_name: z.string().nullable(),
    avatar_url: z.string().nullable(),
    plan: planSchema.openapi({ description: "Read-only" }),
    role: userRoleSchema.openapi({ description: "Read-only" }),
    updated_at: z.string(),
  }),
}).openapi("Settings");

const settingsFields = [
  "retention_policy",
  "default_model",
  "framework",
  "theme",
  "max_history_days",
  "auto_cleanup",
] as const;
const profileFields = ["display_name", "avatar_url"] as const;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const updateBody = z.object({
  retention_policy: retentionPolicy.optional(),
  default_model: z.string().trim().min(1).max(200).nullable().optional()
    .openapi({ description: "An active model id (GET /models), or null" }),
  framework: z.string().trim().min(1).max(50).nullable().optional()
    .openapi({
      description: "The builder's default: a framework's name (GET /builder/frameworks), or null",
    }),
  theme: theme.optional(),
  max_history_days: z.number().int().min(1).max(3650).optional()
    .openapi({ description: "Days of run history kept (1-3650) when auto_cleanup is on" }),
  auto_cleanup: z.boolean().optional()
    .openapi({ description: "Prune runs older than max_history_days nightly" }),
  display_name: z.string().trim().min(1).max(100).nullable().optional(),
  avatar_url: httpUrl.nullable().optional(),
}).strict().refine((b) => Object.keys(b).length > 0, {
  message: `give at least one of ${[...settingsFields, ...profileFields].join(", ")}`,
}).openapi("SettingsUpdate");

const get = createRoute({
  method: "get",
  path: "/settings",
  tags: ["settings"],
  security,
  responses: { 200: json(settingsSchema), ...errorResponses },
});

const update = createRoute({
  method: "patch",
  path: "/settings",
  tags: ["settings"],
  security,
  request: jsonBody(updateBody),
  responses: { 200: json(settingsSchema), ...errorResponses },
});

async function readSettings(tx: Tx) {
  const [row] = await tx<z.infer<typeof settingsSchema>[]>`
    select
      json_build_object('retention_policy', s.retention_policy, 'default_model', s.default_model,
        'framework', s.framework, 'theme', s.theme, 'max_history_days', s.max_history_days,
        'auto_cleanup', s.auto_cleanup, 'updated_at', s.updated_at) as settings,
      json_build_object('display_name', p.display_name, 'avatar_url', p.avatar_url,
        'plan', p.plan, 'role', p.role, 'updated_at', p.updated_at) as profile
    from public.user_settings s
    join public.profiles p on p.id = s.user_id
    where s.user_id = (select auth.uid())`;
  // Both rows are made by the sign-up trigger; a user without them was not created by Auth.
  if (!row) throw notFound("settings", "no settings for this user");
  return row;
}

function pick<K extends string>(body: Record<string, unknown>, keys: readonly K[]) {
  return Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k]])) as Record<
    K,
    string | number | boolean | null
  >;
}

export const settingsRoutes: RouteModule = (app, deps) => {
  app.openapi(get, async (c) => c.json(await asCaller(deps, c, readSettings), 200));

  app.openapi(update, async (c) => {
    const body = c.req.valid("json");
    const settings = pick(body, settingsFields);
    const profile = pick(body, profileFields);
    const row = await asCaller(deps, c, async (tx) => {
      if (Object.keys(settings).length) {
        await tx`
          update public.user_settings
          set ${tx(settings, ...(Object.keys(settings) as (keyof typeof settings)[]))}
          where user_id = (select auth.uid())`;
      }
      if (Object.keys(profile).length) {
        await tx`
          update public.profiles
          set ${tx(profile, ...(Object.keys(profile) as (keyof typeof profile)[]))}
          where id = (select auth.uid())`;
      }
      return await readSettings(tx);
    });
    return c.json(row, 200);
  });
};
