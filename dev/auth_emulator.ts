// A local emulator of Supabase Auth (GoTrue) for the Docker-free stack: the endpoints
// supabase-js v2 uses for email + password auth, backed by the real auth.users /
// auth.sessions / auth.refresh_tokens tables of the local cluster (bcrypt via pgcrypto),
// issuing HS256 access tokens with Supabase's claim shape. Behaviour follows GoTrue with
// `mailer_autoconfirm` on, as `supabase start` configures it. Dev only; never deployed.
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type postgres from "postgres";
import { one } from "../supabase/functions/_shared/db.ts";

export interface AuthEmulatorOptions {
  sql: postgres.Sql;
  jwtSecret: string;
  /** `iss` of issued tokens, e.g. http://127.0.0.1:54321/auth/v1 */
  issuer: string;
  accessTokenTtlSeconds?: number;
}

type Tx = postgres.TransactionSql;
type Json = Record<string, unknown>;

const prefix = "/auth/v1";
const zeroInstance = "00000000-0000-0000-0000-000000000000";
// GoTrue's email format check (api/mail.go), without its optional DNS lookups.
const emailPattern =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const minPasswordLength = 6; // GoTrue's default (GOTRUE_PASSWORD_MIN_LENGTH)
const maxPasswordBytes = 72; // bcrypt ignores the rest; GoTrue refuses longer passwords

/** An error GoTrue would answer with: HTTP status, machine code, human message. */
class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  "access-control-allow-headers":
    "apikey, authorization, x-client-info, content-type, x-supabase-api-version",
  // auth-js reads this header to pick the error shape; browsers hide it unless exposed.
  "access-control-expose-headers": "x-supabase-api-version, x-sb-error-code",
  "access-control-max-age": "3600",
};

interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  email_confirmed_at: Date | null;
  confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Json | null;
  raw_user_meta_data: Json | null;
  created_at: Date | null;
  updated_at: Date | null;
  is_anonymous: boolean;
  banned_until: Date | null;
  identity_id: string;
}

interface Caller {
  user: UserRow;
  sessionId: string | null;
}

/**
 * Inserts a confirmed email user as GoTrue does (bcrypt password via pgcrypto). Shared with the
 * demo seed, which creates its user without going through HTTP.
 */
export async function insertAuthUser(
  tx: postgres.TransactionSql,
  u: {
    id: string;
    email: string;
    password: string;
    appMeta: Record<string, unknown>;
    userMeta: Record<string, unknown>;
  },
): Promise<void> {
  // The empty token strings match GoTrue: tools scanning auth.users choke on NULLs there.
  await tx`
    insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous,
      confirmation_token, recovery_token, email_change_token_new, email_change
    ) values (
      ${zeroInstance}, ${u.id}, 'authenticated', 'authenticated', ${u.email},
      extensions.crypt(${u.password}, extensions.gen_salt('bf')), now(),
      ${tx.json(u.appMeta as postgres.JSONValue)}, ${tx.json(u.userMeta as postgres.JSONValue)},
      now(), now(), false, '', '', '', ''
    )`;
}

