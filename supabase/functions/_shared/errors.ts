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

// Our own SQL raises these codes (class "PL" is ours: PL4xx → HTTP 4xx).
const sqlStateStatus: Record<string, [number, string]> = {
  "23505": [409, "conflict"], // unique_violation
  "23503": [404, "not_found"], // foreign_key_violation: a referenced row the caller cannot see
  "23514": [422, "validation_failed"], // check_violation
  "23502": [422, "validation_failed"], // not_null_violation
  "22001": [413, "too_large"], // string_data_right_truncation
  "22P02": [422, "validation_failed"], // invalid_text_representation (bad uuid, enum)
  "22021": [422, "validation_failed"], // character_not_in_repertoire (a NUL in text)
  "22P05": [422, "validation_failed"], // untranslatable_character (\u0000 in jsonb)
  "22023": [422, "validation_failed"], // invalid_parameter_value
  "42501": [404, "not_found"], // insufficient_privilege / RLS: never reveal existence
  "P0002": [404, "not_found"], // no_data_found
  "57014": [504, "timeout"], // query_canceled (statement_timeout)
};

/** Maps a database error to an ApiError, or returns null when it is not a known one. */
export function fromPgError(e: unknown): ApiError | null {
  if (typeof e !== "object" || e === null) return null;
  const err = e as PgLikeError;
  const code = err.code;
  if (!code || typeof code !== "string") return null;
  const custom = /^PL(\d{3})$/.exec(code);
  if (custom) {
    const status = Number(custom[1]);
    return new ApiError(
      status,
      err.hint || "error",
      err.message ?? "error",
      err.detail ?? undefined,
    );
  }
  const mapped = sqlStateStatus[code];
  if (!mapped) return null;
  const [status, errCode] = mapped;
  const message = err.hint ?? defaultMessage(errCode, err);
  return new ApiError(
    status,
    errCode,
    message,
    err.constraint_name ? { constraint: err.constraint_name } : undefined,
  );
}

function defaultMessage(code: string, err: PgLikeError): string {
  switch (code) {
    case "conflict":
      return "a resource with the same unique value already exists";
    case "not_found":
      return "not found";
    case "too_large":
      return "value too long";
    case "timeout":
      return "the database took too long to answer";
    default:
      return err.column_name ? `invalid value for ${err.column_name}` : "invalid value";
  }
}
