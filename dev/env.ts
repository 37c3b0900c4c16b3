// The local stack's configuration: dev/local.env, overridden by the process environment.
// Every dev process and every test reads its settings through here, so one file decides ports.
const localEnvPath = new URL("./local.env", import.meta.url);

export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export function loadLocalEnv(): Record<string, string> {
  const file = parseEnvFile(Deno.readTextFileSync(localEnvPath));
  return { ...file, ...Deno.env.toObject() };
}

export const localEnv: Record<string, string> = loadLocalEnv();

/** A setting of the local stack (or of `env`); throws, naming it, when it is missing or empty. */
export function need(name: string, env: Record<string, string> = localEnv): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: add it to dev/local.env or the environment`);
  }
  return value;
}

export function port(url: string): number {
  return Number(new URL(url).port);
}

/**
 * The stack's Postgres cluster: PROMPTLINE_CLUSTER, "promptline" by default. A second stack on
 * other ports (npm run chaos) names its own, so it never touches the first one's data.
 */
export function clusterName(env: Record<string, string> = localEnv): string {
  const name = env.PROMPTLINE_CLUSTER || "promptline";
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(name)) {
    throw new Error(`PROMPTLINE_CLUSTER must be lowercase letters, digits and _, got "${name}"`);
  }
  return name;
}

/** Where the stack keeps its pid file, log and data: .stack, or .stack/<cluster> for another. */
export function stateDir(env: Record<string, string> = localEnv): string {
  const base = new URL("../.stack", import.meta.url).pathname;
  const name = clusterName(env);
  return name === "promptline" ? base : `${base}/${name}`;
}
