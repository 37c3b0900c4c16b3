// Where the demo CSV (awesome-chatgpt-prompts, CC0) lives on a development machine. Reading
// and converting it is supabase/functions/_shared/prompt_csv.ts, shared with POST /import.

/**
 * Where the demo CSV is: PROMPTLINE_DEMO_CSV if set, else the first that exists of the copy in
 * the repository (data/, so a clone anywhere has it) and the workspace's shared data folder.
 */
export async function findDemoCsv(env: Record<string, string | undefined>): Promise<string | URL> {
  if (env.PROMPTLINE_DEMO_CSV) return env.PROMPTLINE_DEMO_CSV;
  const candidates = [
    new URL("../data/awesome-chatgpt-prompts.csv", import.meta.url),
    new URL("../../shared/data/awesome-chatgpt-prompts.csv", import.meta.url),
  ];
  for (const c of candidates) {
    try {
      if ((await Deno.stat(c)).isFile) return c;
    } catch {
      // not there; try the next place
    }
  }
  throw new Error(
    `demo CSV not found (looked in ${candidates.map((c) => c.pathname).join(", ")}); ` +
      "set PROMPTLINE_DEMO_CSV to its path",
  );
}
