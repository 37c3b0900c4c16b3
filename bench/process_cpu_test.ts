import assert from "node:assert/strict";
import { cpuMsOfStat, cpuPer, sampleStackCpu, stackProcess } from "./process_cpu.ts";

Deno.test("stack processes are told apart by their command lines", () => {
  assert.equal(
    stackProcess("postgres: 15/promptline: postgres postgres 127.0.0.1(5432) idle"),
    "postgres",
  );
  assert.equal(
    stackProcess("/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/promptline -c x"),
    "postgres",
  );
  assert.equal(stackProcess("postgres: 15/main: walwriter"), null, "another cluster is not ours");
  assert.equal(stackProcess("deno run -A --watch --no-clear-screen /w/dev/gateway.ts"), "gateway");
  assert.equal(
    stackProcess(
      `deno run -A --quiet --v8-flags=--max-old-space-size=128 /w/bench/api_process.ts {}`,
    ),
    "function",
  );
  assert.equal(stackProcess("deno run -A /w/dev/upstash_bridge.ts"), "bridge");
  assert.equal(stackProcess("deno run -A /w/dev/llm_standin.ts"), "standin");
  assert.equal(stackProcess("/usr/bin/redis-server 127.0.0.1:54379"), "redis");
  assert.equal(stackProcess("deno run -A /w/bench/floor_proxy.ts"), "floor");
  assert.equal(
    stackProcess(
      "node --import file:///w/bench/portkey_loopback.mjs " +
        "/w/node_modules/@portkey-ai/gateway/build/start-server.js --port=40123 --headless",
    ),
    "portkey",
  );
  assert.equal(stackProcess("redis-server 127.0.0.1:6379"), null, "the machine's own Redis is not");
});

Deno.test("CPU time is utime + stime + cutime + cstime, whatever the command name holds", () => {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
  // cutime cstime priority …
  const stat = "42 (odd) name)) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 1 0";
  assert.equal(cpuMsOfStat(stat), 3100);
  assert.equal(cpuMsOfStat(stat, 1000), 310);
});

Deno.test("CPU per unit, and a real reading of this process", () => {
  assert.deepEqual(cpuPer({ gateway: 100 }, { gateway: 400, redis: 9 }, 100), {
    gateway: 3,
    redis: 0.09,
  });
  let x = 0;
  for (let i = 0; i < 5e7; i++) x += i;
  const reading = sampleStackCpu();
  if (Deno.build.os === "linux") {
    assert.ok((reading.client ?? 0) > 0, `client CPU ${reading.client} (${x})`);
  }
});
