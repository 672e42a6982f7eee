// A shop owner's Insights over today, the last 7 or the last 30 UTC days, all from one read
// (`useShopInsights`, the per-day counters summed): the funnel from visits to paid with where people
// leave it, payment methods and how often each succeeds, failed payments by error and day, activity
// by hour of day, and the most viewed categories and offers. The server counts a checkout on the
// day it started, so a day's funnel never mixes checkouts from other days.
import { BarChart, FunnelChart } from "@mantine/charts";
import { Group, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import type { FunnelStep, InsightsSpan, PaymentMethodFigures, RankedPage, ShopInsights } from "@storepulse/client";
import { useShopInsights } from "@storepulse/client/react";
import { useSearchParams } from "react-router";
import { ChartFigure } from "../../components/ChartFigure";
import { Metric } from "../../components/Metric";
import { Panel } from "../../components/Panel";
import { TableScroll } from "../../components/TableScroll";
import { count, money, percent, plural } from "../../format";

const SPANS: readonly { value: InsightsSpan; label: string; words: string }[] = [
  { value: 1, label: "Today", words: "today" },
  { value: 7, label: "Last 7 days", words: "in the last 7 days" },
  { value: 30, label: "Last 30 days", words: "in the last 30 days" },
];

/** Each funnel step as a shop owner names it, and who left before the next one. */
const STEPS: Record<FunnelStep["step"], { label: string; color: string; left?: (n: number) => string }> = {
  visits: { label: "Visits", color: "indigo.5", left: (n) => `${plural(n, "visit", "visits")} left before checkout` },
  checkout: { label: "Checkout started", color: "indigo.6", left: (n) => `${plural(n, "checkout", "checkouts")} left before paying` },
  payment: { label: "Payment started", color: "indigo.8", left: (n) => `${plural(n, "payment", "payments")} never went through` },
  paid: { label: "Paid", color: "teal.8" },
};

const METHODS: Record<string, string> = {
  card: "Card",
  paypal: "PayPal",
  apple_pay: "Apple Pay",
  google_pay: "Google Pay",
  klarna: "Klarna",
  bank_transfer: "Bank transfer",
  sepa_debit: "SEPA direct debit",
};

const ERRORS: Record<string, string> = {
  card_declined: "Card declined",
  insufficient_funds: "Insufficient funds",
  "3ds_failed": "3-D Secure check failed",
  expired_card: "Card expired",
  incorrect_cvc: "Wrong security code",
  timeout: "Bank did not answer",
  processing_error: "Processing error",
};

const ERROR_COLORS = ["red.7", "orange.6", "grape.7", "pink.6", "yellow.6", "cyan.7", "gray.6"];

/** A code the table has no words for, readable all the same: "do_not_honor" is "Do not honor". */
function words(code: string): string {
  const spaced = code.replaceAll("_", " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const methodName = (method: string) => METHODS[method] ?? words(method);
const errorName = (code: string) => ERRORS[code] ?? words(code);

const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
/** "Nov 30" from the counters' UTC day ("2026-11-30"). */
const dayOf = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
const hourOf = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** A share as a percentage; a dash where there is nothing to divide by (no attempt yet). */
function rate(share: number | null): string {
  return share === null ? "–" : percent(share);
}

function Summary({ data, span }: { data: ShopInsights; span: string }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      <Metric label="Visits" value={count(data.visits)} testId="insights-visits" hint={span} />
      <Metric label="Page views" value={count(data.pageViews)} testId="insights-page-views" hint={span} />
      <Metric label="Revenue" value={money(data.revenueCents)} testId="insights-revenue" hint="paid checkouts" />
      <Metric label="Payments succeeded" value={rate(data.paymentSuccessRate)} testId="insights-success-rate" hint="of payment attempts" />
    </SimpleGrid>
  );
}

function Funnel({ funnel, span }: { funnel: FunnelStep[]; span: string }) {
  const visits = funnel[0]?.count ?? 0;
  const paid = funnel[funnel.length - 1]?.count ?? 0;
  const summary = funnel.map((step) => `${STEPS[step.step].label} ${count(step.count)}`).join(", ");
  const converted = visits > 0 ? `; ${percent(paid / visits)} of visits ended in a payment` : "";
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
      <ChartFigure name={`From visit to payment, ${span}`} drawing="Funnel chart of visits, checkouts, payments and paid" summary={`${summary}${converted}.`}>
        <FunnelChart
          mx="auto"
          size={220}
          data={funnel.map((step) => ({ name: STEPS[step.step].label, value: step.count, color: STEPS[step.step].color }))}
          withLabels
          labelsPosition="inside"
          withTooltip={false}
        />
      </ChartFigure>
      <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: "none" }} data-testid="funnel">
        {funnel.map((step) => {
          const { label, left } = STEPS[step.step];
          return (
            <li key={step.step} data-testid={`funnel-${step.step}`}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text fw={600}>{label}</Text>
                <Text fw={700} fz="lg" data-testid={`funnel-${step.step}-count`}>
                  {count(step.count)}
                </Text>
              </Group>
              {left && step.abandonment !== null && (
                <Text size="sm" c="red.9" data-testid={`funnel-${step.step}-left`}>
                  {left(step.abandoned)} ({percent(step.abandonment)})
                </Text>
              )}
            </li>
          );
        })}
      </Stack>
    </SimpleGrid>
  );
}

