// A local stand-in for Upstash's REST endpoint: speaks the protocol @upstash/redis uses
// (POST / with a JSON command, /pipeline, /multi-exec, Bearer token, Upstash-Encoding: base64)
// and runs every command on a real redis-server, like Upstash's own serverless-redis-http.
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { Command, Redis, ReplyError } from "ioredis";
import { need, port } from "./env.ts";

export interface UpstashBridgeOptions {
  redisHost: string;
  redisPort: number;
  token: string;
}

export interface UpstashBridge {
  fetch: (req: Request) => Promise<Response>;
  close: () => Promise<void>;
}

// Bounds that keep a request from hanging when Redis is down or stalled: the API must be able
// to fail closed within its own request budget.
const CONNECT_TIMEOUT_MS = 1000;
const COMMAND_TIMEOUT_MS = 3000;
const MAX_IDLE_TX_CONNECTIONS = 4;

// Commands that would change the state of a shared connection (or block it for everyone).
// Upstash refuses most of these too; transactions go through /multi-exec instead.
const REFUSED = new Set([
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "select",
  "swapdb",
  "auth",
  "hello",
  "reset",
  "quit",
  "monitor",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "blpop",
  "brpop",
  "brpoplpush",
  "blmove",
  "blmpop",
  "bzpopmin",
  "bzpopmax",
  "bzmpop",
  "wait",
  "waitaof",
]);

/** A Redis command as sent: its name, then its arguments. */
type Args = [name: string, ...args: string[]];

// ioredis reshapes some replies (HGETALL into an object, ...); Upstash returns Redis's own
// RESP2 shapes, which is what @upstash/redis deserializes, so replies pass through untouched.
class RawCommand extends Command {
  constructor(args: Args) {
    super(args[0].toLowerCase(), args.slice(1), { replyEncoding: null });
  }
  override transformReply(result: Buffer | Buffer[]): Buffer | Buffer[] {
    return result;
  }
}

// @upstash/ratelimit's scripts start with `#!lua flags=allow-key-locking`, a flag only Upstash
// knows; redis-server refuses the script. The bridge drops that flag and remembers which SHA
// Redis stored the rewritten script under, so the client's EVALSHA of the original SHA (and
// its NOSCRIPT fallback to EVAL) behaves as on Upstash.
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

function stripUpstashFlags(script: string): string {
  const match = /^#!lua flags=([^\n]*)/.exec(script);
  if (!match) return script;
  const flags = match[1]!.split(",").map((f) => f.trim()).filter((f) => !UPSTASH_ONLY_FLAGS.has(f));
  const shebang = flags.length ? `#!lua flags=${flags.join(",")}` : "#!lua";
  return shebang + script.slice(match[0].length);
}

interface Prepared {
  args: Args;
  reply?: (reply: unknown) => unknown;
}

function scriptTranslator() {
  const storedAs = new Map<string, string>(); // client's SHA -> SHA of what Redis holds
  const load = (script: string) => {
    const rewritten = stripUpstashFlags(script);
    const sha = sha1(script);
    if (rewritten !== script) storedAs.set(sha, sha1(rewritten));
    return { rewritten, sha };
  };
  const translate = (sha: string) => storedAs.get(sha.toLowerCase()) ?? sha;
  return (args: Args): Prepared => {
    const [command, first, second] = args;
    const name = command.toLowerCase();
    if ((name === "eval" || name === "eval_ro") && first !== undefined) {
      return { args: [command, load(first).rewritten, ...args.slice(2)] };
    }
    if ((name === "evalsha" || name === "evalsha_ro") && first !== undefined) {
      return { args: [command, translate(first), ...args.slice(2)] };
    }
    if (name === "script" && first !== undefined) {
      const sub = first.toLowerCase();
      if (sub === "load" && second !== undefined && args.length === 3) {
        const { rewritten, sha } = load(second);
        return { args: [command, first, rewritten], reply: () => Buffer.from(sha) };
      }
      if (sub === "exists") return { args: [command, first, ...args.slice(2).map(translate)] };
    }
    return { args };
  };
}

/** Redis could not be reached: answered with 503 so callers fail closed. */
class RedisUnavailable extends Error {}

class BadRequest extends Error {}

