// The api function's HTTP client. It turns the one error shape the API uses
// ({ error: { code, message, details: { fields: [{ field, message }] } } }) into an ApiFailure
// whose `fields` the forms show next to the inputs they concern, and treats a 401 as the end
// of the session (the token was revoked or has expired beyond refresh).

export type FieldErrors = Record<string, string>;

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

export const networkMessage = "Cannot reach the server. Check your connection and try again.";

export interface ApiClientOptions {
  baseUrl: string;
  /** The caller's access token, or null when signed out. */
  token: () => Promise<string | null>;
  /** Called once a request comes back 401: the client signs out. */
  onUnauthorized: () => void;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

/** Field errors by field name; the first message for a field wins. */
export function fieldErrors(details: unknown): FieldErrors {
  const list = (details as { fields?: unknown } | null)?.fields;
  const out: FieldErrors = {};
  if (!Array.isArray(list)) return out;
  for (const f of list) {
    if (f && typeof f.field === "string" && typeof f.message === "string") {
      out[f.field] ??= f.message;
    }
  }
  return out;
}

/** Reads an error response into an ApiFailure, whatever its body turned out to be. */
export async function failureFrom(res: Response): Promise<ApiFailure> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch { /* not JSON: fall back to the status */ }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })
    ?.error;
  if (error && typeof error.code === "string") {
    const details =
      (error.details && typeof error.details === "object" ? error.details : {}) as Record<
        string,
        unknown
      >;
    const message = typeof error.message === "string" ? error.message : error.code;
    return new ApiFailure(res.status, error.code, message, fieldErrors(details), details);
  }
  return new ApiFailure(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`);
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

export function createApiClient(opts: ApiClientOptions) {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));

  /** Sends a request and returns the raw response when it is a success. */
  async function send(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = await opts.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (o.body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await doFetch(`${opts.baseUrl}${withQuery(path, o.query)}`, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: o.signal,
      });
    } catch (e) {
      if ((e as Error).name === "AbortError") throw e;
      throw new ApiFailure(0, "network", networkMessage);
    }
    if (res.ok) return res;
    const failure = await failureFrom(res);
    if (res.status === 401) opts.onUnauthorized();
    throw failure;
  }

  async function request<T>(method: string, path: string, o?: RequestOptions): Promise<T> {
    const res = await send(method, path, o);
    if (res.status === 204) return undefined as T;
    try {
      return await res.json() as T;
    } catch {
      throw new ApiFailure(res.status, "bad_response", "The server sent an unreadable answer.");
    }
  }

  return {
    send,
    request,
    get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
      request<T>("GET", path, { query, signal }),
    post: <T>(path: string, body?: unknown, query?: Query) =>
      request<T>("POST", path, { body, query }),
    patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
    put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
    del: <T = void>(path: string, query?: Query) => request<T>("DELETE", path, { query }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A message for any error a page may catch. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
