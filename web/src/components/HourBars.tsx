// The landing page's 12-hour chart, drawn with Mantine's core components only (bars as boxes):
// the landing page's JavaScript stays within its budget (≤ 250 KB gzipped) without Recharts, which
// the signed-in pages load with their own chunks (HourChart). Named for assistive technology, with
// a text summary and the numbers as a list for screen readers and tests.
import { Box, Group, Stack, Text, VisuallyHidden } from "@mantine/core";
import type { PulseHour } from "@storepulse/client";
import { count, plural } from "../format";

/** "14:00" from the bucket's ISO hour ("2026-11-30T14"). */
export const hourOf = (bucket: PulseHour) => `${bucket.hour.slice(11, 13)}:00`;

/** The chart's summary in words: the total, this hour, the busiest hour. */
export function summary(hours: readonly PulseHour[]): string {
  const total = hours.reduce((sum, bucket) => sum + bucket.total, 0);
  const busiest = hours.reduce<PulseHour | undefined>((best, bucket) => (best === undefined || bucket.total > best.total ? bucket : best), undefined);
  const peak = busiest && busiest.total > 0 ? `; the busiest hour was ${hourOf(busiest)} with ${count(busiest.total)}` : "";
  return `${plural(total, "event", "events")} in the last 12 hours${peak}`;
}

const HEIGHT = 140;

export function HourBars({ hours }: { hours: PulseHour[] }) {
  const current = hours[hours.length - 1];
  const most = Math.max(1, ...hours.map((bucket) => bucket.total));
  return (
    <Box component="figure" m={0} aria-label="Events per hour, last 12 hours">
      <Group role="img" aria-label={`Bar chart of events per hour (UTC): ${summary(hours)}`} gap={4} align="flex-end" wrap="nowrap" h={HEIGHT + 20}>
        {hours.map((bucket, index) => (
          <Stack key={bucket.hour} gap={2} align="center" style={{ flex: 1, minWidth: 0 }}>
            <Box
                title={`${hourOf(bucket)}: ${plural(bucket.total, "event", "events")}`}
                w="100%"
                h={Math.max(2, Math.round((bucket.total / most) * HEIGHT))}
                bg={index === hours.length - 1 ? "indigo.7" : "indigo.4"}
                style={{ borderRadius: "4px 4px 0 0" }}
              />
            <Text size="10px" c="dimmed" lh={1}>
              {bucket.hour.slice(11, 13)}
            </Text>
          </Stack>
        ))}
      </Group>
      <Text component="figcaption" size="sm" c="dimmed" mt="xs">
        Events per hour, last 12 hours (UTC): {summary(hours)}. This hour:{" "}
        <strong data-testid="pulse-current-hour">{current?.total ?? 0}</strong>
      </Text>
      <VisuallyHidden>
        <ol data-testid="pulse-hours">
          {hours.map((bucket) => (
            <li key={bucket.hour}>
              {bucket.hour}: {bucket.total}
            </li>
          ))}
        </ol>
      </VisuallyHidden>
    </Box>
  );
}
