// A live-stats scope (platform, shop_<id>, affiliate_<id>): its shards summed, as the server counts,
// as metric cards. Customers acquired are an affiliate's figure: the platform shows none.
import { SimpleGrid } from "@mantine/core";
import { useLiveStats } from "@storepulse/client/react";
import { count, money, PLATFORM_CURRENCY } from "../format";
import { readProblem } from "../problems";
import { Metric } from "./Metric";
import { Panel } from "./Panel";

export function StatsStrip({ scopeId, currency = PLATFORM_CURRENCY }: { scopeId: string; currency?: string }) {
  const stats = useLiveStats(scopeId);
  const data = stats.data;
  const affiliate = scopeId.startsWith("affiliate_");
  return (
    <Panel
      title="Live figures"
      label="Live stats"
      live={stats.live}
      problem={stats.error ? readProblem(stats.error) : undefined}
      loading={data === undefined && !stats.error}
    >
      <SimpleGrid cols={{ base: 2, md: affiliate ? 4 : 3 }} spacing="sm" data-testid={`stats-${scopeId}`}>
        <Metric label="Redemptions today" value={data?.today.redemptions ?? 0} testId="stats-redemptions-today" />
        <Metric label="Redemptions" value={data?.redemptionsTotal ?? 0} testId="stats-redemptions-total" hint="since the start" />
        <Metric label="Commission" value={money(data?.commissionCentsTotal ?? 0, currency)} hint={affiliate ? "earned on your coupons" : "earned by affiliates"} />
        {affiliate && <Metric label="Customers acquired" value={count(data?.customersAcquired ?? 0)} />}
      </SimpleGrid>
    </Panel>
  );
}
