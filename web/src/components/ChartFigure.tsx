// A chart as HourChart draws one: a figure named for assistive technology, the drawing as one image
// whose name says what it shows and sums it up, and the same summary in words under it (for
// everyone, and for a screen reader that skips images).
import "@mantine/charts/styles.css";
import { Box, Text } from "@mantine/core";
import type { ReactNode } from "react";

interface Props {
  /** What the chart shows: the figure's name ("Visits per hour today, UTC"). */
  name: string;
  /** The kind of drawing, read before the summary ("Bar chart of visits per hour"). */
  drawing: string;
  /** The chart's figures in a sentence. */
  summary: string;
  testId?: string;
  children: ReactNode;
}

export function ChartFigure({ name, drawing, summary, testId, children }: Props) {
  return (
    <Box component="figure" m={0} aria-label={name}>
      <Box role="img" aria-label={`${drawing}: ${summary}`}>
        {children}
      </Box>
      <Text component="figcaption" size="sm" c="dimmed" mt="xs" data-testid={testId}>
        {summary}
      </Text>
    </Box>
  );
}
