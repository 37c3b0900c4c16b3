// A json_schema validator's schema, checked and compiled the same way when the validator is saved
// and when it runs. Each schema gets an Ajv of its own: ajv registers a schema's $id in its
// instance, so one Ajv shared by a worker let one tenant's schema take an $id from another's
// (and refused any validator with an $id on every run after the first). Before ajv sees it, a
// schema is measured: its size, the subschemas it applies counting each $ref's target wherever
// it is used (recursion is refused), and its patterns, which run on RE2 (pattern.ts) through
// ajv's code.regExp and are metered against the run's budget (budget.ts).
import { Ajv } from "ajv";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import type { RE2JS } from "re2js";
import type { Budget } from "./budget.ts";
import { compilePattern, estimateProgram } from "./pattern.ts";

/** Characters of JSON a json_schema validator's schema may have. */
export const MAX_SCHEMA_CHARS = 32_000;
/** Nesting of a schema's JSON (objects and arrays in one another). */
export const MAX_SCHEMA_DEPTH = 64;
/**
 * Subschemas in a schema: ajv's compile time grows with them (measured: 1,000 take 40-110 ms,
 * with code.optimize off, below).
 */
export const MAX_SCHEMA_NODES = 1_000;
/** Different patterns in a schema (each is parsed, translated and compiled for RE2). */
export const MAX_SCHEMA_PATTERNS = 100;
/** Subschemas a schema may apply to one output, counting a $ref's target wherever it is used. */
export const MAX_SCHEMA_EXPANSION = 10_000;
/** RE2 instructions all the patterns of one schema may compile to together. */
export const MAX_SCHEMA_PROGRAM = 20_000;

/** Why a config cannot run, and the field to blame (`config.pattern`, `config.schema.…`). */
export class Refusal extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const messageOf = (e: unknown) => e instanceof Error ? e.message : String(e);
const schemaField = (path: readonly string[]) => ["config.schema", ...path].join(".");

// The budget of the run whose validators are running, for the patterns inside a compiled schema
// (ajv calls them). Validation is synchronous, so no other run's validation interleaves.
let running: Budget | null = null;

type RegExpEngine = NonNullable<NonNullable<Options["code"]>["regExp"]>;

/** ajv's `code.regExp`: each pattern of the schema on RE2, metered against the run's budget. */
function re2Engine(prepared: ReadonlyMap<string, RE2JS>): RegExpEngine {
  // ajv calls this with a schema's pattern and "u" (its unicodeRegExp option, on by default).
  const engine = (source: string, flags: string) => {
    const re = prepared.get(`${flags}/${source}`) ?? compilePattern(source, flags);
    const size = re.programSize();
    return {
      test(text: string): boolean {
        running?.spend(size * Math.max(1, text.length), `the pattern /${source}/`);
        return re.test(text);
      },
      // ajv tells one schema's patterns apart by this string.
      toString: () => `/${source}/${flags}`,
    };
  };
  // `code` is what standalone code generation would print to reach the engine; unused here.
  return Object.assign(engine, { code: "re2js" });
}

type SchemaObject = Record<string, unknown>;
const isObject = (v: unknown): v is SchemaObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

// Draft-07 keywords whose values are subschemas (the same list as ajv and json-schema-traverse),
// by whether the subschema applies to the same value or to each item, property or name of it.
const SAME_VALUE = ["not", "if", "then", "else"];
const EACH_VALUE = ["additionalItems", "additionalProperties", "contains", "propertyNames"];
const LISTS = ["allOf", "anyOf", "oneOf"];
const MAPS = ["properties", "dependencies"];
// Compiled only where a $ref uses them.
const DEFINITIONS = ["definitions", "$defs"];

interface Edge {
  to: unknown;
  each: boolean;
  at: string[];
}

interface SchemaPlan {
  patterns: Map<string, RE2JS>;
  /** Subschema applications that happen at most once per run of the schema. */
  once: number;
  /** Subschemas applied to each item or property value: up to once per JSON value each. */
  each: number;
  /** uniqueItems compares items pairwise (quadratic in an array's length). */
  pairwise: boolean;
}