export function createAuthEmulator(opts: AuthEmulatorOptions): (req: Request) => Promise<Response> {
  const { sql, issuer } = opts;
  const ttl = opts.accessTokenTtlSeconds ?? 3600;
  const key = new TextEncoder().encode(opts.jwtSecret);

  async function loadUser(tx: Tx, id: string): Promise<UserRow | undefined> {
    // identity_id: GoTrue keeps identities in auth.identities, which the local schema lacks;
    // a name-based UUID gives each user one stable email identity.
    const [row] = await tx<UserRow[]>`
      select u.id, u.aud, u.role, u.email, u.phone, u.email_confirmed_at, u.confirmed_at,
             u.last_sign_in_at, u.raw_app_meta_data, u.raw_user_meta_data, u.created_at,
             u.updated_at, u.is_anonymous, u.banned_until,
             extensions.uuid_generate_v5(u.id, 'email')::text as identity_id
      from auth.users u
      where u.id = ${id} and u.deleted_at is null`;
    return row;
  }

  function userJson(u: UserRow): Json {
    return {
      id: u.id,
      aud: u.aud ?? "authenticated",
      role: u.role ?? "authenticated",
      email: u.email ?? "",
      email_confirmed_at: u.email_confirmed_at,
      phone: u.phone ?? "",
      confirmed_at: u.confirmed_at,
      last_sign_in_at: u.last_sign_in_at,
      app_metadata: u.raw_app_meta_data ?? {},
      user_metadata: u.raw_user_meta_data ?? {},
      identities: [{
        identity_id: u.identity_id,
        id: u.id,
        user_id: u.id,
        identity_data: {
          email: u.email,
          email_verified: u.email_confirmed_at !== null,
          phone_verified: false,
          sub: u.id,
        },
        provider: "email",
        last_sign_in_at: u.last_sign_in_at,
        created_at: u.created_at,
        updated_at: u.updated_at,
        email: u.email,
      }],
      created_at: u.created_at,
      updated_at: u.updated_at,
      is_anonymous: u.is_anonymous,
    };
  }

  async function sessionJson(
    u: UserRow,
    sessionId: string,
    sessionStart: Date,
    refreshToken: string,
  ): Promise<Json> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + ttl;
    const accessToken = await new SignJWT({
      aud: u.aud ?? "authenticated",
      exp,
      iat,
      iss: issuer,
      sub: u.id,
      email: u.email ?? "",
      phone: u.phone ?? "",
      app_metadata: u.raw_app_meta_data ?? {},
      user_metadata: u.raw_user_meta_data ?? {},
      role: u.role ?? "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: Math.floor(sessionStart.getTime() / 1000) }],
      session_id: sessionId,
      is_anonymous: u.is_anonymous,
    }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: ttl,
      expires_at: exp,
      refresh_token: refreshToken,
      user: userJson(u),
    };
  }

  async function insertRefreshToken(
    tx: Tx,
    userId: string,
    sessionId: string,
    parent: string | null,
  ): Promise<string> {
    const token = randomToken();
    await tx`
      insert into auth.refresh_tokens
        (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
      values (${zeroInstance}, ${token}, ${userId}, false, now(), now(), ${parent}, ${sessionId})`;
    return token;
  }

  /** A new session for a user who just proved who they are. */
  async function startSession(tx: Tx, userId: string): Promise<Json> {
    await tx`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${userId}`;
    const sessionId = crypto.randomUUID();
    const session = one(
      await tx<{ created_at: Date }[]>`
      insert into auth.sessions (id, user_id, created_at, updated_at, aal)
      values (${sessionId}, ${userId}, now(), now(), 'aal1')
      returning created_at`,
    );
    const refreshToken = await insertRefreshToken(tx, userId, sessionId, null);
    const user = await loadUser(tx, userId);
    if (!user) throw new Error("user vanished while starting a session");
    return sessionJson(user, sessionId, session.created_at, refreshToken);
  }

  async function signup(req: Request): Promise<Response> {
    const body = await readJson(req);
    const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
    const password = typeof body.password === "string" ? body.password : "";
    if (!email && body.phone) {
      throw new GoTrueError(400, "phone_provider_disabled", "Phone signups are disabled");
    }
    if (!email) {
      throw new GoTrueError(400, "validation_failed", "To signup, please provide your email");
    }
    checkEmail(email);
    if (!password) {
      throw new GoTrueError(422, "validation_failed", "Signup requires a valid password");
    }
    checkPassword(password);
    const data = body.data ?? {};
    if (!isObject(data)) throw new GoTrueError(400, "validation_failed", "data must be an object");

    const id = crypto.randomUUID();
    // GoTrue merges the email identity's data over the caller's metadata.
    const userMeta = { ...data, email, email_verified: true, phone_verified: false, sub: id };
    const appMeta = { provider: "email", providers: ["email"] };
    try {
      const session = await sql.begin(async (tx) => {
        // Serialises concurrent signups of one address so only one sees "not registered".
        await tx`select pg_advisory_xact_lock(hashtext(${"auth.signup:" + email}))`;
        const [existing] = await tx`select 1 from auth.users where lower(email) = ${email}`;
        if (existing) throw alreadyRegistered();
        await insertAuthUser(tx, { id, email, password, appMeta, userMeta });
        return startSession(tx, id);
      });
      return json(200, session);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyRegistered();
      throw err;
    }
  }

  async function passwordGrant(req: Request): Promise<Response> {
    const body = await readJson(req);
    const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
    const password = typeof body.password === "string" ? body.password : "";
    if (!email && !body.phone) {
      throw new GoTrueError(400, "validation_failed", "missing email or phone");
    }
    const session = await sql.begin(async (tx) => {
      // CASE keeps crypt() away from rows whose hash is not bcrypt (it raises on a bad salt).
      const [match] = await tx<{ id: string; banned: boolean; confirmed: boolean }[]>`
        select id, coalesce(banned_until > now(), false) as banned,
               email_confirmed_at is not null as confirmed
        from auth.users
        where ${email} <> '' and lower(email) = ${email} and deleted_at is null
          and case when encrypted_password ~ '^\\$2[abxy]?\\$'
                   then encrypted_password = extensions.crypt(${password}, encrypted_password)
                   else false end`;
      if (!match) throw new GoTrueError(400, "invalid_credentials", "Invalid login credentials");
      if (!match.confirmed) {
        throw new GoTrueError(400, "email_not_confirmed", "Email not confirmed");
      }
      if (match.banned) throw new GoTrueError(400, "user_banned", "User is banned");
      return startSession(tx, match.id);
    });
    return json(200, session);
  }

  async function refreshGrant(req: Request): Promise<Response> {
    const body = await readJson(req);
    const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
    if (!token) throw new GoTrueError(400, "validation_failed", "Refresh token is required");
    // The transaction returns (rather than throws) the reuse error so the revocation of the
    // token family commits.
    const outcome = await sql.begin(async (tx): Promise<Json | GoTrueError> => {
      const [rt] = await tx<
        { user_id: string; revoked: boolean; session_id: string | null; not_after: Date | null }[]
      >`
        select rt.user_id, rt.revoked, rt.session_id, s.not_after
        from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id
        where rt.token = ${token}
        for update of rt, s`;
      if (!rt || !rt.session_id) {
        return new GoTrueError(
          400,
          "refresh_token_not_found",
          "Invalid Refresh Token: Refresh Token Not Found",
        );
      }
      if (rt.revoked) {
        // Reuse of a rotated token means it leaked: GoTrue revokes the whole session's family.
        // (GoTrue tolerates reuse within a 10 s window for racing tabs; the emulator is strict.)
        await tx`
          update auth.refresh_tokens set revoked = true, updated_at = now()
          where session_id = ${rt.session_id} and not revoked`;
        return new GoTrueError(
          400,
          "refresh_token_already_used",
          "Invalid Refresh Token: Already Used",
        );
      }
      if (rt.not_after && rt.not_after.getTime() <= Date.now()) {
        return new GoTrueError(400, "session_expired", "Invalid Refresh Token: Session Expired");
      }
      await tx`
        update auth.refresh_tokens set revoked = true, updated_at = now() where token = ${token}`;
      // The session row is locked above (for update of rt, s): it is still there.
      const session = one(
        await tx<{ created_at: Date }[]>`
        update auth.sessions
        set updated_at = now(), refreshed_at = now() at time zone 'utc'
        where id = ${rt.session_id}
        returning created_at`,
      );
      const user = await loadUser(tx, rt.user_id);
      if (!user) {
        return new GoTrueError(
          400,
          "refresh_token_not_found",
          "Invalid Refresh Token: User Not Found",
        );
      }
      const next = await insertRefreshToken(tx, user.id, rt.session_id, token);
      return sessionJson(user, rt.session_id, session.created_at, next);
    });
    if (outcome instanceof GoTrueError) throw outcome;
    return json(200, outcome);
  }

  /** The caller behind a Bearer access token, checked the way GoTrue's middleware does. */
  async function authenticate(tx: Tx, req: Request): Promise<Caller> {
    const header = req.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new GoTrueError(401, "no_authorization", "This endpoint requires a valid Bearer token");
    }
    let sub: string;
    let sessionId: string | null;
    try {
      const { payload } = await jwtVerify(match[1]!, key, {
        algorithms: ["HS256"],
        requiredClaims: ["exp", "sub"],
      });
      sub = String(payload.sub);
      sessionId = typeof payload.session_id === "string" ? payload.session_id : null;
    } catch (err) {
      const reason = err instanceof joseErrors.JOSEError ? err.message : "invalid token";
      throw new GoTrueError(
        403,
        "bad_jwt",
        `invalid JWT: unable to parse or verify signature, ${reason}`,
      );
    }
    if (!uuidPattern.test(sub)) {
      throw new GoTrueError(403, "bad_jwt", "invalid claim: sub claim must be a UUID");
    }
    const user = await loadUser(tx, sub);
    if (!user) {
      throw new GoTrueError(403, "user_not_found", "User from sub claim in JWT does not exist");
    }
    if (sessionId !== null) {
      const [session] = uuidPattern.test(sessionId)
        ? await tx`select 1 from auth.sessions where id = ${sessionId} and user_id = ${sub}`
        : [];
      if (!session) {
        throw new GoTrueError(
          403,
          "session_not_found",
          "Session from session_id claim in JWT does not exist",
        );
      }
    }
    return { user, sessionId };
  }

  async function getUser(req: Request): Promise<Response> {
    const caller = await sql.begin((tx) => authenticate(tx, req));
    return json(200, userJson(caller.user));
  }

  async function updateUser(req: Request): Promise<Response> {
    const body = await readJson(req);
    const user = await sql.begin(async (tx) => {
      const { user } = await authenticate(tx, req);
      const wantsEmail = typeof body.email === "string" &&
        body.email.trim().toLowerCase() !== (user.email ?? "");
      if (wantsEmail || (typeof body.phone === "string" && body.phone !== (user.phone ?? ""))) {
        throw new GoTrueError(
          422,
          "validation_failed",
          "Changing email or phone is not supported by the local auth emulator",
        );
      }
      if (body.password !== undefined) {
        if (typeof body.password !== "string") {
          throw new GoTrueError(400, "validation_failed", "password must be a string");
        }
        checkPassword(body.password);
        const [same] = await tx`
          select 1 from auth.users
          where id = ${user.id} and encrypted_password = extensions.crypt(${body.password}, encrypted_password)`;
        if (same) {
          throw new GoTrueError(
            422,
            "same_password",
            "New password should be different from the old password.",
          );
        }
        await tx`
          update auth.users
          set encrypted_password = extensions.crypt(${body.password}, extensions.gen_salt('bf')),
              updated_at = now()
          where id = ${user.id}`;
      }
      if (body.data !== undefined && body.data !== null) {
        if (!isObject(body.data)) {
          throw new GoTrueError(400, "validation_failed", "data must be an object");
        }
        // GoTrue's UpdateUserMetaData: keys set to null are removed, others replaced.
        const meta: Json = { ...(user.raw_user_meta_data ?? {}) };
        for (const [k, v] of Object.entries(body.data)) {
          if (v === null) delete meta[k];
          else meta[k] = v;
        }
        await tx`
          update auth.users
          set raw_user_meta_data = ${tx.json(meta as postgres.JSONValue)}, updated_at = now()
          where id = ${user.id}`;
      }
      return await loadUser(tx, user.id) ?? user;
    });
    return json(200, userJson(user));
  }

  async function logout(req: Request, url: URL): Promise<Response> {
    const scope = url.searchParams.get("scope") ?? "global";
    if (!["global", "local", "others"].includes(scope)) {
      throw new GoTrueError(400, "validation_failed", `Unsupported logout scope "${scope}"`);
    }
    await sql.begin(async (tx) => {
      const { user, sessionId } = await authenticate(tx, req);
      // Refresh tokens go with their sessions (explicitly, not only by the FK cascade).
      if (scope === "global") {
        await tx`delete from auth.refresh_tokens where user_id = ${user.id}`;
        await tx`delete from auth.sessions where user_id = ${user.id}`;
      } else if (sessionId !== null) {
        const ids = scope === "local"
          ? tx`select ${sessionId}::uuid`
          : tx`select id from auth.sessions where user_id = ${user.id} and id <> ${sessionId}`;
        await tx`delete from auth.refresh_tokens where session_id in (${ids})`;
        await tx`delete from auth.sessions where id in (${ids})`;
      }
    });
    return new Response(null, { status: 204 });
  }

  // Not async: a synchronous throw still lands in the caller's try, inside its `await`.
  function route(req: Request, path: string, url: URL): Response | Promise<Response> {
    const method = req.method;
    const grant = url.searchParams.get("grant_type");
    switch (`${method} ${path}`) {
      case "GET /health":
        return json(200, {
          version: "local-emulator",
          name: "GoTrue",
          description: "GoTrue is a user registration and authentication API",
        });
      case "GET /settings":
        return json(200, settings);
      case "GET /.well-known/jwks.json":
        // Only HS256 is used locally and GoTrue never publishes symmetric keys.
        return json(200, { keys: [] });
      case "POST /signup":
        return signup(req);
      case "POST /token":
        if (grant === "password") return passwordGrant(req);
        if (grant === "refresh_token") return refreshGrant(req);
        throw new GoTrueError(400, "validation_failed", "unsupported_grant_type");
      case "GET /user":
        return getUser(req);
      case "PUT /user":
        return updateUser(req);
      case "POST /logout":
        return logout(req, url);
    }
    throw new GoTrueError(404, "not_found", `${method} ${prefix}${path} is not emulated locally`);
  }

  return async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const newShape = wantsNewErrorShape(req);
    let res: Response;
    if (req.method === "OPTIONS") {
      res = new Response(null, { status: 204 });
    } else {
      try {
        if (url.pathname !== prefix && !url.pathname.startsWith(prefix + "/")) {
          throw new GoTrueError(404, "not_found", "Not found");
        }
        const path = url.pathname.slice(prefix.length).replace(/\/+$/, "") || "/";
        res = await route(req, path, url);
      } catch (err) {
        if (!(err instanceof GoTrueError)) console.error("auth emulator:", err);
        const known = err instanceof GoTrueError ? err : new GoTrueError(
          500,
          "unexpected_failure",
          "Unexpected failure, please check server logs for more information",
        );
        res = errorResponse(known, newShape);
      }
    }
    return withHeaders(res, req, newShape);
  };
}

