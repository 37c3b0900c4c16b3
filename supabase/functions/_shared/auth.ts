// Verification of Supabase access tokens in edge functions.
// Runs in the Supabase Edge Runtime, so it uses only web APIs and `jose`.
// Supabase projects sign with the legacy JWT secret (HS256; also the local stack) or with
// asymmetric signing keys (ES256/RS256) published at <SUPABASE_URL>/auth/v1/.well-known/jwks.json;
// the token's `alg` header says which, and each algorithm is accepted only with its own key
// source so an attacker cannot pick the verification path (alg confusion, `alg: none`).
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  type JWTPayload,
  jwtVerify,
} from "jose";

export interface Claims extends JWTPayload {
  sub: string;
  role: string;
  email?: string;
  phone?: string;
  aal?: string;
  session_id?: string;
  is_anonymous?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

export interface JwtVerifierConfig {
  /** The project's JWT secret; enables HS256 tokens. */
  jwtSecret?: string;
  /** The project's JWKS URL; enables ES256/RS256 tokens. */
  jwksUrl?: string;
  /** Expected `iss`, e.g. `${SUPABASE_URL}/auth/v1`. */
  issuer: string;
  /** Expected `aud`; Supabase signs user tokens for "authenticated". */
  audience?: string;
}

export class AuthError extends Error {
  readonly code = "unauthorized";
  constructor(message: string) {
    super(message);
    this.name = "AuthError";
  }
}

const asymmetricAlgs = ["ES256", "RS256"];

export function createJwtVerifier(config: JwtVerifierConfig): (token: string) => Promise<Claims> {
  const audience = config.audience ?? "authenticated";
  // Imported once: given raw bytes, jose would import the HMAC key again for every token.
  const secret = config.jwtSecret
    ? crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(config.jwtSecret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    )
    : undefined;
  // One key set per verifier: jose caches the fetched keys and refetches on an unknown `kid`.
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;
  const options = { issuer: config.issuer, audience, requiredClaims: ["exp", "sub"] };
  // A client sends the same token with every request until it expires: its signature is checked
  // once, and the verified claims are kept (keyed by the whole token, signature included) until
  // the token's own expiry. Bounded, oldest first out.
  const verified = new Map<string, Claims>();

  return async (token: string): Promise<Claims> => {
    const known = verified.get(token);
    if (known) {
      if (known.exp! * 1000 > Date.now()) return known;
      verified.delete(token);
    }
    const claims = await verify(token);
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
    return claims;
  };

  async function verify(token: string): Promise<Claims> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthError("malformed token");
    }
    let payload: JWTPayload;
    try {
      if (alg === "HS256") {
        if (!secret) {
          throw new AuthError("HS256 tokens are not accepted (no JWT secret configured)");
        }
        ({ payload } = await jwtVerify(token, await secret, { ...options, algorithms: ["HS256"] }));
      } else if (alg && asymmetricAlgs.includes(alg)) {
        if (!jwks) throw new AuthError(`${alg} tokens are not accepted (no JWKS URL configured)`);
        ({ payload } = await jwtVerify(token, jwks, { ...options, algorithms: asymmetricAlgs }));
      } else {
        throw new AuthError(`unsupported token algorithm ${JSON.stringify(alg ?? null)}`);
      }
    } catch (err) {
      throw toAuthError(err);
    }
    if (typeof payload.sub !== "string" || payload.sub === "") {
      throw new AuthError("missing sub claim");
    }
    if (typeof payload.role !== "string" || payload.role === "") {
      throw new AuthError("missing role claim");
    }
    return payload as Claims;
  }
}

const VERIFIED_TOKENS_KEPT = 1_000;

function toAuthError(err: unknown): AuthError {
  if (err instanceof AuthError) return err;
  if (err instanceof joseErrors.JWTExpired) return new AuthError("token expired");
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.reason === "missing") return new AuthError(`missing ${err.claim} claim`);
    if (err.claim === "aud") return new AuthError("wrong audience");
    if (err.claim === "iss") return new AuthError("wrong issuer");
    if (err.claim === "nbf") return new AuthError("token not yet valid");
    return new AuthError(`invalid ${err.claim} claim`);
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new AuthError("invalid signature");
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new AuthError("no matching signing key");
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new AuthError("algorithm not allowed");
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
    return new AuthError("signing keys unavailable");
  }
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) {
    return new AuthError("malformed token");
  }
  // A failed JWKS fetch surfaces as a plain network error; the caller still gets a 401, not a
  // stack trace, and the cause stays out of the message on purpose.
  return new AuthError("token could not be verified");
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}

export function unauthorized(message: string): Response {
  return new Response(JSON.stringify({ error: { code: "unauthorized", message } }), {
    status: 401,
    headers: { "content-type": "application/json", "www-authenticate": "Bearer" },
  });
}
