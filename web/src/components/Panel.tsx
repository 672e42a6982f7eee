// A section of a page as a card: its title (the region's name), the live badge, what it shows, and
// the states every panel has: loading (a skeleton), a readable error, and an empty state that says
// what would fill it. Given the live read it shows (`read`), it takes all three from it.
import { Alert, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { LiveState } from "@storepulse/client";
import type { ReactNode } from "react";
import { readProblem } from "../problems";
import { LiveBadge } from "./LiveBadge";

interface Props {
  title: string;
  /** The region's accessible name, when it differs from the title. */
  label?: string;
  /** The live read the panel shows: its live badge, its error and whether it is still loading. */
  read?: LiveState<unknown>;
  live?: boolean;
  problem?: string | undefined;
  loading?: boolean;
  empty?: string | false;
  actions?: ReactNode;
  children?: ReactNode;
}

export function Panel(props: Props) {
  const { title, label, read, empty = false, actions, children } = props;
  const live = read?.live ?? props.live;
  const problem = read?.error ? readProblem(read.error) : props.problem;
  const loading = read ? read.data === undefined && !read.error : (props.loading ?? false);
  return (
    <Card component="section" aria-label={label ?? title}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Title order={2} size="h4">
            {title}
          </Title>
          {live !== undefined && <LiveBadge live={live} />}
        </Group>
        {actions}
      </Group>
      {problem !== undefined && (
        <Alert color="red" role="alert" mb="sm">
          {problem}
        </Alert>
      )}
      {loading && problem === undefined ? (
        <Stack gap="xs" role="status" aria-label="Loading">
          <Skeleton height={16} />
          <Skeleton height={16} />
          <Skeleton height={16} width="60%" />
        </Stack>
      ) : (
        <>
          {empty !== false && (
            <Text c="dimmed" size="sm">
              {empty}
            </Text>
          )}
          {children}
        </>
      )}
    </Card>
  );
}
