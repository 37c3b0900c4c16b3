// Errors of the OpenAI-compatible routes (/v1/…) in OpenAI's shape, so the official `openai`
// client raises its own error types (AuthenticationError, NotFoundError, RateLimitError,
// BadRequestError…): { error: { message, type, param, code } }. Our errors are made as
// everywhere else; this middleware rewrites them on the way out. A field-level validation
// failure (our 422) is OpenAI's 400 with the field as `param`; an unknown model is 404
// model_not_found.
import type { MiddlewareHandler } from "hono";
import type { ErrorBody } from "../_shared/errors.ts";
import type { AppEnv } from "./context.ts";

const typeByStatus: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "insufficient_quota",
  403: "permission_error",
  404: "invalid_request_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  429: "rate_limit_error",
};

/** Our error body as OpenAI's, with the status OpenAI would use. */
export function toOpenAiError(
  status: number,
  body: ErrorBody,
): { status: number; body: unknown } {
  const { code, message, details } = body.error;
  const fields = (details as { fields?: { field: string }[] } | undefined)?.fields;
  const unknownModel = code === "unknown_model" || code === "model_not_found";
  const outStatus = unknownModel ? 404 : status === 422 ? 400 : status;
  return {
    status: outStatus,
    body: {
      error: {
        message,
        type: typeByStatus[outStatus] ?? (outStatus >= 500 ? "api_error" : "invalid_request_error"),
        param: fields?.[0]?.field ?? (unknownModel ? "model" : null),
        code: unknownModel ? "model_not_found" : code,
        ...(details === undefined ? {} : { details }),
      },
    },
  };
}

export const openAiErrors: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const res = c.res;
  if (res.status < 400 || !res.headers.get("content-type")?.includes("application/json")) return;
  const body = await res.clone().json().catch(() => null) as ErrorBody | null;
  if (!body?.error?.code) return;
  const mapped = toOpenAiError(res.status, body);
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  c.res = new Response(JSON.stringify(mapped.body), { status: mapped.status, headers });
};
