// The local stand-in for Supabase's API gateway on 127.0.0.1:54321: `/functions/v1/<name>/*`
// runs each edge function's handler in-process (the path the function sees starts at
// `/<name>`, as on Supabase), `/auth/v1/*` is the auth emulator. Also serves the built client.
import postgres from "postgres";
import { serveStatic } from "hono/deno";
import { Hono } from "hono";
import { localEnv, need, port } from "./env.ts";
import { createAuthEmulator } from "./auth_emulator.ts";
import { startWorkflowTicker } from "./workflow_ticker.ts";

type Handler = (req: Request) => Response | Promise<Response>;

const functionsDir = new URL("../supabase/functions/", import.meta.url);

async function loadFunctions(env: Record<string, string>): Promise<Map<string, Handler>> {
  const fns = new Map<string, Handler>();
  for await (const entry of Deno.readDir(functionsDir)) {
    if (!entry.isDirectory || entry.name.startsWith("_")) continue;
    const mod = await import(new URL(`${entry.name}/handler.ts`, functionsDir).href);
    fns.set(entry.name, mod.default(env));
  }
  return fns;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

export async function createGateway(env: Record<string, string>): Promise<Handler> {
  const functions = await loadFunctions(env);
  const authSql = postgres(need("SUPABASE_DB_URL", env), { max: 5, onnotice: () => {} });
  const auth = createAuthEmulator({
    sql: authSql,
    jwtSecret: need("SUPABASE_JWT_SECRET", env),
    issuer: `${need("SUPABASE_URL", env)}/auth/v1`,
  });
  return async (req) => {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/auth/v1/")) return await auth(req);
    const m = /^\/functions\/v1\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (m) {
      const name = m[1]!; // ([^/]+) always takes part in a match
      const fn = functions.get(name);
      if (!fn) return json(404, { code: "NOT_FOUND", message: "Requested function was not found" });
      const inner = new URL(`/${name}${m[2] ?? ""}${url.search}`, url);
      return await fn(new Request(inner, req));
    }
    return json(404, {
      error: { code: "not_found", message: `no local service at ${url.pathname}` },
    });
  };
}

function createClientServer(): Hono {
  const app = new Hono();
  const root = new URL("../client/dist/", import.meta.url).pathname;
  app.use("/assets/*", serveStatic({ root }));
  app.get("*", serveStatic({ root }));
  // Single-page app: unknown paths get index.html so client-side routes survive a reload.
  app.get("*", serveStatic({ root, path: "index.html" }));
  return app;
}

if (import.meta.main) {
  const handler = await createGateway(localEnv);
  const hostname = "127.0.0.1";
  const apiUrl = need("SUPABASE_URL");
  const clientUrl = need("CLIENT_URL");
  Deno.serve({ port: port(apiUrl), hostname, onListen: () => {} }, handler);
  Deno.serve(
    { port: port(clientUrl), hostname, onListen: () => {} },
    createClientServer().fetch,
  );
  console.log(`gateway on ${apiUrl}, client on ${clientUrl}`);
  // pg_cron's part in production: the workflow engine's tick (dev/workflow_ticker.ts)
  startWorkflowTicker(localEnv);
}
