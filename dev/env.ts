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

export function port(url: string): number {
  return Number(new URL(url).port);
}
