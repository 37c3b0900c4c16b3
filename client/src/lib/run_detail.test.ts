import { describe, expect, it } from "vitest";
import {
  logRows,
  runFilters,
  runsPath,
  runSubject,
  tokenSummary,
  variableRows,
} from "./run_detail.ts";

const usage = (prompt: number, completion: number, estimated?: boolean) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  cached_tokens: 0,
  reasoning_tokens: 0,
  ...(estimated === undefined ? {} : { estimated }),
});

describe("a run in a line", () => {
  it("says a run's tokens on one line, marking estimates, and a run with none", () => {
    expect(tokenSummary({ token_usage: usage(10, 32) })).toBe("10 in / 32 out");
    expect(tokenSummary({ token_usage: usage(3, 2, true) })).toBe("≈ 3 in / 2 out");
    expect(tokenSummary({ token_usage: usage(0, 0) })).toBe("0 in / 0 out");
    expect(tokenSummary({ token_usage: null })).toBe("–");
  });

  describe("what a run ran", () => {
    const id = "6b2f80e1-7120-4508-bbe4-640858a90c9e";
    const run = (
      prompt_title: string | null,
      prompt_is_own: boolean,
      kind: "prompt" | "improve" = "prompt",
    ) => ({ prompt_id: id, kind, prompt_title, prompt_is_own });

    it("names the caller's prompt by title, linked", () => {
      expect(runSubject(run("Greeter", true))).toEqual({ text: "Greeter", href: `/prompts/${id}` });
    });

    it("links another user's public prompt in the gallery, and not one that is private now", () => {
      expect(runSubject(run("Haiku", false))).toEqual({ text: "Haiku", href: `/gallery/${id}` });
      expect(runSubject(run(null, false)))
        .toEqual({ text: "someone's private prompt", href: null });
    });

    it("says a call for a prompt that is not a run of it (improve)", () => {
      expect(runSubject(run("Greeter", true, "improve")))
        .toEqual({ text: "Greeter (improve)", href: `/prompts/${id}` });
    });

    it("labels a run without a prompt by its kind, unlinked", () => {
      const none = { prompt_id: null, prompt_title: null, prompt_is_own: false };
      expect(runSubject({ ...none, kind: "gateway" }))
        .toEqual({ text: "gateway (/v1 API)", href: null });
      expect(runSubject({ ...none, kind: "builder_polish" }).text).toBe("builder: polish");
    });
  });
});

describe("the run list's filters in the address", () => {
  const prompt = "6b2f80e1-7120-4508-bbe4-640858a90c9e";

  it("reads the filters the API takes, dropping values it would refuse", () => {
    expect(runFilters({ status: "error", model: "standin/echo", prompt, kind: "gateway" }))
      .toEqual({ status: "error", model: "standin/echo", prompt_id: prompt, kind: "gateway" });
    expect(runFilters({ status: "failed", prompt: "not-a-uuid", model: "", kind: "all" }))
      .toEqual({});
    expect(runFilters({})).toEqual({});
  });

  it("writes them back, leaving out those that filter nothing", () => {
    expect(runsPath({})).toBe("/runs");
    expect(runsPath({ status: "error" })).toBe("/runs?status=error");
    expect(runsPath({ model: "openai/gpt-4o", prompt_id: prompt, status: undefined }))
      .toBe(`/runs?model=openai%2Fgpt-4o&prompt=${prompt}`);
    const round = {
      status: "timeout" as const,
      kind: "workflow_gate" as const,
      model: "a b&c",
      prompt_id: prompt,
    };
    const query = Object.fromEntries(new URLSearchParams(runsPath(round).split("?")[1]));
    expect(runFilters(query)).toEqual(round);
  });
});

describe("a run's variables and log lines", () => {
  it("shows variables as sent, text as is and anything else as JSON", () => {
    expect(variableRows({ who: "Ann\nBo", n: 3, ok: false, tags: ["a"], none: null })).toEqual([
      { name: "who", value: "Ann\nBo" },
      { name: "n", value: "3" },
      { name: "ok", value: "false" },
      { name: "tags", value: '["a"]' },
      { name: "none", value: "null" },
    ]);
    expect(variableRows({})).toEqual([]);
  });

  it("orders log lines as written, timed from the first (microsecond timestamps too)", () => {
    const rows = logRows([
      {
        id: 12,
        level: "error",
        message: "run finished: error",
        data: { error: "provider error 400", attempts: 1 },
        created_at: "2026-12-06T08:52:30.031567+00:00",
      },
      {
        id: 10,
        level: "info",
        message: "run started",
        data: { model: "standin/echo", streamed: false },
        created_at: "2026-12-06T08:52:29.985864+00:00",
      },
      {
        id: 11,
        level: "warn",
        message: "provider answered 400",
        data: null,
        created_at: "2026-12-06T08:52:31.985Z",
      },
    ]);
    expect(rows.map((r) => [r.id, r.level, r.offset])).toEqual([
      [10, "info", "+0 ms"],
      [11, "warn", "+2.00 s"],
      [12, "error", "+46 ms"],
    ]);
    expect(rows[0]!.data).toBe("model: standin/echo, streamed: false");
    expect(rows[1]!.data).toBe("");
    expect(rows[2]!.data).toBe("error: provider error 400, attempts: 1");
    expect(rows[2]!.at).toBe("2026-12-06T08:52:30.031567+00:00");
    expect(logRows([])).toEqual([]);
  });
});
