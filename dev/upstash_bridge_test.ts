// Drives the running bridge with the real Upstash clients, so a protocol detail the clients
// rely on (status codes, error strings, base64 encoding, NOSCRIPT) cannot drift unnoticed.
// Needs redis-server and the bridge up at localEnv.UPSTASH_REDIS_REST_URL.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Redis } from "@upstash/redis";
import { Ratelimit } from "@upstash/ratelimit";
import { need } from "./env.ts";
import { createUpstashBridge } from "./upstash_bridge.ts";

const url = need("UPSTASH_REDIS_REST_URL");
const token = need("UPSTASH_REDIS_REST_TOKEN");
// Unique per run: tests may run concurrently and repeatedly against one shared Redis.
const prefix = `bridge-test:${crypto.randomUUID()}:`;
const key = (name: string) => prefix + name;

const redis = new Redis({ url, token, retry: false });
const plainRedis = new Redis({ url, token, retry: false, responseEncoding: false });
// @upstash/redis batches concurrent commands into one /pipeline call; this one sends each
// command as its own HTTP request, so the bridge also sees truly concurrent requests.
const directRedis = new Redis({ url, token, retry: false, enableAutoPipelining: false });

function raw(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
}

Deno.test("PING answers PONG", async () => {
  assert.equal(await redis.ping(), "PONG");
  const res = await raw("/", ["PING"]);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { result: "PONG" });
});

Deno.test("set, get and incr", async () => {
  assert.equal(await redis.set(key("s"), "value"), "OK");
  assert.equal(await redis.get(key("s")), "value");
  await redis.set(key("obj"), { a: 1, b: ["x"] });
  assert.deepEqual(await redis.get(key("obj")), { a: 1, b: ["x"] });
  assert.equal(await redis.incr(key("n")), 1);
  assert.equal(await redis.incrby(key("n"), 41), 42);
  assert.equal(await redis.get(key("missing")), null);
});

Deno.test("expire and ttl", async () => {
  await redis.set(key("ttl"), "v");
  assert.equal(await redis.ttl(key("ttl")), -1);
  assert.equal(await redis.expire(key("ttl"), 100), 1);
  const ttl = await redis.ttl(key("ttl"));
  assert.ok(ttl > 90 && ttl <= 100, `ttl ${ttl}`);
  await redis.set(key("px"), "v", { px: 150 });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await redis.get(key("px")), null);
});

Deno.test("hash operations", async () => {
  assert.equal(await redis.hset(key("h"), { name: "ada", count: 1 }), 2);
  assert.equal(await redis.hget(key("h"), "name"), "ada");
  assert.equal(await redis.hincrby(key("h"), "count", 4), 5);
  assert.deepEqual(await redis.hgetall(key("h")), { name: "ada", count: 5 });
  assert.equal(await redis.hdel(key("h"), "name"), 1);
  assert.deepEqual(await redis.hkeys(key("h")), ["count"]);
});

Deno.test("pipeline returns one result per command, errors in place", async () => {
  const results = await redis.pipeline()
    .set(key("p"), "1")
    .incr(key("p"))
    .get(key("p"))
    .exec();
  assert.deepEqual(results, ["OK", 2, 2]);

  await redis.set(key("text"), "not a number");
  const kept = await redis.pipeline().incr(key("text")).get(key("text")).exec({
    keepErrors: true,
  });
  assert.match(String(kept[0].error), /not an integer/);
  assert.equal(kept[1].result, "not a number");
});

Deno.test("multi-exec runs a transaction", async () => {
  const results = await redis.multi()
    .set(key("tx"), "10")
    .incrby(key("tx"), 5)
    .hset(key("txh"), { f: "v" })
    .get(key("tx"))
    .exec();
  assert.deepEqual(results, ["OK", 15, 1, 15]);
});

Deno.test("multi-exec with a command Redis refuses applies nothing", async () => {
  const res = await raw("/multi-exec", [["SET", key("aborted"), "1"], ["NOSUCHCOMMAND"]]);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /EXECABORT/);
  assert.equal(await redis.exists(key("aborted")), 0);
});

Deno.test("eval runs a Lua script with keys and args", async () => {
  const out = await redis.eval<[string], string>(
    "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])",
    [key("lua")],
    ["from-lua"],
  );
  assert.equal(out, "from-lua");
  assert.deepEqual(await redis.eval("return {1, 'two', {3}}", [], []), [1, "two", [3]]);
});

Deno.test("evalsha of an unknown script rejects with NOSCRIPT", async () => {
  await assert.rejects(
    redis.evalsha("ffffffffffffffffffffffffffffffffffffffff", [], []),
    /NOSCRIPT/,
  );
});

Deno.test("createScript falls back from EVALSHA to EVAL on NOSCRIPT", async () => {
  // A unique script text, so Redis has certainly never cached it.
  const script = redis.createScript<number>(
    `-- ${crypto.randomUUID()}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`,
  );
  const sha = await sha1(script.script);
  await assert.rejects(redis.evalsha(sha, [key("script")], ["2"]), /NOSCRIPT/);
  assert.equal(await script.exec([key("script")], ["2"]), 2);
  // The EVAL fallback cached the script, so EVALSHA now finds it.
  assert.equal(await redis.evalsha(sha, [key("script")], ["3"]), 5);
  assert.equal(await script.exec([key("script")], ["1"]), 6);
});

