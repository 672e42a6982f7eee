// Who is on the shop's site now, live: the headline figures, then where they are (by kind of page,
// category and offer) as bar charts, each named for assistive technology with its numbers in words.
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Box, SimpleGrid, Stack, Text } from "@mantine/core";
import { useLiveVisitors } from "@storepulse/client/react";
import { Metric } from "../../components/Metric";
import { Panel } from "../../components/Panel";
import { count, plural } from "../../format";

const PAGE_TYPES: Record<string, string> = {
  homepage: "Home page",
  category: "Category pages",
  product: "Product pages",
  offer: "Offers",
  cart: "Cart",
  checkout: "Checkout",
  search: "Search",
};

/** Most visited first, at most this many bars (the rest are summed in the caption). */
const BARS = 8;

function Breakdown(props: {
  title: string;
  counts: Readonly<Record<string, number | undefined>>;
  names?: Record<string, string>;
  empty: string;
  testId: string;
  loading: boolean;
}) {
  const { title, counts, names, empty, testId, loading } = props;
  const rows = Object.entries(counts)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, visitors]) => ({ name: names?.[key] ?? key, visitors }));
  const shown = rows.slice(0, BARS);
  const others = rows.slice(BARS).reduce((sum, row) => sum + row.visitors, 0);
  const words =
    shown.map((row) => `${row.name}: ${plural(row.visitors, "visitor", "visitors")}`).join(", ") +
    (others > 0 ? `, and ${plural(others, "visitor", "visitors")} elsewhere` : "");
  return (
    <Panel title={title} loading={loading} empty={rows.length === 0 && empty}>
      {rows.length > 0 && (
        <Box component="figure" m={0} aria-label={`Visitors now, ${title.toLowerCase()}`} data-testid={testId}>
          <Box role="img" aria-label={`Bar chart of visitors now ${title.toLowerCase()}: ${words}`}>
            <BarChart
              h={Math.max(120, shown.length * 36 + 40)}
              data={shown}
              dataKey="name"
              orientation="vertical"
              series={[{ name: "visitors", label: "Visitors", color: "indigo.6" }]}
              yAxisProps={{ width: 110 }}
              xAxisProps={{ allowDecimals: false }}
              gridAxis="x"
              withTooltip={false}
              maxBarWidth={28}
            />
          </Box>
          <Text component="figcaption" size="sm" c="dimmed" mt="xs">
            {words}.
          </Text>
        </Box>
      )}
    </Panel>
  );
}

export function Visitors({ shopId }: { shopId: string }) {
  const visitors = useLiveVisitors(shopId);
  const now = visitors.data;
  const loading = now === undefined && !visitors.error;
  return (
    <Stack>
      <Panel title="Visitors now" label="Live visitors" read={visitors}>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Metric label="On the site" value={count(now?.total ?? 0)} testId="visitors-now" />
          <Metric label="In checkout" value={count(now?.checkouts ?? 0)} />
          <Metric label="Paying" value={count(now?.payments ?? 0)} />
        </SimpleGrid>
      </Panel>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Breakdown
          title="By page"
          counts={now?.pageTypes ?? {}}
          names={PAGE_TYPES}
          empty="Nobody is browsing right now: the pages visitors are on appear here."
          testId="visitors-by-page"
          loading={loading}
        />
        <Breakdown
          title="By category"
          counts={now?.categories ?? {}}
          empty="Nobody is on a category page right now."
          testId="visitors-by-category"
          loading={loading}
        />
        <Breakdown title="By offer" counts={now?.offers ?? {}} empty="Nobody is looking at an offer right now." testId="visitors-by-offer" loading={loading} />
      </SimpleGrid>
    </Stack>
  );
}
