// Small wrappers over Deno.Command for the dev scripts: run to completion, or fail loudly with
// the command's own output.

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(
  cmd: string[],
  stdin?: string,
  env?: Record<string, string>,
): Promise<RunResult> {
  const [program, ...args] = cmd;
  if (program === undefined) throw new Error("run: empty command");
  const child = new Deno.Command(program, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env,
  }).spawn();
  // Output is collected while stdin is written: a child that answers as it reads would otherwise
  // fill its stdout pipe and wait for us while we wait for it to take the rest of stdin.
  const output = child.output();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await output;
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

export async function runOk(
  cmd: string[],
  stdin?: string,
  env?: Record<string, string>,
): Promise<void> {
  const r = await run(cmd, stdin, env);
  if (r.code !== 0) {
    throw new Error(`${cmd.join(" ")} failed (exit ${r.code}):\n${r.stderr || r.stdout}`);
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export async function portOpen(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}