function connect(host: string, port: number, shared: boolean): Redis {
  const conn = new Redis({
    host,
    port,
    protocol: 2, // Upstash answers in RESP2 shapes (flat arrays, doubles as strings).
    lazyConnect: true,
    enableOfflineQueue: false, // fail at once instead of queueing while disconnected
    maxRetriesPerRequest: 0, // in-flight commands fail on disconnect, never replayed twice
    autoResendUnfulfilledCommands: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // The shared connection keeps reconnecting in the background; a transaction connection
    // that drops is simply thrown away.
    retryStrategy: shared ? (attempt) => Math.min(attempt * 100, 1000) : () => null,
  });
  conn.setMaxListeners(0);
  conn.on("error", () => {}); // reported per request; without a listener ioredis logs each one
  return conn;
}

function toArgs(command: unknown): Args {
  if (!Array.isArray(command) || command.length === 0) {
    throw new BadRequest("ERR failed to parse command: expected a non-empty JSON array");
  }
  return command.map((arg) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new BadRequest("ERR failed to parse command: arguments must be strings or numbers");
  }) as Args; // non-empty, checked above
}

function refusal(args: Args): InstanceType<typeof ReplyError> | undefined {
  if (REFUSED.has(args[0].toLowerCase())) {
    return new ReplyError(`ERR Command is not available: '${args[0]}'`);
  }
}

// Upstash's base64 mode encodes every string in a result, nested arrays included, except the
// "OK" status (the client special-cases it). Numbers and nulls stay as they are.
function encodeReply(reply: unknown, base64: boolean): unknown {
  if (reply instanceof Uint8Array) {
    const buf = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
    const text = buf.toString("utf8");
    return base64 && text !== "OK" ? buf.toString("base64") : text;
  }
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  if (reply instanceof Error) return reply.message; // an error nested in an EVAL reply
  return reply ?? null;
}

type Entry = { result: unknown } | { error: string };

