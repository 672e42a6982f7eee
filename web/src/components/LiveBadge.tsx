// "live" while the listener's snapshots come from the server, "reconnecting…" while they come from
// the cache (the network is gone).
import { Badge } from "@mantine/core";

export function LiveBadge({ live }: { live: boolean }) {
  return (
    <Badge
      data-testid="connection"
      variant="light"
      color={live ? "teal" : "orange"}
      tt="none"
      leftSection={<span aria-hidden="true">{live ? "●" : "○"}</span>}
    >
      {live ? "live" : "reconnecting…"}
    </Badge>
  );
}
