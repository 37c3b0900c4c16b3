// One error shape for every response: {"error":{"code","message","details"?}}.
// SQL raises coded errors (SQLSTATE + hint); they are mapped here to HTTP statuses so no raw
// database message or stack trace ever reaches a caller.

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * The one 404 for a resource the caller cannot see, whether it does not exist or is another
 * user's (never said which): code `<resource>_not_found`.
 */
export function notFound(resource: string, message?: string, details?: unknown): ApiError {
  return new ApiError(
    404,
    `${resource}_not_found`,
    message ?? `${resource.replaceAll("_", " ")} not found`,
    details,
  );
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  const body: ErrorBody = {
    error: { code, message, ...(details === undefined ? {} : { details }) },
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

interface PgLikeError {
  code?: string;
  message?: string;
  hint?: string;
  detail?: string;
  constraint_name?: string;
  column_name?: string;
}

// Codes with a status of their own; the rest of their class falls to sqlStateClassStatus. Our
// own SQL raises class "PL" (PL4xx → HTTP 4xx), handled before both.
const sqlStateStatus: Record<string, [number, string]> = {
  "23505": [409, "conflict"], // unique_violation
  "23503": [404, "not_found"], // foreign_key_violation: a referenced row the caller cannot see
  "23514": [422, "validation_failed"], // check_violation
  "23502": [422, "validation_failed"], // not_null_violation
  "22001": [413, "too_large"], // string_data_right_truncation
  "42501": [404, "not_found"], // insufficient_privilege / RLS: never reveal existence
  "P0002": [404, "not_found"], // no_data_found
  "57014": [504, "timeout"], // query_canceled: statement_timeout (see createSql)
};

// By SQLSTATE class (the first two characters): every class a request's data or load can cause.
// The classes left out are bugs (42 syntax or undefined object, 21 cardinality, P0 a bare raise,
// XX internal): they stay unmapped, so they are logged and answered 500.
const sqlStateClassStatus: Record<string, [number, string]> = {
  "22": [422, "validation_failed"], // data exception: a value out of range or of the wrong form
  "23": [409, "conflict"], // integrity constraint violation (restrict, exclusion)
  "54": [413, "too_large"], // program limit exceeded: too many columns, arguments, too complex
  "40": [409, "conflict"], // transaction rollback: serialization failure, deadlock (retry)
  "55": [409, "conflict"], // object not in prerequisite state: a lock not available
  "08": [503, "database_unavailable"], // connection exception
  "53": [503, "database_unavailable"], // insufficient resources: too many connections, memory
  "57": [503, "database_unavailable"], // operator intervention: shutting down, cannot connect now
};

/** Maps a database error to an ApiError, or returns null when it is not a known one. */
export function fromPgError(e: unknown): ApiError | null {
  if (typeof e !== "object" || e === null) return null;
  // The driver's own errors (no SQLSTATE) when the database cannot be reached: try again later.
  if (isConnectionError(e)) {
    return new ApiError(
      503,
      "database_unavailable",
      "the database is not answering; try again shortly",
      undefined,
      { "retry-after": "2" },
    );
  }
  const err = e as PgLikeError;
  const code = err.code;
  // A SQLSTATE is five characters; driver errors (ECONNREFUSED, CONNECTION_ENDED) are not.
  if (!code || typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const custom = /^PL(\d{3})$/.exec(code);
  if (custom) {
    const status = Number(custom[1]);
    return new ApiError(status, err.hint || "error", err.message ?? "error", ourDetail(err.detail));
  }
  const mapped = sqlStateStatus[code] ?? sqlStateClassStatus[code.slice(0, 2)];
  if (!mapped) return null;
  const [status, errCode] = mapped;
  // Postgres's own message and hint are not for callers (they can quote values and internals).
  const message = defaultMessage(code, err);
  const details = {
    ...(err.constraint_name ? { constraint: err.constraint_name } : {}),
    ...(err.column_name && status === 422
      ? { fields: [{ field: err.column_name, message: "invalid value" }] }
      : {}),
  };
  return new ApiError(status, errCode, message, Object.keys(details).length ? details : undefined);
}

/**
 * Our SQL's errors carry their details (e.g. `{"fields": [...]}`, naming each bad field) as a
 * JSON object in DETAIL; any other detail is passed on as it is.
 */
function ourDetail(detail: string | undefined): unknown {
  if (!detail) return undefined;
  if (detail.startsWith("{")) {
    try {
      return JSON.parse(detail);
    } catch { /* not ours: as it is */ }
  }
  return detail;
}

function defaultMessage(sqlState: string, err: PgLikeError): string {
  const invalid = err.column_name ? `invalid value for ${err.column_name}` : "invalid value";
  switch (sqlState) {
    case "23505":
      return "a resource with the same unique value already exists";
    case "23503":
    case "42501":
    case "P0002":
      return "not found";
    case "23502":
    case "23514":
      return invalid;
    case "22001":
      return "value too long";
    case "57014":
      return "the database took too long to answer";
  }
  switch (sqlState.slice(0, 2)) {
    case "23":
      return "the change conflicts with existing data";
    case "40":
    case "55":
      return "the request conflicted with a concurrent change; try again";
    case "54":
      return "the request is too large or too complex for the database";
    case "08":
    case "53":
    case "57":
      return "the database is unavailable right now; try again shortly";
    default:
      return invalid;
  }
}

// Errors that mean "this connection is gone", after which a fresh one may well work: postgres.js's
// own codes, the socket's, and Postgres's connection-exception and shutdown classes.
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
]);

export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string; errno?: string })?.code ??
    (e as { errno?: string })?.errno;
  if (typeof code !== "string") return false;
  return CONNECTION_CODES.has(code) || /^08/.test(code) || /^57P0[123]$/.test(code);
}