function toEntry(settled: PromiseSettledResult<unknown>, base64: boolean): Entry {
  if (settled.status === "fulfilled") return { result: encodeReply(settled.value, base64) };
  if (settled.reason instanceof ReplyError) return { error: settled.reason.message };
  throw new RedisUnavailable(String(settled.reason?.message ?? settled.reason));
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

export function createUpstashBridge(opts: UpstashBridgeOptions): UpstashBridge {
  const shared = connect(opts.redisHost, opts.redisPort, true);
  let sharedFailed = false; // last connection attempt failed: answer 503 without waiting
  shared.on("error", () => (sharedFailed = true));
  shared.on("ready", () => (sharedFailed = false));
  shared.connect().catch(() => {});

  const prepare = scriptTranslator();
  const send = (conn: Redis, args: Args): Promise<unknown> => {
    const prepared = prepare(args);
    const sent = conn.sendCommand(new RawCommand(prepared.args)) as Promise<unknown>;
    return prepared.reply ? sent.then(prepared.reply) : sent;
  };

  const idleTx: Redis[] = [];
  const allTx = new Set<Redis>();

  function sharedReady(): Promise<Redis> {
    if (shared.status === "ready") return Promise.resolve(shared);
    if (sharedFailed || shared.status === "end") {
      return Promise.reject(new RedisUnavailable("Redis is not reachable"));
    }
    // Still on the first connect (or a reconnect that has not failed yet): wait briefly.
    return new Promise((resolve, reject) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        shared.off("ready", onReady);
        shared.off("error", onError);
        ok ? resolve(shared) : reject(new RedisUnavailable("Redis is not reachable"));
      };
      const onReady = () => done(true);
      const onError = () => done(false);
      const timer = setTimeout(() => done(false), CONNECT_TIMEOUT_MS);
      shared.once("ready", onReady);
      shared.once("error", onError);
    });
  }

  async function run(commands: Args[], base64: boolean): Promise<Entry[]> {
    const conn = await sharedReady();
    // One connection, written in order: Redis answers in order, so this is a real pipeline.
    const replies = commands.map((args) => {
      const refused = refusal(args);
      return refused ? Promise.reject(refused) : send(conn, args);
    });
    const settled = await Promise.allSettled(replies);
    return settled.map((s) => toEntry(s, base64));
  }

  async function acquireTx(): Promise<Redis> {
    const idle = idleTx.pop();
    if (idle && idle.status === "ready") return idle;
    idle?.disconnect();
    const conn = connect(opts.redisHost, opts.redisPort, false);
    allTx.add(conn);
    conn.on("end", () => allTx.delete(conn));
    try {
      await conn.connect();
    } catch (err) {
      conn.disconnect();
      throw new RedisUnavailable(`Redis is not reachable: ${(err as Error).message}`);
    }
    return conn;
  }

  // MULTI/EXEC on a connection of its own, so no other request's commands can interleave
  // and a failed transaction cannot leave a shared connection inside MULTI.
  async function transaction(commands: Args[], base64: boolean): Promise<Response> {
    const conn = await acquireTx();
    let reusable = false;
    try {
      const queue: Args[] = [["MULTI"], ...commands, ["EXEC"]];
      const settled = await Promise.allSettled(queue.map((args) => send(conn, args)));
      const exec = settled[settled.length - 1]!; // EXEC's: the queue is never empty
      for (const s of settled) {
        if (s.status === "rejected" && !(s.reason instanceof ReplyError)) {
          throw new RedisUnavailable(String(s.reason?.message ?? s.reason));
        }
      }
      reusable = true;
      if (exec.status === "rejected") {
        // EXECABORT: a command was refused while queueing; report the reason Redis gave.
        const queued = settled.slice(1, -1).find((s) => s.status === "rejected");
        const why = queued?.status === "rejected" ? ` (${queued.reason.message})` : "";
        return json({ error: `${exec.reason.message}${why}` }, 400);
      }
      const results = exec.value as unknown[];
      return json(results.map((r) => toEntry(settledOf(r), base64)));
    } finally {
      if (reusable && idleTx.length < MAX_IDLE_TX_CONNECTIONS) idleTx.push(conn);
      else conn.disconnect();
    }
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const auth = req.headers.get("authorization") ?? "";
    const given = auth.startsWith("Bearer ") ? auth.slice(7) : url.searchParams.get("_token");
    if (given !== opts.token) return json({ error: "Unauthorized" }, 401);

    const base64 = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
    const path = url.pathname.replace(/\/+$/, "");

    if (path === "/pipeline" || path === "/multi-exec") {
      if (req.method !== "POST") return json({ error: "ERR use POST" }, 405);
      const body = await readJson(req);
      if (!Array.isArray(body) || body.length === 0) {
        throw new BadRequest("ERR failed to parse pipeline request: expected an array of commands");
      }
      const commands = body.map(toArgs);
      if (path === "/multi-exec") {
        const refused = commands.map(refusal).find((r) => r);
        if (refused) throw new BadRequest(refused.message);
        return await transaction(commands, base64);
      }
      return json(await run(commands, base64));
    }

    let args: Args;
    if (path === "") {
      if (req.method !== "POST") return json({ error: "ERR use POST with a JSON command" }, 405);
      args = toArgs(await readJson(req));
    } else {
      // REST style: /set/key/value, and a POST body is the last argument, as on Upstash.
      args = path.slice(1).split("/").map(decodePathPart) as Args; // split gives one part or more
      if (req.method === "POST") {
        const body = await req.text();
        if (body !== "") args.push(body);
      }
    }
    const entry = (await run([args], base64))[0]!; // one entry per command
    return json(entry, "error" in entry ? 400 : 200);
  }

  return {
    fetch: async (req) => {
      try {
        return await handle(req);
      } catch (err) {
        if (err instanceof BadRequest) return json({ error: err.message }, 400);
        if (err instanceof RedisUnavailable) {
          return json({ error: `Redis unavailable: ${err.message}` }, 503);
        }
        return json({ error: `Internal bridge error: ${(err as Error).message}` }, 500);
      }
    },
    close: () => {
      idleTx.length = 0;
      for (const conn of allTx) conn.disconnect();
      shared.disconnect();
      return Promise.resolve();
    },
  };
}

// EXEC's reply holds each command's result, with a failed command's error in its place.
function settledOf(reply: unknown): PromiseSettledResult<unknown> {
  return reply instanceof ReplyError
    ? { status: "rejected", reason: reply }
    : { status: "fulfilled", value: reply };
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new BadRequest("ERR malformed percent-encoding in the command path");
  }
}

async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new BadRequest("ERR failed to parse request body as JSON");
  }
}

if (import.meta.main) {
  const redisPort = Number(need("REDIS_PORT"));
  const bridge = createUpstashBridge({
    redisHost: "127.0.0.1",
    redisPort,
    token: need("UPSTASH_REDIS_REST_TOKEN"),
  });
  const listenPort = port(need("UPSTASH_REDIS_REST_URL"));
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: listenPort,
    onListen: ({ hostname, port }) =>
      console.log(
        `upstash bridge listening on http://${hostname}:${port} -> redis 127.0.0.1:${redisPort}`,
      ),
  }, bridge.fetch);
  const stop = async () => {
    await server.shutdown();
    await bridge.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
}
