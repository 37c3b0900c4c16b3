// The api function alone in its own Deno process, as the Edge Runtime runs it (one isolate per
// function, its handler behind Deno.serve), on a free loopback port: a bench can then read this
// process's CPU time and peak memory from /proc and nothing else's (bench/library_io.ts).
// Prints {"port": n} on its first line once it listens; stops on SIGTERM or when stdin closes.
import createHandler from "../supabase/functions/api/handler.ts";
import { localEnv } from "../dev/env.ts";

const handler = createHandler({ ...localEnv, ...JSON.parse(Deno.args[0] ?? "{}") });
const server = Deno.serve({
  port: 0,
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(JSON.stringify({ port })),
}, handler);

// The parent closing stdin (or dying) ends this process too.
for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
await server.shutdown();
Deno.exit(0);
