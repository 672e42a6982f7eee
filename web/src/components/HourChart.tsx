// The 12-hour bar chart (uPlot), with the same numbers as a list for screen readers and tests.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { PulseHour } from "@storepulse/client";

export function HourChart({ hours }: { hours: PulseHour[] }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element) return undefined;
    const xs = hours.map((_, index) => index);
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    const chart = new uPlot(
      {
        width: 480,
        height: 160,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [
          { values: (_u, ticks) => ticks.map((tick) => hours[tick]?.hour.slice(11) ?? "") },
          {},
        ],
        series: [{}, { label: "events", fill: "#4f7cff", stroke: "#2f5be0", ...(bars ? { paths: bars } : {}) }],
      },
      [xs, hours.map((bucket) => bucket.total)],
      element,
    );
    return () => {
      chart.destroy();
    };
  }, [hours]);
  const current = hours[hours.length - 1];
  return (
    <figure className="chart">
      <div ref={target} />
      <figcaption>
        Events per hour, last 12 hours (UTC). This hour:{" "}
        <strong data-testid="pulse-current-hour">{current?.total ?? 0}</strong>
      </figcaption>
      <ol className="sr-only" data-testid="pulse-hours">
        {hours.map((bucket) => (
          <li key={bucket.hour}>
            {bucket.hour}: {bucket.total}
          </li>
        ))}
      </ol>
    </figure>
  );
}
