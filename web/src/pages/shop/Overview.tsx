// Where a shop owner lands: who is on the shop right now (browsing, in checkout, paying), today's
// figures (open orders, redemptions, revenue, loyalty members) and today's visits hour by hour.
// Every figure is a live read the other sections already make; today is the UTC day, as the
// server counts days.
import { BarChart } from "@mantine/charts";
import { Anchor, SimpleGrid, Stack } from "@mantine/core";
import type { LiveState } from "@storepulse/client";
import { useLiveStats, useLiveVisitors, useLoyaltyMembers, useOpenOrders, useShopInsights } from "@storepulse/client/react";
import { Link } from "react-router";
import { ChartFigure } from "../../components/ChartFigure";
import { Metric } from "../../components/Metric";
import { Panel } from "../../components/Panel";
import { count, money, plural } from "../../format";
import { useNow } from "../../hooks";

// Members are counted from the list the Customers section reads (each listed member is a billed
// read), up to as many as it lists; past that the card says "50+".
const MEMBERS_COUNTED = 50;

/** Several live reads as one, for a panel that shows figures from each: loaded when all are, live
 * when all are, and the first error. */
function together(...reads: LiveState<unknown>[]): LiveState<unknown[]> {
  return {
    data: reads.every((read) => read.data !== undefined) ? reads.map((read) => read.data) : undefined,
    live: reads.every((read) => read.live),
    error: reads.find((read) => read.error !== undefined)?.error,
  };
}

const hourOf = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

function VisitsToday({ hours }: { hours: readonly number[] }) {
  const total = hours.reduce((sum, visits) => sum + visits, 0);
  const peak = hours.reduce<number | undefined>(
    (best, visits, hour) => (visits > 0 && (best === undefined || visits > (hours[best] ?? 0)) ? hour : best),
    undefined,
  );
  const busiest = peak === undefined ? "" : `; the busiest hour was ${hourOf(peak)} with ${plural(hours[peak] ?? 0, "visit", "visits")}`;
  const current = hours[hours.length - 1] ?? 0;
  return (
    <ChartFigure
      name="Visits per hour today (UTC)"
      drawing="Bar chart of visits started per hour today (UTC)"
      summary={`${plural(total, "visit", "visits")} today so far${busiest}. This hour: ${count(current)}.`}
      testId="overview-visits-summary"
    >
      <BarChart
        h={200}
        data={hours.map((visits, hour) => ({ hour: hourOf(hour), visits }))}
        dataKey="hour"
        series={[{ name: "visits", label: "Visits", color: "indigo.6" }]}
        tickLine="y"
        gridAxis="y"
        withTooltip={false}
        maxBarWidth={40}
        yAxisProps={{ allowDecimals: false }}
      />
    </ChartFigure>
  );
}

export function Overview({ shopId }: { shopId: string }) {
  const visitors = useLiveVisitors(shopId);
  const orders = useOpenOrders(shopId);
  const stats = useLiveStats(`shop_${shopId}`);
  const today = useShopInsights(shopId, { days: 1 });
  const members = useLoyaltyMembers(shopId, { limit: MEMBERS_COUNTED });
  // The chart ends with the current UTC hour, and moves on to the next one by itself.
  const hour = new Date(useNow(60_000)).getUTCHours();
  const now = visitors.data;
  const memberCount = members.data?.length ?? 0;
  const figures = together(orders, stats, today, members);
  return (
    <Stack>
      <Panel title="Right now" label="Visitors right now" read={visitors}>
        {now && (
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <Metric label="On the site" value={count(now.total)} testId="overview-visitors" />
            <Metric label="In checkout" value={count(now.checkouts)} testId="overview-checkouts" />
            <Metric label="Paying" value={count(now.payments)} testId="overview-paying" />
          </SimpleGrid>
        )}
      </Panel>
      <Panel
        title="Today"
        label="Today's figures"
        read={figures}
        actions={
          <Anchor component={Link} to={`/shop/${shopId}/insights`} size="sm">
            See all insights
          </Anchor>
        }
      >
        {figures.data && (
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Metric label="Open orders" value={count(orders.data?.length ?? 0)} testId="overview-open-orders" hint="waiting for a next step" />
            <Metric label="Redemptions" value={count(stats.data?.today.redemptions ?? 0)} testId="overview-redemptions" hint="today" />
            <Metric label="Revenue" value={money(today.data?.revenueCents ?? 0)} testId="overview-revenue" hint="paid today" />
            <Metric
              label="Loyalty members"
              value={memberCount >= MEMBERS_COUNTED ? `${count(MEMBERS_COUNTED)}+` : count(memberCount)}
              testId="overview-members"
              hint="in your program"
            />
          </SimpleGrid>
        )}
      </Panel>
      <Panel
        title="Visits today"
        label="Visits per hour today"
        read={today}
        empty={today.data?.visits === 0 && "No visits yet today: each hour's visits appear here as visitors arrive."}
      >
        {today.data && today.data.visits > 0 && <VisitsToday hours={today.data.visitsByHour.slice(0, hour + 1)} />}
      </Panel>
    </Stack>
  );
}
