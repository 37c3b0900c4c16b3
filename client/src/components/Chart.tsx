import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** A uPlot chart that fills its container's width (and follows it when it resizes). */
export function Chart(
  { title, options, data, height = 220 }: {
    title: string;
    options: Omit<uPlot.Options, "width" | "height">;
    data: uPlot.AlignedData;
    height?: number;
  },
) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot({ ...options, width: el.clientWidth || 320, height }, data, el);
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
