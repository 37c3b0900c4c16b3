// Supabase Edge Function `api`: https://<project>.supabase.co/functions/v1/api/...
import createHandler from "./handler.ts";

Deno.serve(createHandler(Deno.env.toObject()));
