// A live-stats scope (platform, shop_<id>, affiliate_<id>): its shards summed, as the server counts.
import type { QueryDocumentSnapshot } from "firebase/firestore";
import type { Services } from "../firebase";
import { useQuery } from "../live";
import { sum } from "../fields";
import { build } from "../queries";
import { LiveBadge } from "./LiveBadge";

const shard = (snap: QueryDocumentSnapshot): Record<string, unknown> => snap.data();


export function StatsStrip({ services, scopeId }: { services: Services; scopeId: string }) {
  const shards = useQuery(build(services.db, "LIVE_STATS_SHARDS", { scopeId }), `stats:${scopeId}`, shard);
  const today = new Date().toISOString().slice(0, 10);
  if (shards.error) return <p role="alert">{shards.error}</p>;
  return (
    <section aria-label="Live stats">
      <h2>Live stats <LiveBadge live={shards.live} /></h2>
      <dl className="figures" data-testid={`stats-${scopeId}`}>
        <div>
          <dt>Redemptions today</dt>
          <dd data-testid="stats-redemptions-today">{sum(shards.data, ["days", today, "redemptions"])}</dd>
        </div>
        <div>
          <dt>Redemptions</dt>
          <dd data-testid="stats-redemptions-total">{sum(shards.data, ["redemptionsTotal"])}</dd>
        </div>
        <div>
          <dt>Commission</dt>
          <dd>{(sum(shards.data, ["commissionCentsTotal"]) / 100).toFixed(2)}</dd>
        </div>
        <div>
          <dt>Customers acquired</dt>
          <dd>{sum(shards.data, ["customersAcquired"])}</dd>
        </div>
      </dl>
    </section>
  );
}
