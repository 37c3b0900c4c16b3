// OpenAI's error shape `{"error":{"message","type","code","param"}}`, which the `openai` client
// turns into its own error classes (RateLimitError, InternalServerError, ...).
export interface ApiErrorBody {
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.message);
  }
}

// OpenAI's messages and types for the statuses callers typically script.
const STATUS_ERRORS: Record<number, Omit<ApiErrorBody, "param">> = {
  400: { message: "Stand-in scripted bad request.", type: "invalid_request_error", code: null },
  401: {
    message: "Incorrect API key provided (stand-in scripted).",
    type: "invalid_request_error",
    code: "invalid_api_key",
  },
  403: {
    message: "Stand-in scripted permission error.",
    type: "invalid_request_error",
    code: "unsupported_country_region_territory",
  },
  404: {
    message: "The model does not exist (stand-in scripted).",
    type: "invalid_request_error",
    code: "model_not_found",
  },
  429: {
    message: "Rate limit reached (stand-in scripted). Please try again later.",
    type: "requests",
    code: "rate_limit_exceeded",
  },
  500: {
    message: "The server had an error while processing your request (stand-in scripted).",
    type: "server_error",
    code: "internal_error",
  },
  503: {
    message: "The engine is currently overloaded (stand-in scripted). Please try again later.",
    type: "server_error",
    code: "overloaded",
  },
};

export function scriptedError(status: number): ApiError {
  const known = STATUS_ERRORS[status] ??
    {
      message: `Stand-in scripted status ${status}.`,
      type: status >= 500 ? "server_error" : "invalid_request_error",
      code: null,
    };
  return new ApiError(status, { ...known, param: null });
}

export function errorResponse(e: ApiError, headers: Record<string, string>): Response {
  return Response.json({ error: e.body }, { status: e.status, headers });
}