function Methods({ methods }: { methods: PaymentMethodFigures[] }) {
  return (
    <TableScroll label="Payment methods table">
      <Table miw={300} verticalSpacing="sm" data-testid="payment-methods">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Method</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Success rate</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {methods.map((m) => (
            <Table.Tr key={m.method} data-testid={`method-${m.method}`}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {methodName(m.method)}
                </Text>
                <Text size="xs" c="dimmed">
                  {rate(m.share)} of attempts
                </Text>
              </Table.Td>
              <Table.Td data-testid={`method-${m.method}-attempts`}>{count(m.attempts)}</Table.Td>
              <Table.Td w="45%">
                <Text size="sm" fw={700} data-testid={`method-${m.method}-success`}>
                  {rate(m.successRate)}
                </Text>
                <Progress
                  value={(m.successRate ?? 0) * 100}
                  size="sm"
                  color="teal.8"
                  aria-label={`${methodName(m.method)}: ${rate(m.successRate)} succeeded`}
                />
                <Text size="xs" c="dimmed">
                  {count(m.succeeded)} succeeded, {count(m.failed)} failed
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function Errors({ data, span }: { data: ShopInsights; span: string }) {
  const codes = Object.keys(data.errorsByCode).sort((a, b) => (data.errorsByCode[b] ?? 0) - (data.errorsByCode[a] ?? 0) || a.localeCompare(b));
  const total = codes.reduce((sum, code) => sum + (data.errorsByCode[code] ?? 0), 0);
  const perCode = codes.map((code) => `${errorName(code)} ${count(data.errorsByCode[code] ?? 0)}`).join(", ");
  const rows = [...data.errorsByDay]
    .reverse()
    .flatMap(({ day, byCode }) => codes.filter((code) => (byCode[code] ?? 0) > 0).map((code) => ({ day, code, failed: byCode[code] ?? 0 })));
  const chart = (
    <ChartFigure
      name={`Failed payments by error per day, ${span}`}
      drawing="Stacked bar chart of failed payments per day by error"
      summary={`${plural(total, "failed payment", "failed payments")} ${span}: ${perCode}.`}
    >
      <BarChart
        h={220}
        data={data.errorsByDay.map(({ day, byCode }) => ({ day: dayOf(day), ...byCode }))}
        dataKey="day"
        type="stacked"
        withLegend
        series={codes.map((code, index) => ({ name: code, label: errorName(code), color: ERROR_COLORS[index % ERROR_COLORS.length] ?? "red.7" }))}
        tickLine="y"
        gridAxis="y"
        withTooltip={false}
        maxBarWidth={56}
        yAxisProps={{ allowDecimals: false }}
      />
    </ChartFigure>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {chart}
      <Stack>
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: "none" }} data-testid="errors-by-code">
          {codes.map((code) => (
            <Group component="li" key={code} justify="space-between" gap="xs" data-testid={`error-${code}`}>
              <Text size="sm">{errorName(code)}</Text>
              <Text size="sm" fw={700} data-testid={`error-${code}-count`}>
                {plural(data.errorsByCode[code] ?? 0, "failed payment", "failed payments")}
              </Text>
            </Group>
          ))}
        </Stack>
        <TableScroll label="Failed payments by day table">
          <Table miw={300} striped data-testid="errors-by-day">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th>Failed payments</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={`${row.day}-${row.code}`}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{dayOf(row.day)}</Table.Td>
                  <Table.Td>{errorName(row.code)}</Table.Td>
                  <Table.Td>{count(row.failed)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Stack>
    </SimpleGrid>
  );
}

function busiest(hours: readonly number[]): number | undefined {
  let best: number | undefined;
  hours.forEach((value, hour) => {
    if (value > 0 && (best === undefined || value > (hours[best] ?? 0))) best = hour;
  });
  return best;
}

function Activity({ data, span }: { data: ShopInsights; span: string }) {
  const peak = busiest(data.activityByHour);
  const top = peak === undefined ? "" : `; the busiest hour was ${hourOf(peak)} with ${plural(data.activityByHour[peak] ?? 0, "page view", "page views")}`;
  return (
    <ChartFigure
      name={`Page views and visits by hour of day (UTC), ${span}`}
      drawing="Bar chart of page views and visits per hour of day (UTC)"
      summary={`${plural(data.pageViews, "page view", "page views")} and ${plural(data.visits, "visit", "visits")} ${span}${top}.`}
    >
      <BarChart
        h={240}
        data={data.activityByHour.map((views, hour) => ({ hour: hourOf(hour), pageViews: views, visits: data.visitsByHour[hour] ?? 0 }))}
        dataKey="hour"
        withLegend
        series={[
          { name: "pageViews", label: "Page views", color: "indigo.6" },
          { name: "visits", label: "Visits", color: "teal.7" },
        ]}
        tickLine="y"
        gridAxis="y"
        withTooltip={false}
        yAxisProps={{ allowDecimals: false }}
      />
    </ChartFigure>
  );
}

function Ranked({ pages, testId, label }: { pages: RankedPage[]; testId: string; label: string }) {
  const most = pages[0]?.views ?? 1;
  return (
    <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: "none" }} data-testid={testId}>
      {pages.map((page, index) => (
        <li key={page.id}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" truncate>
              {index + 1}. {page.id}
            </Text>
            <Text size="sm" fw={700} style={{ whiteSpace: "nowrap" }}>
              {plural(page.views, "view", "views")}
            </Text>
          </Group>
          <Progress value={(page.views / most) * 100} size="sm" aria-label={`${label} ${page.id}: ${plural(page.views, "view", "views")}`} />
        </li>
      ))}
    </Stack>
  );
}

export function Insights({ shopId }: { shopId: string }) {
  // The period is in the URL (`?days=7`), so a reload or a shared link shows the same one.
  const [params, setParams] = useSearchParams();
  const days = SPANS.find((s) => String(s.value) === params.get("days"))?.value ?? 1;
  const insights = useShopInsights(shopId, { days });
  const data = insights.data;
  const span = SPANS.find((s) => s.value === days)?.words ?? "";
  return (
    <Stack>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text c="dimmed" size="sm">
          Figures by UTC day, live as they are counted.
        </Text>
        <SegmentedControl
          aria-label="Period"
          value={String(days)}
          onChange={(value) => {
            setParams(value === "1" ? {} : { days: value }, { replace: true });
          }}
          data={SPANS.map((s) => ({ value: String(s.value), label: s.label }))}
          data-testid="insights-span"
        />
      </Group>
      <Panel title="At a glance" label="Insights summary" read={insights}>
        {data && <Summary data={data} span={span} />}
      </Panel>
      <Panel
        title="From visit to payment"
        label="Funnel"
        read={insights}
        empty={data?.funnel.every((step) => step.count === 0) === true && `No visits ${span} yet: visits, checkouts and payments appear here as they happen.`}
      >
        {data?.funnel.some((step) => step.count > 0) && <Funnel funnel={data.funnel} span={span} />}
      </Panel>
      <Panel title="Payment methods" read={insights} empty={data?.paymentMethods.length === 0 && `No payment attempts ${span}.`}>
        {data && data.paymentMethods.length > 0 && <Methods methods={data.paymentMethods} />}
      </Panel>
      <Panel
        title="Failed payments by error"
        read={insights}
        empty={data !== undefined && Object.keys(data.errorsByCode).length === 0 && `No failed payments ${span}.`}
      >
        {data && Object.keys(data.errorsByCode).length > 0 && <Errors data={data} span={span} />}
      </Panel>
      <Panel
        title="Activity by hour of day"
        read={insights}
        empty={data?.pageViews === 0 && `No page views ${span}: each hour's page views and visits appear here.`}
      >
        {data && data.pageViews > 0 && <Activity data={data} span={span} />}
      </Panel>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Panel title="Top categories" read={insights} empty={data?.topCategories.length === 0 && `No category pages viewed ${span}.`}>
          {data && <Ranked pages={data.topCategories} testId="top-categories" label="Category" />}
        </Panel>
        <Panel title="Top offers" read={insights} empty={data?.topOffers.length === 0 && `No offers viewed ${span}.`}>
          {data && <Ranked pages={data.topOffers} testId="top-offers" label="Offer" />}
        </Panel>
      </SimpleGrid>
    </Stack>
  );
}
