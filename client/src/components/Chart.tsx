import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** What a chart shows: its options (no size: the chart fills its container) and its data. */
export interface ChartSpec {
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
}

/** A UTC day ("2026-12-01") as the x value of a time axis (seconds). */
export const daySeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** Bars, for counts per day and amounts per model. */
export const bars = uPlot.paths.bars!({ size: [0.6, 40] });

/** A y axis of whole things (runs, feedback): no tick at 0.5 of a run. */
export const countAxis = (label: string): uPlot.Axis => ({
  label,
  size: 70, // room for "50,000" beside the axis's name
  filter: (_u, ticks) => ticks.map((t) => t % 1 ? null : t),
});

// Days are whole: half a day of room either side, so the first and last day's bar or point is
// drawn whole instead of cut in half by the plot's edge.
export const dayRange: uPlot.Scale.Range = (_u, lo, hi) => [lo - 43200, hi + 43200];

/**
 * Runs per day as bars and failed runs as a line: the usage page's (where they are the user's
 * model calls, `noun` "calls") and the admin dashboard's.
 */
export function runsPerDay(
  days: readonly { day: string; runs: number; failed: number }[],
  noun = "runs",
): ChartSpec {
  const label = noun.charAt(0).toUpperCase() + noun.slice(1);
  return {
    options: {
      series: [{}, { label, stroke: "#4f46e5", fill: "#4f46e588", paths: bars }, {
        label: "Failed",
        stroke: "#dc2626",
      }],
      axes: [{}, countAxis(noun)],
    },
    data: [days.map((d) => daySeconds(d.day)), days.map((d) => d.runs), days.map((d) => d.failed)],
  };
}

/**
 * A model's name in `chars` characters at most, as a tick under its bar: without its provider
 * ("openai/gpt-4o" reads "gpt-4o") when that is too long, and cut with "…" when still too long.
 * The legend names it whole.
 */
export function shortModelName(model: string, chars: number): string {
  if (model.length <= chars) return model;
  const bare = model.slice(model.lastIndexOf("/") + 1);
  return bare.length <= chars ? bare : `${bare.slice(0, Math.max(1, chars - 1))}…`;
}

// About how wide a tick label's character is, in CSS pixels (uPlot's axis font is 12 px).
const TICK_CHAR_PX = 7;

/** Cost per model as one bar each, the model named under it (as far as its slot allows). */
export function costByModel(models: readonly { model: string; cost_usd: number }[]): ChartSpec {
  const name = (i: number) => models[i]?.model ?? "";
  return {
    options: {
      // One slot per model, its bar in the middle and its name under it.
      scales: { x: { time: false, range: () => [-0.5, models.length - 0.5] } },
      series: [{ label: "Model", value: (_u: uPlot, i: number) => name(i) }, {
        label: "Cost $",
        stroke: "#059669",
        fill: "#05966988",
        paths: bars,
      }],
      axes: [
        {
          splits: () => models.map((_, i) => i),
          values: (u, ticks) => {
            // The plot's width in CSS pixels, shared by the models' slots.
            const slot = (u.bbox?.width ?? Infinity) / uPlot.pxRatio / Math.max(1, models.length);
            const chars = Math.max(4, Math.floor(slot / TICK_CHAR_PX) - 1);
            return ticks.map((t) => shortModelName(name(t), chars));
          },
        },
        {
          label: "USD",
          size: 70,
          values: (_u: uPlot, ticks: number[]) => ticks.map((t) => `$${+t.toPrecision(2)}`),
        },
      ],
    },
    data: [models.map((_, i) => i), models.map((m) => m.cost_usd)],
  };
}

/** A uPlot chart that fills its container's width (and follows it when it resizes). */
export function Chart(
  { title, options, data, height = 220 }: { title: string; height?: number } & ChartSpec,
) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot(
      { scales: { x: { range: dayRange } }, ...options, width: el.clientWidth || 320, height },
      data,
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 320, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={title} />
    </figure>
  );
}
