// @vitest-environment happy-dom
import uPlot from "uplot";
import { describe, expect, it } from "vitest";
import {
  costByModel,
  countAxis,
  dayRange,
  daySeconds,
  runsPerDay,
  shortModelName,
} from "./Chart.tsx";

const plot = {} as uPlot;

describe("chart specs", () => {
  it("cost by model: one slot per model, its bar centred, its name its only tick", () => {
    const spec = costByModel([
      { model: "openai/gpt-4o", cost_usd: 1.5 },
      { model: "standin/echo", cost_usd: 0.25 },
      { model: "anthropic/claude-3.5-haiku", cost_usd: 0.5 },
    ]);
    const range = spec.options.scales?.x?.range as uPlot.Scale.Range;
    expect(typeof range === "function" && range(plot, 0, 2, "x")).toEqual([
      -0.5,
      2.5,
    ]);
    const axis = spec.options.axes?.[0];
    const splits = axis?.splits as (...a: unknown[]) => number[];
    const ticks = splits(plot, 0, -0.5, 2.5, 1, 50);
    expect(ticks).toEqual([0, 1, 2]);
    const values = axis?.values as (u: uPlot, t: number[]) => string[];
    expect(values(plot, ticks)).toEqual([
      "openai/gpt-4o",
      "standin/echo",
      "anthropic/claude-3.5-haiku",
    ]);
    expect(spec.data).toEqual([[0, 1, 2], [1.5, 0.25, 0.5]]);
    // In a narrow plot (300 px for three slots: about 13 characters each) the names are cut to fit.
    const narrow = { bbox: { width: 300 * uPlot.pxRatio } } as uPlot;
    expect(values(narrow, ticks)).toEqual(["openai/gpt-4o", "standin/echo", "claude-3.5-h…"]);
  });

  it("a model's name fits its slot: whole, without its provider, or cut", () => {
    expect(shortModelName("openai/gpt-4o", 20)).toBe("openai/gpt-4o");
    expect(shortModelName("openai/gpt-4o", 10)).toBe("gpt-4o");
    expect(shortModelName("anthropic/claude-3.5-sonnet", 10)).toBe("claude-3.…");
    expect(shortModelName("a-very-long-model-name", 4)).toBe("a-v…");
  });

  it("counts have no tick between whole numbers", () => {
    const filter = countAxis("runs").filter as (
      u: uPlot,
      t: number[],
    ) => (number | null)[];
    expect(filter(plot, [0, 0.5, 1, 1.5, 2])).toEqual([0, null, 1, null, 2]);
    expect(runsPerDay([]).options.axes?.[1]?.label).toBe("runs");
    const calls = runsPerDay([], "calls").options;
    expect([calls.axes?.[1]?.label, calls.series[1]?.label]).toEqual(["calls", "Calls"]);
  });

  it("a day axis has half a day of room either side, so the edge days are drawn whole", () => {
    const first = daySeconds("2026-12-01");
    const last = daySeconds("2026-12-14");
    const range = dayRange as (
      u: uPlot,
      lo: number,
      hi: number,
    ) => [number, number];
    expect(range(plot, first, last)).toEqual([first - 43_200, last + 43_200]);
  });

  it("runs per day: a bar per UTC day, failed runs beside them", () => {
    const spec = runsPerDay([
      { day: "2026-12-01", runs: 3, failed: 1 },
      { day: "2026-12-02", runs: 0, failed: 0 },
    ]);
    expect(spec.data).toEqual([
      [daySeconds("2026-12-01"), daySeconds("2026-12-01") + 86_400],
      [3, 0],
      [1, 0],
    ]);
  });
});
