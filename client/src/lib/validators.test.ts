import { describe, expect, it } from "vitest";
import {
  checkBody,
  type CheckForm,
  describeConfig,
  emptyForm,
  formOf,
  inputErrors,
  type Validator,
  withFlag,
} from "./validators.ts";

const form = (change: Partial<CheckForm>): CheckForm => ({
  ...emptyForm(),
  name: "Check",
  ...change,
});

const saved = (
  type: Validator["type"],
  config: Validator["config"],
): Validator => ({
  id: "v1",
  prompt_id: "p1",
  name: "Saved",
  type,
  config,
  enabled: true,
  created_at: "2026-12-05T00:00:00Z",
  updated_at: "2026-12-05T00:00:00Z",
});

describe("checkBody", () => {
  it("sends each type's config in the shape the API takes", () => {
    expect(
      checkBody(form({ type: "contains", text: "Done", caseSensitive: false })),
    ).toEqual({
      body: {
        name: "Check",
        type: "contains",
        config: { text: "Done", case_sensitive: false },
      },
    });
    expect(checkBody(form({ type: "max_length", max: " 500 " })).body?.config)
      .toEqual({
        max: 500,
      });
    expect(
      checkBody(form({ type: "regex", pattern: "^ok", flags: "im" })).body
        ?.config,
    ).toEqual({
      pattern: "^ok",
      flags: "im",
    });
    // No flags: no flags key (the API accepts "", but the stored config stays minimal).
    expect(checkBody(form({ type: "regex", pattern: "^ok" })).body?.config)
      .toEqual({
        pattern: "^ok",
      });
    expect(
      checkBody(
        form({
          type: "json_schema",
          schema: '{"type":"object","required":["a"]}',
        }),
      )
        .body?.config,
    ).toEqual({ schema: { type: "object", required: ["a"] } });
    expect(
      checkBody(form({ type: "json_schema", schema: "true" })).body?.config,
    ).toEqual({
      schema: true,
    });
  });

  it("trims the name and refuses an empty or too long one", () => {
    expect(checkBody(form({ name: "  Polite  ", text: "please" })).body?.name)
      .toBe("Polite");
    expect(checkBody(form({ name: "   ", text: "please" })).errors).toEqual({
      name: "Give the check a name",
    });
    expect(
      checkBody(form({ name: "x".repeat(101), text: "please" })).errors?.name,
    ).toMatch(
      /100/,
    );
  });

  it("names the config field the API would name, with the name's error too", () => {
    expect(checkBody(form({ name: "", type: "contains", text: "" })).errors)
      .toEqual({
        name: "Give the check a name",
        "config.text": "Give the text the output must contain",
      });
    expect(
      Object.keys(checkBody(form({ text: "x".repeat(10_001) })).errors ?? {}),
    ).toEqual([
      "config.text",
    ]);
  });

  it("takes only a whole number of characters from 1 to 10,000,000", () => {
    for (const max of ["", "0", "-3", "2.5", "abc", "10000001"]) {
      expect(checkBody(form({ type: "max_length", max })).errors, max)
        .toHaveProperty(
          "config.max",
        );
    }
    expect(checkBody(form({ type: "max_length", max: "10000000" })).errors)
      .toBeUndefined();
  });

  it("refuses a pattern JavaScript cannot parse, or none, before sending", () => {
    expect(
      checkBody(form({ type: "regex", pattern: "(" })).errors
        ?.["config.pattern"],
    ).toMatch(
      /Invalid regular expression/,
    );
    expect(checkBody(form({ type: "regex", pattern: "" })).errors)
      .toHaveProperty(
        "config.pattern",
      );
    expect(checkBody(form({ type: "regex", pattern: "a".repeat(1001) })).errors)
      .toHaveProperty(
        "config.pattern",
      );
  });

  it("parses the schema client-side: bad JSON, an array or a number are refused", () => {
    expect(
      checkBody(form({ type: "json_schema", schema: "{type: object}" })).errors
        ?.[
          "config.schema"
        ],
    ).toMatch(/^Not valid JSON/);
    for (const schema of ["[]", "null", "3", '"object"']) {
      expect(
        checkBody(form({ type: "json_schema", schema })).errors
          ?.["config.schema"],
        schema,
      )
        .toBe("A schema is a JSON object (or true or false)");
    }
    const huge = JSON.stringify({ description: "x".repeat(32_000) });
    expect(
      checkBody(form({ type: "json_schema", schema: huge })).errors
        ?.["config.schema"],
    )
      .toMatch(/more than 32000/);
  });

  it("checks only the chosen type's inputs", () => {
    // The regex input holds a broken pattern, but the check is a max_length one.
    expect(
      checkBody(form({ type: "max_length", max: "10", pattern: "(" })).errors,
    )
      .toBeUndefined();
  });
});