function resolveRef(root: unknown, ref: string, at: string[]): { node: unknown; path: string[] } {
  const field = schemaField(at);
  if (!ref.startsWith("#")) {
    throw new Refusal(field, `only references inside the schema ("#/…") are supported: "${ref}"`);
  }
  if (ref === "#") return { node: root, path: [] };
  if (!ref.startsWith("#/")) {
    throw new Refusal(field, `"${ref}" is not a JSON pointer ("#/…")`);
  }
  let node = root;
  const path: string[] = [];
  for (const raw of ref.slice(2).split("/")) {
    let part: string;
    try {
      part = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    } catch {
      throw new Refusal(field, `"${ref}" is not a valid JSON pointer`);
    }
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, part)) {
      throw new Refusal(field, `"${ref}" points to nothing in the schema`);
    }
    node = (node as SchemaObject)[part];
    path.push(part);
    // ajv would resolve the rest against that $id; only a root $id is supported (see walk).
    if (isObject(node) && typeof node.$id === "string") {
      throw new Refusal(field, `"${ref}" passes through an $id (only the root may have one)`);
    }
  }
  return { node, path };
}

/**
 * Walks a schema that passed the draft-07 meta-schema: compiles its patterns for RE2, resolves
 * its $refs (inside the schema only), and measures what running it can cost.
 */
