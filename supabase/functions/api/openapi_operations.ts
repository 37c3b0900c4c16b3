// Test support: the operations of the app's OpenAPI document as a flat list, so tests that
// must cover every route (openapi, cross-tenant, property tests) enumerate them from the one
// document the app generates, and a new route is covered without editing those tests.

export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, e.g. /api/prompts/{id}/versions/{vid} */
  path: string;
  pathParams: string[];
  hasJsonBody: boolean;
  isPublic: boolean;
}

// deno-lint-ignore no-explicit-any
type OpenApiDocument = { paths: Record<string, Record<string, any>> };

const methods = ["get", "post", "put", "patch", "delete"] as const;

export function operations(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      out.push({
        method,
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        hasJsonBody: Boolean(op.requestBody?.content?.["application/json"]),
        isPublic: !op.security?.length,
      });
    }
  }
  return out.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Fills a path's {params} from a map; throws naming any parameter left without a value. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(v);
  });
}

// deno-lint-ignore no-explicit-any
type Schema = Record<string, any>;

/** Values the sample generator uses for fields it recognises by name (ids of a victim, say). */
export type Hints = Record<string, unknown>;

function resolve(doc: Schema, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = String(s.$ref).replace("#/components/schemas/", "");
    s = doc.components?.schemas?.[name] ?? {};
  }
  return s;
}

/**
 * A minimal value that satisfies the schema: required properties only, the first enum value,
 * the shortest allowed string. Fields named in `hints` take the hinted value, so a body can
 * point at someone else's rows. Good enough for the API's own zod-generated schemas, not a
 * general JSON Schema sampler.
 */
export function sample(
  doc: Schema,
  schema: Schema | undefined,
  hints: Hints = {},
  full = false,
): unknown {
  const s = resolve(doc, schema);
  if ("example" in s) return s.example;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ("default" in s && s.default !== undefined) return s.default;
  const options = s.anyOf ?? s.oneOf;
  if (options) {
    const nonNull = options.map((o: Schema) => resolve(doc, o)).filter((o: Schema) =>
      o.type !== "null"
    );
    return sample(doc, nonNull[0] ?? options[0], hints, full);
  }
  if (s.allOf) {
    return Object.assign({}, ...s.allOf.map((o: Schema) => sample(doc, o, hints, full)));
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const keys = full ? Object.keys(s.properties ?? {}) : s.required ?? [];
      for (const key of keys) {
        out[key] = key in hints ? hints[key] : sample(doc, s.properties?.[key], hints, full);
      }
      // Optional fields that point at rows are worth filling: they are what RLS must guard.
      for (const key of Object.keys(s.properties ?? {})) {
        if (!(key in out) && key in hints) out[key] = hints[key];
      }
      return out;
    }
    case "array":
      return Array.from(
        { length: s.minItems ?? 0 },
        () => sample(doc, s.items, hints, full),
      );
    case "string":
      if (s.format === "uuid") return crypto.randomUUID();
      if (s.format === "date-time") return new Date(Date.now() + 86_400_000).toISOString();
      if (s.format === "uri") return "https://example.com/x";
      return "x".repeat(Math.max(1, s.minLength ?? 1));
    case "integer":
    case "number":
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return {};
  }
}

/** A sample JSON body for the operation, or undefined when it takes none. */
export function sampleBody(doc: Schema, op: Operation, hints: Hints = {}, full = false): unknown {
  if (!op.hasJsonBody) return undefined;
  const schema = doc.paths[op.path][op.method].requestBody.content["application/json"].schema;
  return sample(doc, schema, hints, full);
}

/** Sample query parameters: every required one, plus any the hints name. */
export function sampleQuery(doc: Schema, op: Operation, hints: Hints = {}): string {
  const params: Schema[] = doc.paths[op.path][op.method].parameters ?? [];
  const q = new URLSearchParams();
  for (const p of params.filter((p) => p.in === "query")) {
    if (p.name in hints) q.set(p.name, String(hints[p.name]));
    else if (p.required) q.set(p.name, String(sample(doc, p.schema, hints)));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}