const settings = {
  external: {
    anonymous_users: false,
    apple: false,
    azure: false,
    bitbucket: false,
    discord: false,
    facebook: false,
    figma: false,
    github: false,
    gitlab: false,
    google: false,
    keycloak: false,
    kakao: false,
    linkedin_oidc: false,
    notion: false,
    slack_oidc: false,
    spotify: false,
    twitch: false,
    twitter: false,
    workos: false,
    zoom: false,
    email: true,
    phone: false,
  },
  disable_signup: false,
  mailer_autoconfirm: true,
  phone_autoconfirm: false,
  sms_provider: "",
  saml_enabled: false,
};

function alreadyRegistered(): GoTrueError {
  return new GoTrueError(422, "user_already_exists", "User already registered");
}

function checkEmail(email: string): void {
  if (email.length > 255 || !emailPattern.test(email)) {
    throw new GoTrueError(
      400,
      "validation_failed",
      "Unable to validate email address: invalid format",
    );
  }
}

function checkPassword(password: string): void {
  if (new TextEncoder().encode(password).length > maxPasswordBytes) {
    throw new GoTrueError(
      422,
      "validation_failed",
      `Password cannot be longer than ${maxPasswordBytes} characters`,
    );
  }
  if ([...password].length < minPasswordLength) {
    throw new GoTrueError(
      422,
      "weak_password",
      `Password should be at least ${minPasswordLength} characters.`,
      { weak_password: { reasons: ["length"] } },
    );
  }
}

