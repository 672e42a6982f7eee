// The 12-hour bar chart for signed-in pages (Mantine charts on Recharts, stacked by kind of event),
// named for assistive technology, with a text summary. The landing page draws the same hours with
// HourBars (no Recharts in its budget).
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Box, Text } from "@mantine/core";
import type { PulseHour } from "@storepulse/client";
import { hourOf, summary } from "./HourBars";

export function HourChart({ hours }: { hours: PulseHour[] }) {
  const current = hours[hours.length - 1];
  const data = hours.map((bucket) => ({
    hour: hourOf(bucket),
    pageViews: bucket.pageViews,
    orders: bucket.orders,
    redemptions: bucket.redemptions,
    scans: bucket.scans,
    actions: bucket.actions,
  }));
  return (
    <Box component="figure" m={0} aria-label="Events per hour, last 12 hours">
      <Box role="img" aria-label={`Bar chart of events per hour by kind (UTC): ${summary(hours)}`}>
        <BarChart
          h={220}
          data={data}
          dataKey="hour"
          type="stacked"
          withLegend
          series={[
            { name: "pageViews", label: "Page views", color: "indigo.6" },
            { name: "orders", label: "Orders", color: "teal.6" },
            { name: "redemptions", label: "Redemptions", color: "orange.6" },
            { name: "scans", label: "QR scans", color: "grape.6" },
            { name: "actions", label: "Other actions", color: "gray.5" },
          ]}
          tickLine="y"
          gridAxis="y"
          withTooltip={false}
        />
      </Box>
      <Text component="figcaption" size="sm" c="dimmed" mt="xs">
        Events per hour, last 12 hours (UTC): {summary(hours)}. This hour: {current?.total ?? 0}.
      </Text>
    </Box>
  );
}
