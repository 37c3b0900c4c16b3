// The api function's HTTP client. Routes, parameters, bodies and answers are typed from the
// generated api_schema.ts (the API's /openapi.json), so a call names a documented route and gets
// the documented shape back, with no guessing at either end. It turns the one error shape the
// API uses ({ error: { code, message, details: { fields: [{ field, message }] } } }) into an
// ApiFailure whose `fields` the forms show next to the inputs they concern, and treats a 401 as
// the end of the session (the token was revoked or has expired beyond refresh).
import type { paths } from "./api_schema.ts";

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

type Method = "get" | "post" | "put" | "patch" | "delete";

/** The API's routes as the client names them: relative to the function's URL (…/api). */
type Routes = { [P in keyof paths as P extends `/api${infer R}` ? R : never]: paths[P] };
/** The routes that answer a method, e.g. RoutesFor<"get">. */
export type RoutesFor<M extends Method> = {
  [P in keyof Routes]: Routes[P][M] extends undefined ? never : P;
}[keyof Routes];
type Operation<P extends keyof Routes, M extends Method> = NonNullable<Routes[P][M]>;

type ParamsOf<O> = O extends { parameters: infer X } ? X : never;
/** `{id}` in a route is filled from `path`, required when the route has one. */
type PathPart<O> = ParamsOf<O> extends { path: infer X } ? { path: X } : { path?: never };
type QueryPart<O> = ParamsOf<O> extends { query: infer Q } ? { query: Q }
  : ParamsOf<O> extends { query?: infer Q } ? [NonNullable<Q>] extends [never] ? { query?: never }
    : { query?: Q }
  : { query?: never };
type BodyPart<O> = O extends { requestBody?: never } ? { body?: never }
  : O extends { requestBody: { content: { "application/json": infer B } } } ? { body: B }
  : O extends { requestBody?: { content: { "application/json": infer B } } } ? { body?: B }
  : { body?: never };
/** What a call may pass: path parameters, query and JSON body as documented, and a signal. */
export type RequestOptions<O> =
  & PathPart<O>
  & QueryPart<O>
  & BodyPart<O>
  & { signal?: AbortSignal };
/** The options argument: optional when nothing in it is required. */
type Args<O> = Partial<RequestOptions<O>> extends RequestOptions<O> ? [init?: RequestOptions<O>]
  : [init: RequestOptions<O>];

type Success<R> = R[keyof R & (200 | 201 | 202 | 204)];
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : undefined;
/** The JSON a route answers with on success (undefined for 204). */
export type ResponseOf<P extends keyof Routes, M extends Method> = JsonOf<
  Success<Operation<P, M> extends { responses: infer R } ? R : never>
>;

interface AnyOptions {
  path?: Record<string, string>;
  query?: Query;
  body?: unknown;
  /** A body sent as it is (a file), with its content type, instead of JSON. */
  file?: { data: Blob; type: string };
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

/** A route with its `{name}` parameters filled in, each URL-encoded. */
export function fillPath(route: string, params: Record<string, string> = {}): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
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
  async function sendAny(method: Method, route: string, o: AnyOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = await opts.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (o.body !== undefined) headers["content-type"] = "application/json";
    if (o.file) headers["content-type"] = o.file.type;
    const url = `${opts.baseUrl}${withQuery(fillPath(route, o.path), o.query)}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: method.toUpperCase(),
        headers,
        body: o.file ? o.file.data : o.body === undefined ? undefined : JSON.stringify(o.body),
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

  async function requestAny(method: Method, route: string, o?: AnyOptions): Promise<unknown> {
    const res = await sendAny(method, route, o);
    if (res.status === 204) return undefined;
    try {
      return await res.json();
    } catch {
      throw new ApiFailure(res.status, "bad_response", "The server sent an unreadable answer.");
    }
  }

  // One typed entry per method: the route picks the options' and the answer's types.
  function method<M extends Method>(m: M) {
    return <P extends RoutesFor<M>>(route: P, ...[init]: Args<Operation<P, M>>) =>
      requestAny(m, route, init as AnyOptions) as Promise<ResponseOf<P, M>>;
  }

  return {
    /** For answers that are not one JSON document (a run's event stream). */
    send: <M extends Method, P extends RoutesFor<M>>(
      m: M,
      route: P,
      ...[init]: Args<Operation<P, M>>
    ): Promise<Response> => sendAny(m, route, init as AnyOptions),
    /** POSTs a file as it is, in its own content type (an import's JSON document or CSV). */
    upload: <P extends RoutesFor<"post">>(route: P, data: Blob, type: string) =>
      requestAny("post", route, { file: { data, type } }) as Promise<ResponseOf<P, "post">>,
    get: method("get"),
    post: method("post"),
    patch: method("patch"),
    put: method("put"),
    del: method("delete"),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A message for any error a page may catch. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
