// Portkey's open-source AI gateway (npm @portkey-ai/gateway, a devDependency) as bench:runs' peer:
// started here as a child process on a free loopback port, pointed per request at the same
// OpenAI-compatible stand-in the direct pass calls (`x-portkey-provider: openai` and
// `x-portkey-custom-host: <stand-in base URL>`), and stopped at the end.
//
// Kept off the network three ways: bench/portkey_loopback.mjs, preloaded with `node --import`,
// binds its listener to 127.0.0.1 (start-server.js has no host flag and would listen on every
// interface) and refuses any TCP connection that is not to loopback, saying so on stderr; the child
// gets a clean environment (no proxies, no Redis URL, no cloud credentials, `TRUSTED_CUSTOM_HOSTS`
// = 127.0.0.1, `NODE_ENV=production`) and `--headless` (no console UI, no log stream); and
// `inetSockets` lists the process's own sockets from /proc, so the bench can show that each one is
// on loopback.
const pkg = new URL("../node_modules/@portkey-ai/gateway/", import.meta.url);
export const PORTKEY_ENTRY = new URL("build/start-server.js", pkg).pathname;
const PRELOAD = new URL("./portkey_loopback.mjs", import.meta.url).href;
/** What bench/portkey_loopback.mjs prints when it refuses a connection. */
export const REFUSED_PREFIX = "portkey-loopback: refused";

/** The installed version, from its package.json. */
export function portkeyVersion(): string {
  return JSON.parse(Deno.readTextFileSync(new URL("package.json", pkg))).version;
}

/** The child's command line: start-server.js reads only `--port=<n>` (with "=") and `--headless`. */
export function portkeyArgs(port: number): string[] {
  return ["--import", PRELOAD, PORTKEY_ENTRY, `--port=${port}`, "--headless"];
}

/** The child's whole environment: nothing inherited but PATH. */
export function portkeyEnv(path = Deno.env.get("PATH") ?? "/usr/bin:/bin"): Record<string, string> {
  return { PATH: path, NODE_ENV: "production", TRUSTED_CUSTOM_HOSTS: "127.0.0.1" };
}

/** The two headers that make Portkey forward an OpenAI-style call to `providerBaseUrl`. */
export function portkeyHeaders(providerBaseUrl: string): Record<string, string> {
  const url = new URL(providerBaseUrl);
  if (url.hostname !== "127.0.0.1") {
    throw new Error(`the bench points Portkey only at 127.0.0.1, not ${url.hostname}`);
  }
  return {
    "x-portkey-provider": "openai",
    "x-portkey-custom-host": providerBaseUrl.replace(/\/+$/, ""),
  };
}

/** A port nobody listens on right now (the system's pick), on 127.0.0.1. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = l.addr as Deno.NetAddr;
  l.close();
  return port;
}

export interface Portkey {
  /** OpenAI-style base URL, `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  port: number;
  pid: number;
  /** Connections bench/portkey_loopback.mjs refused so far (each a line of stderr). */
  refused(): string[];
  /** Its stderr so far (the last 64 KB). */
  stderr(): string;
  /**
   * SIGTERM, then SIGKILL after 5 s; resolves when it has exited. Safe to call twice. Until then,
   * a SIGINT or SIGTERM of this process kills Portkey and exits.
   */
  stop(): Promise<void>;
}

/** Starts Portkey's gateway and resolves once it answers `GET /` (within `timeoutMs`). */
export async function startPortkey(
  { port = freePort(), timeoutMs = 20_000 }: { port?: number; timeoutMs?: number } = {},
): Promise<Portkey> {
  const child = new Deno.Command("node", {
    args: portkeyArgs(port),
    env: portkeyEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "null", // a start-up spinner and banner, nothing else
    stderr: "piped",
  }).spawn();
  let err = "";
  const drained = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      err = (err + chunk).slice(-65_536);
    }
  })().catch(() => {});
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  // Interrupted, the bench takes Portkey down with it (finally blocks do not run on a signal).
  const signals = ["SIGINT", "SIGTERM"] as const;
  const onSignal = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* it ended meanwhile */ }
    Deno.exit(130);
  };
  for (const sig of signals) Deno.addSignalListener(sig, onSignal);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      for (const sig of signals) Deno.removeSignalListener(sig, onSignal);
      if (!exited) {
        try {
          child.kill("SIGTERM");
        } catch { /* it ended meanwhile */ }
        const timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch { /* it ended meanwhile */ }
        }, 5_000);
        await status;
        clearTimeout(timer);
      }
      await drained;
    })();
  const portkey: Portkey = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    pid: child.pid,
    refused: () => err.split("\n").filter((l) => l.startsWith(REFUSED_PREFIX)),
    stderr: () => err,
    stop,
  };
  try {
    await waitReady(`http://127.0.0.1:${port}/`, () => exited, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`${e instanceof Error ? e.message : e}\n${err}`);
  }
  return portkey;
}

