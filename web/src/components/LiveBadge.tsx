// "live" while the listener's snapshots come from the server, "reconnecting…" while they come from
// the cache (the network is gone).
import { Badge, Box } from "@mantine/core";

export function LiveBadge({ live }: { live: boolean }) {
  return (
    <Badge
      data-testid="connection"
      variant="light"
      color={live ? "teal" : "orange"}
      tt="none"
      leftSection={<Box w={8} h={8} bg={live ? "teal.7" : "orange.7"} style={{ borderRadius: "50%" }} />}
    >
      {live ? "live" : "reconnecting…"}
    </Badge>
  );
}
