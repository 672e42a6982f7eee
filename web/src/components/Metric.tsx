// A live figure as a card: what it counts, and the number.
import { Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function Metric(props: { label: string; value: ReactNode; testId?: string; hint?: string }) {
  return (
    <Paper p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {props.label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} data-testid={props.testId}>
        {props.value}
      </Text>
      {props.hint && (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      )}
    </Paper>
  );
}
