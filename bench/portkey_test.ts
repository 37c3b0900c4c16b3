import assert from "node:assert/strict";
import OpenAI from "openai";
import { need } from "../dev/env.ts";
import {
  describeSocket,
  inetSockets,
  offLoopback,
  parseProcNet,
  portkeyArgs,
  portkeyEnv,
  portkeyHeaders,
  portkeyVersion,
  procNetAddress,
  REFUSED_PREFIX,
  startPortkey,
  waitReady,
} from "./portkey.ts";

Deno.test("Portkey's command line, environment and headers", () => {
  const args = portkeyArgs(40123);
  assert.equal(args[0], "--import");
  assert.match(args[1] ?? "", /^file:\/\/.*\/bench\/portkey_loopback\.mjs$/);
  assert.match(args[2] ?? "", /\/node_modules\/@portkey-ai\/gateway\/build\/start-server\.js$/);
  assert.deepEqual(args.slice(3), ["--port=40123", "--headless"]);
  assert.deepEqual(portkeyEnv("/usr/bin"), {
    PATH: "/usr/bin",
    NODE_ENV: "production",
    TRUSTED_CUSTOM_HOSTS: "127.0.0.1",
  });
  assert.deepEqual(portkeyHeaders("http://127.0.0.1:54390/v1/"), {
    "x-portkey-provider": "openai",
    "x-portkey-custom-host": "http://127.0.0.1:54390/v1",
  });
  assert.throws(() => portkeyHeaders("https://provider.example/v1"), /only at 127\.0\.0\.1/);
  assert.equal(portkeyVersion(), "1.15.2");
});

Deno.test("the preload says what the bench counts; readiness fails fast", async () => {
  const preload = await Deno.readTextFile(new URL("./portkey_loopback.mjs", import.meta.url));
  assert.ok(preload.includes(`const PREFIX = "${REFUSED_PREFIX}";`));
  await assert.rejects(() => waitReady("http://127.0.0.1:9/", () => true, 5_000), /exited/);
  await assert.rejects(() => waitReady("http://127.0.0.1:9/", () => false, 200), /did not answer/);
});

Deno.test("addresses of /proc/net tables", () => {
  assert.equal(procNetAddress("0100007F"), "127.0.0.1");
  assert.equal(procNetAddress("00000000"), "0.0.0.0");
  assert.equal(procNetAddress("00000000000000000000000001000000"), "::1");
  assert.equal(procNetAddress("00000000000000000000000000000000"), "::");
  assert.equal(procNetAddress("0000000000000000FFFF00000100007F"), "::ffff:127.0.0.1");
  assert.equal(procNetAddress("B80D0120000000000000000001000000"), "2001:db8:0:0:0:0:0:1");
  const table =
    `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:D5C3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:A1B2 0100007F:D536 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 20 4 30 10 -1
   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4244 1 0000000000000000 100 0 0 10 0
   3: 0F02000A:C000 22D8B85D:01BB 01 00000000:00000000 00:00000000 00000000     0        0 4245 1 0000000000000000 20 4 30 10 -1
`;
  const sockets = parseProcNet(table, "tcp");
  assert.deepEqual(sockets[1], {
    proto: "tcp",
    local: "127.0.0.1",
    localPort: 0xa1b2,
    remote: "127.0.0.1",
    remotePort: 54582,
    state: "01",
    inode: "4243",
  });
  assert.deepEqual(offLoopback(sockets).map(describeSocket), [
    "tcp 0.0.0.0:8080 -> 0.0.0.0:0", // listening on every interface
    "tcp 10.0.2.15:49152 -> 93.184.216.34:443", // connected beyond this machine
  ]);
});

Deno.test("a real Portkey on loopback forwards to the stand-in, stays on loopback, and stops", async () => {
  const portkey = await startPortkey();
  try {
    const client = new OpenAI({
      apiKey: "standin-needs-no-key",
      baseURL: portkey.baseURL,
      defaultHeaders: portkeyHeaders(need("LLM_STANDIN_URL")),
      maxRetries: 0,
      timeout: 10_000,
    });
    const r = await client.chat.completions.create({
      model: "standin/echo",
      messages: [{ role: "user", content: "Summarise the benefits of unit tests." }],
    });
    assert.equal(r.system_fingerprint, "promptline-standin");
    assert.match(r.choices[0]?.message.content ?? "", /^Stand-in reply/);

    const sockets = inetSockets(portkey.pid);
    if (Deno.build.os === "linux") {
      const listening = sockets.filter((s) => s.state === "0A").map(describeSocket);
      assert.deepEqual(listening, [`tcp 127.0.0.1:${portkey.port} -> 0.0.0.0:0`]);
      const standinPort = Number(new URL(need("LLM_STANDIN_URL")).port);
      assert.ok(
        sockets.some((s) => s.remote === "127.0.0.1" && s.remotePort === standinPort),
        `a connection to the stand-in among ${sockets.map(describeSocket).join(", ")}`,
      );
      assert.deepEqual(offLoopback(sockets), []);
    }

    // Without a custom host Portkey would call api.openai.com: refused before any lookup.
    const res = await fetch(`${portkey.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer sk-not-a-key",
        "x-portkey-provider": "openai",
      },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    await res.body?.cancel();
    assert.notEqual(res.status, 200);
    // Its stderr is read as it comes: give the line a moment to arrive.
    for (let i = 0; i < 50 && !portkey.refused().length; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(portkey.refused(), [
      "portkey-loopback: refused a connection to api.openai.com:443",
    ]);
  } finally {
    await portkey.stop();
  }
  await portkey.stop(); // twice is harmless
  if (Deno.build.os === "linux") {
    assert.throws(() => Deno.statSync(`/proc/${portkey.pid}`), Deno.errors.NotFound, "exited");
  }
});