/** Polls `url` until it answers 200; fails when `exited()` or after `timeoutMs`. */
export async function waitReady(
  url: string,
  exited: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (exited()) throw new Error(`Portkey exited before answering ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`Portkey did not answer ${url} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface InetSocket {
  proto: "tcp" | "tcp6" | "udp" | "udp6";
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  /** TCP state: "0A" is LISTEN, "01" ESTABLISHED (include/net/tcp_states.h). */
  state: string;
  inode: string;
}

/** An address of /proc/net/{tcp,udp}{,6}: hex, in 32-bit words of host (little-endian) order. */
export function procNetAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) =>
    (word.match(/../g) ?? []).map((b) => parseInt(b, 16)).reverse()
  );
  if (bytes.length === 4) return bytes.join(".");
  if (bytes.every((b) => b === 0)) return "::";
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return "::1";
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join(".")}`;
  }
  const groups = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  }
  return groups.join(":");
}

/** The sockets of a /proc/net/{tcp,udp}{,6} table. */
export function parseProcNet(text: string, proto: InetSocket["proto"]): InetSocket[] {
  return text.split("\n").slice(1).filter((l) => l.trim()).map((line) => {
    const f = line.trim().split(/\s+/);
    const [local, localPort] = (f[1] ?? "").split(":");
    const [remote, remotePort] = (f[2] ?? "").split(":");
    const [state, inode] = [f[3], f[9]];
    // A line read wrong would pass for a socket that is not there: refuse it instead.
    if (!local || !localPort || !remote || !remotePort || !state || !inode) {
      throw new Error(`unreadable line of /proc/net/${proto}: ${line}`);
    }
    return {
      proto,
      local: procNetAddress(local),
      localPort: parseInt(localPort, 16),
      remote: procNetAddress(remote),
      remotePort: parseInt(remotePort, 16),
      state,
      inode,
    };
  });
}

const isLoopback = (a: string) => a === "::1" || /^127\./.test(a) || /^::ffff:127\./.test(a);
const unspecified = (a: string) => a === "0.0.0.0" || a === "::";

/** What is off loopback: a socket bound to a wider address, or connected beyond this machine. */
export function offLoopback(sockets: InetSocket[]): InetSocket[] {
  return sockets.filter((s) =>
    !isLoopback(s.local) || !(isLoopback(s.remote) || (unspecified(s.remote) && !s.remotePort))
  );
}

/** The open IPv4/IPv6 sockets of process `pid` (Linux; [] where there is no /proc). */
export function inetSockets(pid: number): InetSocket[] {
  const inodes = new Set<string>();
  try {
    for (const e of Deno.readDirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(Deno.readLinkSync(`/proc/${pid}/fd/${e.name}`));
        if (m?.[1]) inodes.add(m[1]);
      } catch { /* closed meanwhile */ }
    }
  } catch {
    return [];
  }
  const protos = ["tcp", "tcp6", "udp", "udp6"] as const;
  return protos.flatMap((proto) => {
    try {
      return parseProcNet(Deno.readTextFileSync(`/proc/${pid}/net/${proto}`), proto);
    } catch {
      return [];
    }
  }).filter((s) => inodes.has(s.inode));
}

/** "tcp 127.0.0.1:43210 -> 127.0.0.1:54390", for reports. */
export function describeSocket(s: InetSocket): string {
  return `${s.proto} ${s.local}:${s.localPort} -> ${s.remote}:${s.remotePort}`;
}