Deno.test("scripts with Upstash's allow-key-locking flag run, by EVAL and by original SHA", async () => {
  const text =
    `#!lua flags=allow-key-locking\n-- ${crypto.randomUUID()}\nreturn redis.call('INCR', KEYS[1])`;
  const script = redis.createScript<number>(text);
  assert.equal(await script.exec([key("locking")], []), 1);
  assert.equal(await redis.evalsha(await sha1(text), [key("locking")], []), 2);
  assert.equal(await redis.scriptLoad(text), await sha1(text));
  assert.deepEqual(await redis.scriptExists(await sha1(text)), [1]);
});

Deno.test("a wrong or missing token is refused with 401", async () => {
  const wrong = new Redis({ url, token: "wrong-token", retry: false });
  await assert.rejects(wrong.get(key("s")), /Unauthorized/);
  const res = await fetch(url, { method: "POST", body: JSON.stringify(["PING"]) });
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), { error: "Unauthorized" });
});

Deno.test("a command error is HTTP 400 with Redis's message", async () => {
  const res = await raw("/", ["NOSUCHCOMMAND", "x"]);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /^ERR unknown command/);
  await redis.set(key("string"), "v");
  await assert.rejects(redis.hget(key("string"), "f"), /WRONGTYPE/);
});

Deno.test("non-ASCII strings round-trip with and without base64", async () => {
  const text = "héllo wörld — 日本語 🚀";
  await redis.set(key("utf8"), text);
  assert.equal(await redis.get(key("utf8")), text);
  assert.equal(await plainRedis.get(key("utf8")), text);
  await redis.rpush(key("list"), text, "plain");
  assert.deepEqual(await redis.lrange(key("list"), 0, -1), [text, "plain"]);

  const encoded = await raw("/", ["LRANGE", key("list"), 0, -1], { "Upstash-Encoding": "base64" });
  assert.deepEqual((await encoded.json()).result, [
    Buffer.from(text).toString("base64"),
    Buffer.from("plain").toString("base64"),
  ]);
  const ok = await raw("/", ["SET", key("ok"), "1"], { "Upstash-Encoding": "base64" });
  assert.deepEqual(await ok.json(), { result: "OK" });
});

Deno.test("REST path commands work", async () => {
  const headers = { authorization: `Bearer ${token}` };
  const set = await fetch(`${url}/set/${encodeURIComponent(key("path"))}/v%2F1`, { headers });
  assert.deepEqual(await set.json(), { result: "OK" });
  const get = await fetch(`${url}/get/${encodeURIComponent(key("path"))}`, { headers });
  assert.deepEqual(await get.json(), { result: "v/1" });
});

async function admitted(limiter: Ratelimit, id: string, requests: number): Promise<number> {
  const results = await Promise.all(Array.from({ length: requests }, () => limiter.limit(id)));
  for (const r of results) assert.notEqual(r.reason, "timeout");
  return results.filter((r) => r.success).length;
}

for (
  const [name, make] of [
    ["fixedWindow", () => Ratelimit.fixedWindow(5, "30 s")],
    ["slidingWindow", () => Ratelimit.slidingWindow(5, "30 s")],
  ] as const
) {
  Deno.test(`ratelimit ${name} admits exactly the limit under concurrency`, async () => {
    for (const [via, client] of [["pipelined", redis], ["direct", directRedis]] as const) {
      const limiter = new Ratelimit({
        redis: client,
        limiter: make(),
        prefix: key(`rl-${name}-${via}`),
        ephemeralCache: false,
        timeout: 0, // a slow bridge must fail the test, not count as admitted
      });
      assert.equal(await admitted(limiter, "user-1", 20), 5, via);
      assert.equal(await admitted(limiter, "user-2", 3), 3, via);
    }
  });
}

Deno.test("with Redis down the bridge answers 503 JSON at once", async () => {
  // A port that was free a moment ago: nothing listens there.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const deadPort = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const bridge = createUpstashBridge({ redisHost: "127.0.0.1", redisPort: deadPort, token });
  try {
    for (
      const [path, body] of [["/", ["PING"]], ["/pipeline", [["PING"]]], [
        "/multi-exec",
        [["PING"]],
      ]] as const
    ) {
      const started = performance.now();
      const res = await bridge.fetch(
        new Request(`http://bridge${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        }),
      );
      assert.equal(res.status, 503, path);
      assert.match((await res.json()).error, /Redis unavailable/);
      assert.ok(performance.now() - started < 2000, `${path} took too long`);
    }
  } finally {
    await bridge.close();
  }
});

Deno.test("cleanup: remove this run's keys", async () => {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, { match: `${prefix}*`, count: 500 });
    if (keys.length) await redis.del(...keys);
    cursor = String(next);
  } while (cursor !== "0");
  assert.equal((await redis.scan(0, { match: `${prefix}*`, count: 10000 }))[1].length, 0);
});

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex");
}
