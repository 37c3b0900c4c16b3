import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import preact from "@preact/preset-vite";

// The local stack's URL and anon key are the defaults, read from dev/local.env so they live in
// one place; VITE_SUPABASE_URL / VITE_SUPABASE_ANON_KEY in the environment override them.
function localEnv(): Record<string, string> {
  const text = readFileSync(new URL("../dev/local.env", import.meta.url), "utf8");
  return Object.fromEntries(
    text.split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => {
      const at = l.indexOf("=");
      return [l.slice(0, at), l.slice(at + 1).trim()];
    }),
  );
}

const local = localEnv();
const supabaseUrl = process.env.VITE_SUPABASE_URL ?? local.SUPABASE_URL;
const anonKey = process.env.VITE_SUPABASE_ANON_KEY ?? local.SUPABASE_ANON_KEY;

export default defineConfig({
  plugins: [preact()],
  define: {
    "import.meta.env.VITE_SUPABASE_URL": JSON.stringify(supabaseUrl),
    "import.meta.env.VITE_SUPABASE_ANON_KEY": JSON.stringify(anonKey),
  },
  build: { target: "es2022", reportCompressedSize: true },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "e2e/**/*.test.ts"],
    environment: "node",
  },
});
