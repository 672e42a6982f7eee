export function LiveBadge({ live }: { live: boolean }) {
  return (
    <span className={live ? "badge live" : "badge reconnecting"} data-testid="connection">
      {live ? "live" : "reconnecting…"}
    </span>
  );
}
