import { describe, expect, it } from "vitest";
import { deltaText, outputText, tokens, validationResults } from "./run_view.ts";

describe("run view", () => {
  it("reads the text of delta events ({text}), escapes and all", () => {
    expect(deltaText('{"text":"Hel"}')).toBe("Hel");
    expect(deltaText('{"text":"lo"}')).toBe("lo");
    expect(deltaText('{"text":"line\\n\\"two\\""}')).toBe('line\n"two"');
  });

  it("reads output, tokens and checks of a run record", () => {
    expect(outputText({ output: "done" })).toBe("done");
    expect(outputText({ output: null })).toBe("");
    expect(
      tokens({
        token_usage: {
          prompt_tokens: 5,
          completion_tokens: 7,
          total_tokens: 12,
          cached_tokens: 0,
          reasoning_tokens: 0,
        },
      }),
    ).toEqual({ input: 5, output: 7, estimated: false });
    expect(
      tokens({
        token_usage: {
          prompt_tokens: 3,
          completion_tokens: 2,
          total_tokens: 5,
          cached_tokens: 0,
          reasoning_tokens: 0,
          estimated: true,
        },
      }).estimated,
    ).toBe(true);
    expect(tokens({ token_usage: null })).toEqual({ input: null, output: null, estimated: false });
    expect(
      validationResults({
        validation_results: [{
          validator_id: "0b9e4c0e-8a4e-4c43-9a43-4f1f8e2b8c11",
          name: "json",
          type: "json_schema",
          passed: false,
          message: "not JSON",
        }],
      }),
    )
      .toEqual([{ name: "json", passed: false, message: "not JSON" }]);
  });
});