async function readJson(req: Request): Promise<Json> {
  const text = await req.text();
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new GoTrueError(
      400,
      "bad_json",
      `Could not parse request body as JSON: ${(err as Error).message}`,
    );
  }
  if (!isObject(parsed)) {
    throw new GoTrueError(400, "bad_json", "Could not parse request body as JSON: not an object");
  }
  return parsed;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isUniqueViolation(err: unknown): boolean {
  return isObject(err) && err.code === "23505";
}

/** 12 random alphanumerics, the shape of GoTrue's refresh tokens. */
function randomToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  // 248 is the largest multiple of 62 below 256: rejecting larger bytes keeps it unbiased.
  let out = "";
  while (out.length < 12) {
    for (const b of crypto.getRandomValues(new Uint8Array(24))) {
      if (b < 248 && out.length < 12) out += alphabet[b % 62];
    }
  }
  return out;
}

// GoTrue answers in the 2024-01-01 error shape ({code, message}) to clients that send that
// API version (supabase-js does), and in the legacy shape ({code: status, error_code, msg})
// to everyone else. auth-js understands both.
function wantsNewErrorShape(req: Request): boolean {
  const v = req.headers.get("x-supabase-api-version") ?? "";
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= "2024-01-01";
}

function errorResponse(err: GoTrueError, newShape: boolean): Response {
  const body = newShape
    ? { code: err.errorCode, message: err.message, ...err.extra }
    : { code: err.status, error_code: err.errorCode, msg: err.message, ...err.extra };
  const res = json(err.status, body);
  res.headers.set("x-sb-error-code", err.errorCode);
  return res;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function withHeaders(res: Response, req: Request, newShape: boolean): Response {
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(corsHeaders)) headers.set(k, v);
  // Echo what a preflight asks for, so a supabase-js release adding a header keeps working.
  const requested = req.headers.get("access-control-request-headers");
  if (requested) headers.set("access-control-allow-headers", requested);
  if (newShape) headers.set("x-supabase-api-version", "2024-01-01");
  return new Response(res.body, { status: res.status, headers });
}
