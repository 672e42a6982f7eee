// An admin's sections: activity (platform live figures, the feed newest first with a filter by
// entry type or by tracked action, "load more", relative times with the exact one on hover), and
// the shops and affiliates.
import { Badge, Button, Group, NativeSelect, Stack, Table, Text, ThemeIcon, Title } from "@mantine/core";
import type { ActionType } from "@storepulse/client";
import { useAdminFeed, useAffiliates, usePulse, useShops } from "@storepulse/client/react";
import { useState } from "react";
import { Navigate } from "react-router";
import { HourChart } from "../components/HourChart";
import { Panel } from "../components/Panel";
import { TableScroll } from "../components/TableScroll";
import { StatsStrip } from "../components/StatsStrip";
import { When } from "../components/When";

const PAGE = 20;
/** Entry types as people say them, with the icon and colour of their row. */
const TYPES: Record<string, readonly [string, string, string]> = {
  redemption: ["Redemptions", "€", "teal"],
  redemption_reversed: ["Reversed redemptions", "↩", "orange"],
  user_action: ["User actions", "•", "gray"],
  customer_registered: ["New customers", "+", "indigo"],
  role_changed: ["Role changes", "⚙", "grape"],
  shop_created: ["New shops", "▣", "blue"],
  affiliate_created: ["New affiliates", "★", "yellow"],
  coupon_created: ["New coupons", "%", "pink"],
  loyalty_program_saved: ["Loyalty programs saved", "♥", "red"],
};
// Tracked actions the filter offers on their own (each is a `user_action` entry).
const ACTIONS: readonly (readonly [ActionType, string])[] = [
  ["tab_change", "Page changes"],
  ["page_view", "Page views"],
  ["search", "Searches"],
  ["notification_open", "Notifications opened"],
  ["qr_scan", "QR scans"],
];
const ACTION_PREFIX = "action:";

/** The feed filter a select value names: "" (all), an entry type, or `action:<kind>`. */
function filterOf(value: string): { type?: string; action?: ActionType } {
  const action = ACTIONS.find(([kind]) => `${ACTION_PREFIX}${kind}` === value)?.[0];
  if (action !== undefined) return { action };
  return value in TYPES ? { type: value } : {};
}

function Feed() {
  const [filter, setFilter] = useState("");
  const [size, setSize] = useState(PAGE);
  const feed = useAdminFeed({ ...filterOf(filter), limit: size });
  const entries = feed.data ?? [];
  return (
    <Panel
      title="Activity"
      label="Activity feed"
      read={feed}
      empty={entries.length === 0 && "Nothing yet: redemptions, new customers, shops and tracked actions appear here as they happen."}
      actions={
        <NativeSelect
          label="Type"
          size="xs"
          value={filter}
          onChange={(event) => {
            setFilter(event.currentTarget.value);
            setSize(PAGE);
          }}
          data={[
            { value: "", label: "Everything" },
            { group: "Entries", items: Object.entries(TYPES).map(([value, [label]]) => ({ value, label })) },
            {
              group: "Tracked actions",
              items: ACTIONS.map(([kind, label]) => ({ value: `${ACTION_PREFIX}${kind}`, label })),
            },
          ]}
        />
      }
    >
      <Stack component="ol" data-testid="admin-feed" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
        {entries.map((entry) => {
          const [label, icon, color] = TYPES[entry.type] ?? [entry.type, "•", "gray"];
          return (
            <Group component="li" key={entry.id} gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon variant="light" color={color} radius="xl" aria-hidden="true">
                {icon}
              </ThemeIcon>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {entry.summary}
                </Text>
                <Group gap={6}>
                  <Badge size="xs" variant="light" color={color}>
                    {label}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    <When date={entry.createdAt} />
                  </Text>
                </Group>
              </Stack>
            </Group>
          );
        })}
      </Stack>
      {entries.length >= size && (
        <Button
          variant="light"
          mt="md"
          onClick={() => {
            setSize(size + PAGE);
          }}
        >
          Load more
        </Button>
      )}
    </Panel>
  );
}

/** The platform's last 12 hours by kind of event (the pulse the landing page shows too). */
function PlatformHours() {
  const pulse = usePulse();
  return (
    <Panel
      title="Last 12 hours"
      read={pulse}
      empty={pulse.data === null && "Waiting for the first platform figures (the pulse job runs every minute)."}
    >
      {pulse.data && <HourChart hours={pulse.data.lastHours} />}
    </Panel>
  );
}

function Directory() {
  const shops = useShops();
  const affiliates = useAffiliates();
  const shopRows = shops.data ?? [];
  const affiliateRows = affiliates.data ?? [];
  return (
    <Stack>
      <Panel
        title="Shops"
        read={shops}
        empty={shopRows.length === 0 && "No shops yet: a shop appears here when an admin creates it."}
      >
        {shopRows.length > 0 && (
          <TableScroll label="Shops table">
            <Table striped miw={320}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Shop</Table.Th>
                  <Table.Th>Since</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="shops">
                {shopRows.map((shop) => (
                  <Table.Tr key={shop.id}>
                    <Table.Td>{shop.name}</Table.Td>
                    <Table.Td>
                      <When date={shop.createdAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Panel>
      <Panel
        title="Affiliates"
        read={affiliates}
        empty={affiliateRows.length === 0 && "No affiliates yet."}
      >
        {affiliateRows.length > 0 && (
          <TableScroll label="Affiliates table">
            <Table striped miw={320}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Affiliate</Table.Th>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Since</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="affiliates">
                {affiliateRows.map((affiliate) => (
                  <Table.Tr key={affiliate.id}>
                    <Table.Td>{affiliate.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline">{affiliate.code}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <When date={affiliate.createdAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Panel>
    </Stack>
  );
}

export function Admin({ section }: { section: string }) {
  if (section !== "activity" && section !== "directory") return <Navigate to="/admin/activity" replace />;
  return (
    <Stack>
      <Title order={1}>{section === "activity" ? "Platform activity" : "Shops and affiliates"}</Title>
      {section === "activity" ? (
        <>
          <StatsStrip scopeId="platform" />
          <PlatformHours />
          <Feed />
        </>
      ) : (
        <Directory />
      )}
    </Stack>
  );
}
