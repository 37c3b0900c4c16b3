// Entry used by both the Supabase Edge Runtime (index.ts) and the local gateway.
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";

export default function createHandler(
  env: Record<string, string | undefined>,
): (req: Request) => Response | Promise<Response> {
  const app = createApp(createDeps(env));
  return (req) => app.fetch(req);
}
