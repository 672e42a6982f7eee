// An affiliate's page: its live figures (redemptions, commission in the platform's currency,
// customers acquired), its commission per UTC day over the last 14 days as a chart with its text
// summary, and the customers it acquired (no contact data exists here).
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Box, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { LiveStats } from "@storepulse/client";
import { useAffiliateCustomers, useLiveStats } from "@storepulse/client/react";
import { Panel } from "../components/Panel";
import { StatsStrip } from "../components/StatsStrip";
import { TableScroll } from "../components/TableScroll";
import { When } from "../components/When";
import { money, plural } from "../format";
import { useNow } from "../hooks";

const DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;
const dayLabel = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });

/** The last `DAYS` UTC days, oldest first, each with its commission (0 on a day with none). */
function commissionByDay(stats: LiveStats | undefined, now: number) {
  return Array.from({ length: DAYS }, (_, index) => {
    const date = new Date(now - (DAYS - 1 - index) * DAY_MS);
    const key = date.toISOString().slice(0, 10);
    return { day: dayLabel.format(date), cents: stats?.days[key]?.commissionCents ?? 0 };
  });
}

/** The chart in words: the total, today's, the best day. */
function commissionSummary(days: readonly { day: string; cents: number }[]): string {
  const total = days.reduce((sum, day) => sum + day.cents, 0);
  const best = days.reduce<{ day: string; cents: number } | undefined>((top, day) => (top === undefined || day.cents > top.cents ? day : top), undefined);
  const today = days[days.length - 1]?.cents ?? 0;
  const peak = best && best.cents > 0 ? `; the best day was ${best.day} with ${money(best.cents)}` : "";
  return `${money(total)} in all${peak}. Today: ${money(today)}`;
}

function CommissionChart({ affiliateId }: { affiliateId: string }) {
  const stats = useLiveStats(`affiliate_${affiliateId}`);
  // The days roll over at midnight UTC while the page stays open.
  const now = useNow(60_000);
  const days = commissionByDay(stats.data, now);
  const summary = commissionSummary(days);
  const data = days.map(({ day, cents }) => ({ day, commission: cents / 100 }));
  return (
    <Panel title="Commission per day" read={stats}>
      <Box component="figure" m={0} aria-label={`Commission per day, last ${String(DAYS)} days`}>
        <Box role="img" aria-label={`Bar chart of commission per UTC day, last ${String(DAYS)} days: ${summary}`}>
          <BarChart
            h={220}
            data={data}
            dataKey="day"
            series={[{ name: "commission", label: "Commission", color: "teal.6" }]}
            valueFormatter={(value) => money(Math.round(value * 100))}
            tickLine="y"
            gridAxis="y"
            withTooltip={false}
          />
        </Box>
        <Text component="figcaption" size="sm" c="dimmed" mt="xs" data-testid="commission-summary">
          Commission per day, last {DAYS} days (UTC): {summary}.
        </Text>
      </Box>
    </Panel>
  );
}

export function Affiliate({ affiliateId }: { affiliateId: string }) {
  const customers = useAffiliateCustomers(affiliateId, { limit: 50 });
  const rows = customers.data ?? [];
  const phone = useMediaQuery("(max-width: 47.99em)");
  return (
    <Stack>
      <Title order={1}>Your referrals</Title>
      <StatsStrip scopeId={`affiliate_${affiliateId}`} />
      <CommissionChart affiliateId={affiliateId} />
      <Panel
        title="Acquired customers"
        read={customers}
        empty={rows.length === 0 && "No customers yet: they appear here when they register with your code or redeem one of your coupons."}
      >
        {rows.length > 0 &&
          (phone ? (
            // At phone width each customer is a card (no sideways scroll).
            <Stack gap="sm" data-testid="acquired">
              {rows.map((customer) => (
                <Paper key={customer.id} p="sm">
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text fw={600}>{customer.customerName}</Text>
                    <Text fw={600}>{money(customer.commissionCents)}</Text>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {plural(customer.redemptionCount, "redemption", "redemptions")} · acquired <When date={customer.acquiredAt} />
                  </Text>
                </Paper>
              ))}
            </Stack>
          ) : (
            <TableScroll label="Acquired customers table">
              <Table striped miw={480}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Customer</Table.Th>
                    <Table.Th>Acquired</Table.Th>
                    <Table.Th>Redemptions</Table.Th>
                    <Table.Th ta="right">Commission</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody data-testid="acquired">
                  {rows.map((customer) => (
                    <Table.Tr key={customer.id}>
                      <Table.Td>{customer.customerName}</Table.Td>
                      <Table.Td>
                        <When date={customer.acquiredAt} />
                      </Table.Td>
                      <Table.Td>{plural(customer.redemptionCount, "redemption", "redemptions")}</Table.Td>
                      <Table.Td ta="right">{money(customer.commissionCents)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          ))}
      </Panel>
    </Stack>
  );
}