describe("formOf", () => {
  it("fills the form from a saved check, so saving it unchanged sends the same config", () => {
    const checks = [
      saved("contains", { text: "Done", case_sensitive: false }),
      saved("max_length", { max: 280 }),
      saved("regex", { pattern: "^\\d+$", flags: "m" }),
      saved("json_schema", { schema: { type: "object", required: ["a"] } }),
    ];
    for (const v of checks) {
      expect(checkBody(formOf(v)), v.type).toEqual({
        body: { name: "Saved", type: v.type, config: v.config },
      });
    }
  });

  it("reads a contains check without case_sensitive as case-sensitive, as the API does", () => {
    expect(formOf(saved("contains", { text: "x" })).caseSensitive).toBe(true);
  });
});

describe("withFlag", () => {
  it("sets and clears one flag, keeping the others in order", () => {
    expect(withFlag("", "m", true)).toBe("m");
    expect(withFlag("m", "i", true)).toBe("im");
    expect(withFlag("im", "i", true)).toBe("im");
    expect(withFlag("ims", "m", false)).toBe("is");
  });
});

describe("inputErrors", () => {
  it("puts an error deep in a schema at the schema's input, saying where", () => {
    expect(inputErrors({
      name: "Required",
      "config.schema.properties.a.pattern": "a lookahead is not supported",
    })).toEqual({
      name: "Required",
      "config.schema": "properties.a.pattern: a lookahead is not supported",
    });
  });

  it("keeps an error on the schema itself as it is, and the first of several", () => {
    expect(
      inputErrors({
        "config.schema": "too deep",
        "config.schema.$schema": "draft-07",
      }),
    )
      .toEqual({ "config.schema": "too deep" });
  });
});

describe("describeConfig", () => {
  it("says each type's config in words", () => {
    expect(describeConfig("contains", { text: "Done", case_sensitive: false }))
      .toBe(
        'contains "Done" (any case)',
      );
    expect(describeConfig("contains", { text: "Done" })).toBe(
      'contains "Done"',
    );
    expect(describeConfig("max_length", { max: 12000 })).toBe(
      "at most 12,000 characters",
    );
    expect(describeConfig("regex", { pattern: "^ok$", flags: "i" })).toBe(
      "matches /^ok$/i",
    );
    expect(
      describeConfig("json_schema", {
        schema: { type: "object", required: ["a", "b"] },
      }),
    )
      .toBe("JSON object, requires a, b");
    expect(
      describeConfig("json_schema", { schema: { type: ["string", "null"] } }),
    ).toBe(
      "JSON string or null",
    );
    expect(describeConfig("json_schema", { schema: {} })).toBe(
      "JSON matching a schema",
    );
    expect(describeConfig("json_schema", { schema: true })).toBe("any JSON");
  });

  it("clips long text so a row stays readable", () => {
    expect(describeConfig("contains", { text: "a".repeat(500) })).toBe(
      `contains "${"a".repeat(59)}…"`,
    );
    expect(describeConfig("contains", { text: "a".repeat(60) })).toBe(
      `contains "${"a".repeat(60)}"`,
    );
  });
});
