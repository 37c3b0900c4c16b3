import { describe, expect, it } from "vitest";
import { readSuggestion } from "./suggestion.ts";
import type { ImproveSuggestion } from "./types.ts";

// POST /prompts/:id/improve as the local stack answered it (stand-in model), for the prompt
// "Say hello to {{name}}"; only the diff's hunks, patch and variables/model_config are cut.
const answer = JSON.parse(
  `{"suggestion":{"content":"Say hello to {{name}}\\n\\nState the expected output format explicitly.","summary":"Stand-in suggestion (not a model): added an explicit output format."},"diff":{"changed":["content"],"lines":[{"value":"Say hello to {{name}}","added":false,"removed":true},{"value":"Say hello to {{name}}\\n\\nState the expected output format explicitly.","added":true,"removed":false}],"words":[{"value":"Say hello to {{name}}","added":false,"removed":false},{"value":"\\n\\nState the expected output format explicitly.","added":true,"removed":false}],"approximate":false},"base_version":{"id":"b43d1d9c-b65d-48bf-a7d7-e905d299fab5","version_number":1},"model":"standin/echo","provider_id":"standin","key_source":"standin","standin":true,"token_usage":{"total_tokens":200,"cached_tokens":0,"prompt_tokens":162,"reasoning_tokens":0,"completion_tokens":38},"latency_ms":6,"cost_usd":"0.00023800","warnings":{"missing_variables":[],"added_variables":[]},"event_id":"6e32bd25-9034-4d12-8363-8680217228df"}`,
) as ImproveSuggestion;

describe("readSuggestion", () => {
  it("reads the suggested text, its summary and its word diff", () => {
    const s = readSuggestion(answer);
    expect(s.content).toBe(
      "Say hello to {{name}}\n\nState the expected output format explicitly.",
    );
    expect(s.summary).toBe(
      "Stand-in suggestion (not a model): added an explicit output format.",
    );
    expect(s.notes).toEqual([]);
    expect(s.parts).toEqual([
      { kind: "same", text: "Say hello to {{name}}" },
      {
        kind: "added",
        text: "\n\nState the expected output format explicitly.",
      },
    ]);
    expect(s.lines.map((p) => p.kind)).toEqual(["removed", "added"]);
  });

  it("says which variables the suggestion drops or adds", () => {
    const s = readSuggestion({
      ...answer,
      warnings: {
        missing_variables: ["name"],
        added_variables: ["tone", "length"],
      },
    });
    expect(s.notes).toEqual([
      "Drops variables: name",
      "Adds variables: tone, length",
    ]);
  });

  it("says why there is no diff when the suggestion was too different to diff", () => {
    const s = readSuggestion({
      ...answer,
      diff: {
        omitted: true,
        code: "diff_too_large",
        message: "the diff would be 180000 characters; at most 100000 are sent",
      } as unknown as ImproveSuggestion["diff"],
    });
    expect(s.parts).toEqual([]);
    expect(s.lines).toEqual([]);
    expect(s.omitted).toBe(
      "the diff would be 180000 characters; at most 100000 are sent",
    );
    expect(readSuggestion(answer).omitted).toBeNull();
  });
});
