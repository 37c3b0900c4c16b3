// What an API key may do (issue 19): each request needs one scope, read (library, runs, usage),
// run (run and render), write (edit the library) or admin (the admin area); a key without it
// gets a 403 naming the missing scope. A key restricted to listed prompts reaches those prompts
// (by id or name, and prompt:… models on /v1) and nothing else. Sessions (JWTs) are not scoped.
import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../_shared/errors.ts";
import type { AppEnv, Caller } from "./context.ts";
import type { Deps } from "./deps.ts";

export const scopeSchema = z.enum(["read", "run", "write", "admin"]).openapi("ApiKeyScope");
export type Scope = z.infer<typeof scopeSchema>;

// Calls that run or render a prompt (a model call, or what a run would send).
const runPaths = [
  /^\/api\/prompts\/[^/]+\/runs$/,
  /^\/api\/prompts\/by-name\/[^/]+\/(runs|render)$/,
  /^\/api\/prompts\/[^/]+\/improve$/,
  /^\/api\/runs\/[^/]+\/cancel$/,
  /^\/api\/v1\/chat\/completions$/,
  /^\/api\/builder\//,
  // starting a workflow, and resuming one: its gates call models
  /^\/api\/workflows\/runs(\/[^/]+\/(retry|skip|approve))?$/,
];

/** The scope a request needs. */
export function requiredScope(method: string, path: string): Scope {
  if (/^\/api\/admin(\/|$)/.test(path)) return "admin";
  if (method === "GET" || method === "HEAD") return "read";
  if (runPaths.some((p) => p.test(path))) return "run";
  return "write";
}

/** The prompt a request addresses, by id or by name; null when it addresses none. */
export function addressedPrompt(
  path: string,
  body: unknown,
): { id: string } | { name: string } | null {
  const byName = /^\/api\/prompts\/by-name\/([^/]+)/.exec(path);
  if (byName) return { name: decodeURIComponent(byName[1]!) };
  const byId = /^\/api\/prompts\/([0-9a-f-]{36})(\/|$)/i.exec(path);
  if (byId) return { id: byId[1]!.toLowerCase() };
  if (path === "/api/v1/chat/completions") {
    const model = (body as { model?: unknown } | null)?.model;
    if (typeof model === "string" && model.startsWith("prompt:")) {
      const ref = model.slice("prompt:".length);
      if (/^[0-9a-f-]{36}$/i.test(ref)) return { id: ref.toLowerCase() };
      const at = ref.lastIndexOf("@");
      return { name: at < 0 ? ref : ref.slice(0, at) };
    }
  }
  return null;
}

// What a key restricted to prompts may call besides them: the model list.
const openToRestricted = new Set(["GET /api/v1/models"]);

/** A 403 naming the scope, for an API key without it (sessions have every scope). */
export function requireScope(caller: Caller | undefined, scope: Scope): void {
  if (caller?.via !== "api_key" || !caller.scopes || caller.scopes.includes(scope)) return;
  throw new ApiError(403, "insufficient_scope", `this API key lacks the ${scope} scope`, {
    required_scope: scope,
    scopes: caller.scopes,
  });
}

export function keyScope(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = c.get("caller") as Caller | undefined;
    if (caller?.via !== "api_key" || !caller.scopes) return await next();
    const scope = requiredScope(c.req.method, c.req.path);
    // The admin area answers non-admins as if it did not exist; it checks the scope itself.
    if (scope !== "admin") requireScope(caller, scope);
    const allowed = caller.promptIds;
    if (allowed && !openToRestricted.has(`${c.req.method} ${c.req.path}`)) {
      const body = c.req.path === "/api/v1/chat/completions"
        ? await c.req.json().catch(() => null)
        : null;
      const target = addressedPrompt(c.req.path, body);
      const id = target && "name" in target
        ? (await deps.sql<{ id: string }[]>`
            select id from public.prompts where user_id = ${caller.userId} and name = ${target.name}`)[
          0
        ]?.id
        : target?.id;
      if (!id || !allowed.includes(id)) {
        throw new ApiError(
          403,
          "prompt_not_allowed",
          "this API key is restricted to listed prompts",
          {
            prompt_ids: allowed,
          },
        );
      }
    }
    await next();
  };
}
