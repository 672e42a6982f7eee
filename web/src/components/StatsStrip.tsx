// A live-stats scope (platform, shop_<id>, affiliate_<id>): its shards summed, as the server counts.
import { useLiveStats } from "@storepulse/client/react";
import { readProblem } from "../problems";
import { LiveBadge } from "./LiveBadge";

export function StatsStrip({ scopeId }: { scopeId: string }) {
  const stats = useLiveStats(scopeId);
  if (stats.error) return <p role="alert">{readProblem(stats.error)}</p>;
  return (
    <section aria-label="Live stats">
      <h2>Live stats <LiveBadge live={stats.live} /></h2>
      <dl className="figures" data-testid={`stats-${scopeId}`}>
        <div>
          <dt>Redemptions today</dt>
          <dd data-testid="stats-redemptions-today">{stats.data?.today.redemptions ?? 0}</dd>
        </div>
        <div>
          <dt>Redemptions</dt>
          <dd data-testid="stats-redemptions-total">{stats.data?.redemptionsTotal ?? 0}</dd>
        </div>
        <div>
          <dt>Commission</dt>
          <dd>{((stats.data?.commissionCentsTotal ?? 0) / 100).toFixed(2)}</dd>
        </div>
        <div>
          <dt>Customers acquired</dt>
          <dd>{stats.data?.customersAcquired ?? 0}</dd>
        </div>
      </dl>
    </section>
  );
}
