// Types shared by the api function's routes: who is calling, and the Hono env carrying it.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Claims } from "../_shared/db.ts";
import type { Deps } from "./deps.ts";

export interface Caller {
  userId: string;
  claims: Claims;
  via: "jwt" | "api_key";
  apiKeyId?: string;
  /** An API key's scopes (read, run, write, admin); a session may do everything. */
  scopes?: string[];
  /** An API key restricted to these prompts; null or absent for all of the user's. */
  promptIds?: string[] | null;
}

export type AppEnv = { Variables: { caller: Caller } };
export type App = OpenAPIHono<AppEnv>;

/** Each route module registers its routes on the app, given the function's dependencies. */
export type RouteModule = (app: App, deps: Deps) => void;
