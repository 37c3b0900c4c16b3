import { readFileSync } from "node:fs";
import type { Plugin } from "vite";
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

/**
 * Parts of @supabase/auth-js the client never calls, replaced by stubs that throw: the admin API
 * (service role only), passkeys (WebAuthn) and web3 sign-in (and a globalThis polyfill). GoTrueClient imports them
 * statically, so they cannot be tree-shaken; without them the bundle is ~4.7 KB gzipped smaller.
 */
function authStubs(): Plugin {
  const unused = "() => { throw new Error('not used by this client'); }";
  const stubs: Record<string, string> = {
    "./GoTrueAdminApi": "export default class GoTrueAdminApi {}",
    "./lib/webauthn": [
      "createCredential",
      "deserializeCredentialCreationOptions",
      "deserializeCredentialRequestOptions",
      "getCredential",
      "serializeCredentialCreationResponse",
      "serializeCredentialRequestResponse",
    ].map((n) => `export const ${n} = ${unused};`).join("\n") +
      "\nexport const browserSupportsWebAuthn = () => false;" +
      "\nexport const webAuthnAbortService = {};\nexport class WebAuthnApi {}",
    "./lib/web3/ethereum": ["createSiweMessage", "fromHex", "getAddress", "toHex"]
      .map((n) => `export const ${n} = ${unused};`).join("\n"),
    // The client passes no `lock` (auth-js is lockless then): only the error class is read.
    "./lib/locks": "export class LockAcquireTimeoutError extends Error {}\n" +
      "export class NavigatorLockAcquireTimeoutError extends LockAcquireTimeoutError {}\n" +
      `export const navigatorLock = ${unused};\nexport const processLock = ${unused};\n` +
      "export const internals = {};",
    // Every browser the build targets (es2022) has globalThis.
    "./lib/polyfills": "export const polyfillGlobalThis = () => {};",
  };
  return {
    name: "promptline-auth-stubs",
    enforce: "pre",
    resolveId(id, importer) {
      if (!importer?.includes("@supabase/auth-js/") || !(id in stubs)) return null;
      return `\0auth-stub:${id}`;
    },
    load(id) {
      return id.startsWith("\0auth-stub:") ? stubs[id.slice("\0auth-stub:".length)] : null;
    },
  };
}

const local = localEnv();
const supabaseUrl = process.env.VITE_SUPABASE_URL ?? local.SUPABASE_URL;
const anonKey = process.env.VITE_SUPABASE_ANON_KEY ?? local.SUPABASE_ANON_KEY;

export default defineConfig({
  plugins: [authStubs(), preact()],
  define: {
    "import.meta.env.VITE_SUPABASE_URL": JSON.stringify(supabaseUrl),
    "import.meta.env.VITE_SUPABASE_ANON_KEY": JSON.stringify(anonKey),
  },
  build: { target: "es2022", reportCompressedSize: true, modulePreload: false },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "e2e/**/*.test.ts"],
    environment: "node",
  },
});