function planSchema(root: unknown): SchemaPlan {
  const patterns = new Map<string, RE2JS>();
  const sources: { source: string; path: string[] }[] = [];
  const edges = new Map<SchemaObject, Edge[]>();

  const visit = (node: unknown, path: string[]): void => {
    if (!isObject(node) || edges.has(node)) return; // true/false, or seen
    const out: Edge[] = [];
    edges.set(node, out);
    if (edges.size > MAX_SCHEMA_NODES) {
      throw new Refusal("config.schema", `the schema has more than ${MAX_SCHEMA_NODES} subschemas`);
    }
    // A nested $id would start a new base for the $refs under it, and make its subschema
    // reachable by that URI: one document, one base, keeps every reference checkable here.
    if (path.length > 0 && node.$id !== undefined) {
      throw new Refusal(schemaField([...path, "$id"]), "only the root of the schema may have $id");
    }
    const sub = (to: unknown, each: boolean, at: string[]) => {
      out.push({ to, each, at });
      visit(to, at);
    };
    if (typeof node.$ref === "string") {
      const at = [...path, "$ref"];
      const target = resolveRef(root, node.$ref, at);
      out.push({ to: target.node, each: false, at });
      visit(target.node, target.path);
    }
    if (typeof node.pattern === "string") {
      sources.push({ source: node.pattern, path: [...path, "pattern"] });
    }
    for (const k of SAME_VALUE) if (k in node) sub(node[k], false, [...path, k]);
    for (const k of EACH_VALUE) if (k in node) sub(node[k], true, [...path, k]);
    if (Array.isArray(node.items)) {
      node.items.forEach((s, i) => sub(s, false, [...path, "items", String(i)]));
    } else if ("items" in node) sub(node.items, true, [...path, "items"]);
    for (const k of LISTS) {
      const list = node[k];
      if (Array.isArray(list)) list.forEach((s, i) => sub(s, false, [...path, k, String(i)]));
    }
    for (const k of MAPS) {
      const map = node[k];
      if (!isObject(map)) continue;
      for (const [name, s] of Object.entries(map)) {
        if (!Array.isArray(s)) sub(s, false, [...path, k, name]); // dependencies: names or a schema
      }
    }
    if (isObject(node.patternProperties)) {
      for (const [source, s] of Object.entries(node.patternProperties)) {
        const at = [...path, "patternProperties", source];
        sources.push({ source, path: at });
        sub(s, true, at);
      }
    }
    for (const k of DEFINITIONS) {
      const map = node[k];
      if (isObject(map)) {
        for (const [name, s] of Object.entries(map)) visit(s, [...path, k, name]);
      }
    }
  };
  visit(root, []);
  const distinct = new Set(sources.map((p) => p.source)).size;
  if (distinct > MAX_SCHEMA_PATTERNS) {
    throw new Refusal(
      "config.schema",
      `the schema has ${distinct} different patterns, more than ${MAX_SCHEMA_PATTERNS}`,
    );
  }

  // Patterns: measured all together before any is compiled, then compiled and counted exactly.
  let estimate = 0;
  for (const p of sources) estimate += estimateProgram(p.source);
  if (estimate > 2 * MAX_SCHEMA_PROGRAM) {
    throw new Refusal(
      "config.schema",
      `its patterns are too large for RE2 together (about ${estimate} instructions, at most ` +
        `${MAX_SCHEMA_PROGRAM})`,
    );
  }
  let program = 0;
  for (const { source, path } of sources) {
    const key = `u/${source}`;
    if (patterns.has(key)) continue;
    let re: RE2JS;
    try {
      re = compilePattern(source, "u");
    } catch (e) {
      throw new Refusal(schemaField(path), messageOf(e));
    }
    program += re.programSize();
    if (program > MAX_SCHEMA_PROGRAM) {
      throw new Refusal(
        schemaField(path),
        `the schema's patterns compile to more than ${MAX_SCHEMA_PROGRAM} RE2 instructions`,
      );
    }
    patterns.set(key, re);
  }

  // Cost: subschemas applied, with each $ref's target counted wherever it is used. A $ref cycle
  // is refused: recursion through allOf/anyOf and the like can fan out at every level of the
  // output's nesting, which is exponential.
  const weight = (s: SchemaObject) =>
    1 + (Array.isArray(s.enum) ? s.enum.length : 0) +
    (Array.isArray(s.required) ? s.required.length : 0);
  const sizes = new Map<SchemaObject, number>();
  const open = new Set<SchemaObject>();
  const expanded = (node: unknown, at: string[]): number => {
    if (!isObject(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) {
      throw new Refusal(
        schemaField(at),
        "this $ref leads back into a schema that contains it: recursive schemas are not " +
          "supported (their cost can grow exponentially with the output's nesting)",
      );
    }
    open.add(node);
    let total = weight(node);
    for (const e of edges.get(node) ?? []) {
      total += expanded(e.to, e.at);
      if (total > MAX_SCHEMA_EXPANSION) {
        throw new Refusal(
          "config.schema",
          `the schema applies more than ${MAX_SCHEMA_EXPANSION} subschemas, counting each ` +
            "$ref's target wherever it is used",
        );
      }
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  expanded(root, []);

  const applied = new Map<SchemaObject, { once: number; each: number; pairwise: boolean }>();
  const applications = (node: unknown): { once: number; each: number; pairwise: boolean } => {
    if (!isObject(node)) return { once: 1, each: 0, pairwise: false };
    const known = applied.get(node);
    if (known) return known;
    const r = { once: weight(node), each: 0, pairwise: node.uniqueItems === true };
    for (const e of edges.get(node) ?? []) {
      if (e.each) {
        r.each += sizes.get(e.to as SchemaObject) ?? 1;
        r.pairwise ||= reachesUniqueItems(e.to);
      } else {
        const a = applications(e.to);
        r.once += a.once;
        r.each += a.each;
        r.pairwise ||= a.pairwise;
      }
    }
    applied.set(node, r);
    return r;
  };
  const unique = new Map<SchemaObject, boolean>();
  const reachesUniqueItems = (node: unknown): boolean => {
    if (!isObject(node)) return false;
    const known = unique.get(node);
    if (known !== undefined) return known;
    unique.set(node, false);
    const r = node.uniqueItems === true ||
      (edges.get(node) ?? []).some((e) => reachesUniqueItems(e.to));
    unique.set(node, r);
    return r;
  };
  return { patterns, ...applications(root) };
}

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

// The draft-07 meta-schema, compiled once by an Ajv that never sees a user's schema as one.
let metaSchema: ValidateFunction | undefined;
function draft07(): ValidateFunction {
  if (!metaSchema) {
    const fn = new Ajv({ strict: false, logger: false })
      .getSchema("http://json-schema.org/draft-07/schema");
    if (!fn) throw new Error("ajv has no draft-07 meta-schema");
    metaSchema = fn;
  }
  return metaSchema;
}

const pointerPath = (pointer: string) =>
  pointer.split("/").slice(1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));

const errorText = (e: ErrorObject) => {
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  return allowed ? `${e.message}: ${allowed.join(", ")}` : e.message ?? e.keyword;
};

export interface CompiledSchema extends SchemaPlan {
  kind: "json_schema";
  validate: ValidateFunction;
}

/** How deeply a JSON value nests, counted without recursion (so without a stack to overflow). */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v !== "object" || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) break;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** A json_schema validator's schema, checked, measured and compiled; Refusal when it cannot run. */
export function compileSchema(schema: unknown): CompiledSchema {
  if (depthOf(schema, MAX_SCHEMA_DEPTH) > MAX_SCHEMA_DEPTH) {
    throw new Refusal("config.schema", `the schema nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
  }
  const json = JSON.stringify(schema) ?? "";
  if (json.length > MAX_SCHEMA_CHARS) {
    throw new Refusal(
      "config.schema",
      `the schema is ${json.length} characters of JSON, more than ${MAX_SCHEMA_CHARS}`,
    );
  }
  if (typeof schema !== "boolean" && !isObject(schema)) {
    throw new Refusal("config.schema", "a schema is an object or a boolean");
  }
  const declared = isObject(schema) ? schema.$schema : undefined;
  if (declared !== undefined && !DRAFT_07.test(String(declared))) {
    throw new Refusal("config.schema.$schema", "only draft-07 schemas are supported");
  }
  const meta = draft07();
  if (!meta(schema)) {
    const first = meta.errors?.[0];
    const field = schemaField(first ? pointerPath(first.instancePath) : []);
    throw new Refusal(field, first ? errorText(first) : "not a draft-07 JSON Schema");
  }
  const plan = planSchema(schema);
  const ajv = new Ajv({
    // Stop at the first error: collecting all of them can mean millions on one output.
    allErrors: false,
    // Unknown keywords and formats are ignored, as before; strict mode would also test
    // patternProperties against property names with RegExp.
    strict: false,
    logger: false,
    // Checked above against draft-07, once; this Ajv holds this schema and nothing else.
    meta: false,
    validateSchema: false,
    addUsedSchema: false,
    // Each $ref is a call, not a copy: the code stays as large as the schema.
    inlineRefs: false,
    // ajv's optimizer takes time superlinear in the schema (0.75 s for 20 KB of allOf/not, 0.07 s
    // without it), and the code it leaves runs about as fast.
    code: { regExp: re2Engine(plan.patterns), optimize: false },
  });
  try {
    return { kind: "json_schema", validate: ajv.compile(schema as object | boolean), ...plan };
  } catch (e) {
    throw new Refusal("config.schema", messageOf(e));
  }
}

/**
 * The most steps running a schema on an output of `chars` characters takes, patterns aside (they
 * are metered as they run): every JSON value takes at least one character, so `chars` bounds
 * the values a subschema under items or properties applies to, and uniqueItems compares up to
 * (chars / 2)^2 / 2 pairs of items.
 */
export function schemaSteps(c: CompiledSchema, chars: number): number {
  return c.once + c.each * chars + (c.pairwise ? (chars * chars) / 8 : 0);
}

/** Runs a compiled schema on a parsed output; its patterns spend from `budget` as they match. */
export function runSchema(c: CompiledSchema, data: unknown, budget: Budget): boolean {
  running = budget;
  try {
    return c.validate(data) as boolean;
  } finally {
    running = null;
  }
}
