// An admin's sections: the overview (platform live figures, the last 12 hours, users by role and
// customers per loyalty tier), the activity feed (newest first, filter chips by entry type or by
// tracked action, "load more", relative times with the exact one on hover), the shops and the
// affiliates with their live figures, and the users, whose role an admin changes.
import { Alert, Badge, Box, Button, Chip, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { ActionType, AffiliateDocument, Role, ShopDocument, UserProfileDocument, WithId } from "@storepulse/client";
import { useAdminFeed, useAffiliates, useLiveStats, usePulse, useSession, useShops, useStorepulse, useUsers } from "@storepulse/client/react";
import { useState } from "react";
import { Navigate } from "react-router";
import { ActionButton } from "../components/ActionButton";
import { HourChart } from "../components/HourChart";
import { Metric } from "../components/Metric";
import { Panel } from "../components/Panel";
import { StatsStrip } from "../components/StatsStrip";
import { TableScroll } from "../components/TableScroll";
import { When } from "../components/When";
import { count, money, plural } from "../format";

const PAGE = 20;
// At phone width a table becomes a list of cards (no sideways scroll).
const PHONE = "(max-width: 47.99em)";
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
const EVERYTHING = "all";

/** The sections in the order of the menu (sections.ts), with their page titles. */
const TITLES: Record<string, string> = {
  overview: "Platform overview",
  activity: "Platform activity",
  shops: "Shops",
  affiliates: "Affiliates",
  users: "Users",
};

/** The feed filter a chip names: everything, an entry type, or `action:<kind>`. */
function filterOf(value: string): { type?: string; action?: ActionType } {
  const action = ACTIONS.find(([kind]) => `${ACTION_PREFIX}${kind}` === value)?.[0];
  if (action !== undefined) return { action };
  return value in TYPES ? { type: value } : {};
}

function LoadMore({ shown, size, more }: { shown: number; size: number; more: () => void }) {
  if (shown < size) return null;
  return (
    <Button variant="light" mt="md" onClick={more}>
      Load more
    </Button>
  );
}

function FeedFilter({ value, choose }: { value: string; choose: (value: string) => void }) {
  return (
    <Chip.Group multiple={false} value={value} onChange={choose}>
      <Stack gap="xs" mb="md" role="group" aria-label="Filter the feed">
        <Group gap={6} role="group" aria-label="Entries">
          <Chip value={EVERYTHING} size="xs">
            Everything
          </Chip>
          {Object.entries(TYPES).map(([type, [label]]) => (
            <Chip key={type} value={type} size="xs">
              {label}
            </Chip>
          ))}
        </Group>
        <Group gap={6} role="group" aria-label="Tracked actions">
          <Text size="xs" c="dimmed" aria-hidden="true">
            Tracked actions:
          </Text>
          {ACTIONS.map(([kind, label]) => (
            <Chip key={kind} value={`${ACTION_PREFIX}${kind}`} size="xs">
              {label}
            </Chip>
          ))}
        </Group>
      </Stack>
    </Chip.Group>
  );
}

function Feed() {
  const [filter, setFilter] = useState(EVERYTHING);
  const [size, setSize] = useState(PAGE);
  const feed = useAdminFeed({ ...filterOf(filter), limit: size });
  const entries = feed.data ?? [];
  const nothing = filter === EVERYTHING ? "Nothing yet: redemptions, new customers, shops and tracked actions appear here as they happen." : "Nothing of this kind yet: it appears here as it happens.";
  return (
    <Panel title="Activity" label="Activity feed" read={feed} empty={entries.length === 0 && nothing}>
      <FeedFilter
        value={filter}
        choose={(value) => {
          setFilter(value);
          setSize(PAGE);
        }}
      />
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
      <LoadMore
        shown={entries.length}
        size={size}
        more={() => {
          setSize(size + PAGE);
        }}
      />
    </Panel>
  );
}

const TIERS = [
  ["bronze", "Bronze", "orange.4"],
  ["silver", "Silver", "gray.5"],
  ["gold", "Gold", "yellow.5"],
  ["platinum", "Platinum", "cyan.5"],
] as const;

/** The platform's last 12 hours, its users by role and its customers per loyalty tier (the pulse). */
function Pulse() {
  const pulse = usePulse();
  const data = pulse.data;
  const waiting = data === null && "Waiting for the first platform figures (the pulse job runs every minute).";
  // The pulse counts users by role; admins are the users with none of the other three.
  const admins = data ? data.totalUsers - data.customers - data.shops - data.affiliates : 0;
  const most = data ? Math.max(1, ...TIERS.map(([tier]) => data.tierDistribution[tier])) : 1;
  return (
    <>
      <Panel title="Last 12 hours" read={pulse} empty={waiting}>
        {data && <HourChart hours={data.lastHours} />}
      </Panel>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Panel title="Users by role" read={pulse} empty={waiting}>
          {data && (
            <>
              <SimpleGrid cols={2} spacing="sm" data-testid="users-by-role">
                <Metric label="Customers" value={count(data.customers)} />
                <Metric label="Shop owners" value={count(data.shops)} />
                <Metric label="Affiliates" value={count(data.affiliates)} />
                <Metric label="Admins" value={count(admins)} />
              </SimpleGrid>
              <Text size="sm" c="dimmed" mt="xs">
                {plural(data.totalUsers, "user", "users")} with a role; visitors are not counted.
              </Text>
            </>
          )}
        </Panel>
        <Panel title="Customers per loyalty tier" read={pulse} empty={waiting}>
          {data && (
            <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} data-testid="tier-distribution">
              {TIERS.map(([tier, label, color]) => {
                const customers = data.tierDistribution[tier];
                const share = data.customers > 0 ? Math.round((customers / data.customers) * 100) : 0;
                return (
                  <Box component="li" key={tier}>
                    <Group justify="space-between" gap="xs">
                      <Text size="sm" fw={600}>
                        {label}
                      </Text>
                      <Text size="sm">
                        {plural(customers, "customer", "customers")}
                        <Text span c="dimmed" size="sm">
                          {" "}
                          ({share}%)
                        </Text>
                      </Text>
                    </Group>
                    <Box h={8} bg="gray.1" style={{ borderRadius: 4 }} aria-hidden="true">
                      <Box h={8} w={`${String((customers / most) * 100)}%`} bg={color} style={{ borderRadius: 4 }} />
                    </Box>
                  </Box>
                );
              })}
            </Stack>
          )}
        </Panel>
      </SimpleGrid>
    </>
  );
}

/** A row's live figures: what each counts, its value, its test id. */
type Figures = readonly (readonly [string, string, string])[];

/** What a live figure shows while its scope is loading or cannot be read. */
function shownFigures(figures: Figures, loaded: boolean, failed: boolean): Figures {
  return loaded ? figures : figures.map(([label, , id]) => [label, failed ? "–" : "…", id] as const);
}

/** A shop or an affiliate at phone width: a card with its name, its figures and since when. */
function FigureCard(props: { testId: string; id: string; name: string; badge?: string; since: Date; figures: Figures }) {
  return (
    <Paper p="sm" data-testid={props.testId} data-id={props.id}>
      <Group justify="space-between" gap="xs" align="flex-start">
        <Group gap="xs">
          <Text fw={600}>{props.name}</Text>
          {props.badge !== undefined && (
            <Badge variant="outline" tt="none">
              {props.badge}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          since <When date={props.since} />
        </Text>
      </Group>
      <SimpleGrid cols={3} spacing="xs" mt="xs">
        {props.figures.map(([label, value, id]) => (
          <div key={id}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={600} data-testid={id}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

/** A shop with its own live figures (`shop_<id>`): a table row, or a card at phone width. */
function ShopRow({ shop, phone }: { shop: WithId<ShopDocument>; phone: boolean }) {
  const stats = useLiveStats(`shop_${shop.id}`);
  const data = stats.data;
  const figures = shownFigures(
    [
      ["Redemptions today", count(data?.today.redemptions ?? 0), "shop-redemptions-today"],
      ["Redemptions", count(data?.redemptionsTotal ?? 0), "shop-redemptions-total"],
      ["Discount given", money(data?.discountCentsTotal ?? 0), "shop-discount"],
    ],
    data !== undefined,
    stats.error !== undefined,
  );
  if (phone) return <FigureCard testId="shop-row" id={shop.id} name={shop.name} since={shop.createdAt} figures={figures} />;
  return (
    <Table.Tr data-testid="shop-row" data-id={shop.id}>
      <Table.Td fw={600}>{shop.name}</Table.Td>
      {figures.map(([, value, id]) => (
        <Table.Td key={id} ta="right" data-testid={id}>
          {value}
        </Table.Td>
      ))}
      <Table.Td>
        <When date={shop.createdAt} />
      </Table.Td>
    </Table.Tr>
  );
}

function Shops() {
  const shops = useShops();
  const phone = useMediaQuery(PHONE);
  const rows = shops.data ?? [];
  return (
    <Panel title="Shops" read={shops} empty={rows.length === 0 && "No shops yet: a shop appears here when an admin creates it."}>
      {rows.length > 0 &&
        (phone ? (
          <Stack gap="sm" data-testid="shops">
            {rows.map((shop) => (
              <ShopRow key={shop.id} shop={shop} phone />
            ))}
          </Stack>
        ) : (
          <TableScroll label="Shops table">
            <Table striped miw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Shop</Table.Th>
                  <Table.Th ta="right">Redemptions today</Table.Th>
                  <Table.Th ta="right">Redemptions</Table.Th>
                  <Table.Th ta="right">Discount given</Table.Th>
                  <Table.Th>Since</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="shops">
                {rows.map((shop) => (
                  <ShopRow key={shop.id} shop={shop} phone={false} />
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        ))}
    </Panel>
  );
}

/** An affiliate with its own live figures (`affiliate_<id>`): a table row, or a card at phone width. */
function AffiliateRow({ affiliate, phone }: { affiliate: WithId<AffiliateDocument>; phone: boolean }) {
  const stats = useLiveStats(`affiliate_${affiliate.id}`);
  const data = stats.data;
  const figures = shownFigures(
    [
      ["Redemptions", count(data?.redemptionsTotal ?? 0), "affiliate-redemptions"],
      ["Commission", money(data?.commissionCentsTotal ?? 0), "affiliate-commission"],
      ["Customers acquired", count(data?.customersAcquired ?? 0), "affiliate-customers"],
    ],
    data !== undefined,
    stats.error !== undefined,
  );
  if (phone) {
    return <FigureCard testId="affiliate-row" id={affiliate.id} name={affiliate.name} badge={affiliate.code} since={affiliate.createdAt} figures={figures} />;
  }
  return (
    <Table.Tr data-testid="affiliate-row" data-id={affiliate.id}>
      <Table.Td fw={600}>{affiliate.name}</Table.Td>
      <Table.Td>
        <Badge variant="outline" tt="none">
          {affiliate.code}
        </Badge>
      </Table.Td>
      {figures.map(([, value, id]) => (
        <Table.Td key={id} ta="right" data-testid={id}>
          {value}
        </Table.Td>
      ))}
      <Table.Td>
        <When date={affiliate.createdAt} />
      </Table.Td>
    </Table.Tr>
  );
}

function Affiliates() {
  const affiliates = useAffiliates();
  const phone = useMediaQuery(PHONE);
  const rows = affiliates.data ?? [];
  return (
    <Panel title="Affiliates" read={affiliates} empty={rows.length === 0 && "No affiliates yet: an affiliate appears here when an admin creates it."}>
      {rows.length > 0 &&
        (phone ? (
          <Stack gap="sm" data-testid="affiliates">
            {rows.map((affiliate) => (
              <AffiliateRow key={affiliate.id} affiliate={affiliate} phone />
            ))}
          </Stack>
        ) : (
          <TableScroll label="Affiliates table">
            <Table striped miw={640}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Affiliate</Table.Th>
                  <Table.Th>Code</Table.Th>
                  <Table.Th ta="right">Redemptions</Table.Th>
                  <Table.Th ta="right">Commission</Table.Th>
                  <Table.Th ta="right">Customers acquired</Table.Th>
                  <Table.Th>Since</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="affiliates">
                {rows.map((affiliate) => (
                  <AffiliateRow key={affiliate.id} affiliate={affiliate} phone={false} />
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        ))}
    </Panel>
  );
}

const ROLES: readonly (readonly [Role, string, string])[] = [
  ["customer", "Customer", "indigo"],
  ["shop", "Shop owner", "teal"],
  ["affiliate", "Affiliate", "yellow"],
  ["admin", "Admin", "grape"],
];
// A role's badge is never cut to "Shop ow…": its width is its word's, in a narrow cell or card too.
const WHOLE_BADGE = { root: { flexShrink: 0, overflow: "visible" }, label: { overflow: "visible" } } as const;
const roleWord = (role: Role | null | undefined) => ROLES.find(([value]) => value === role)?.[1] ?? "No role";
const roleColor = (role: Role | null | undefined) => ROLES.find(([value]) => value === role)?.[2] ?? "gray";

interface Owners {
  shops: readonly WithId<ShopDocument>[];
  affiliates: readonly WithId<AffiliateDocument>[];
}

/** The role an admin gives a user (a shop owner's shop or the affiliate they are is chosen with
 * it), and the button that gives it. */
function RoleChange({ user, name, owners }: { user: WithId<UserProfileDocument>; name: string; owners: Owners }) {
  const sp = useStorepulse();
  const current = user.role ?? undefined;
  const [role, setRole] = useState<Role>(current ?? "customer");
  const [ownerId, setOwnerId] = useState("");
  const [problem, setProblem] = useState<string>();
  const choices = role === "shop" ? owners.shops : role === "affiliate" ? owners.affiliates : [];
  const chosen = choices.some((owner) => owner.id === ownerId) ? ownerId : (choices[0]?.id ?? "");
  const owned = role === "shop" ? user.shopId : role === "affiliate" ? user.affiliateId : chosen;
  const same = role === current && chosen === (owned ?? "");
  const change = () =>
    sp.setUserRole({
      uid: user.id,
      role,
      ...(role === "shop" ? { shopId: chosen } : {}),
      ...(role === "affiliate" ? { affiliateId: chosen } : {}),
    });
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap" align="flex-end">
        <NativeSelect
          size="xs"
          aria-label={`New role for ${name}`}
          value={role}
          onChange={(event) => {
            setRole(event.currentTarget.value as Role);
            setProblem(undefined);
          }}
          data={ROLES.map(([value, label]) => ({ value, label }))}
        />
        {(role === "shop" || role === "affiliate") && (
          <NativeSelect
            size="xs"
            aria-label={role === "shop" ? `Shop ${name} owns` : `Affiliate ${name} is`}
            value={chosen}
            onChange={(event) => {
              setOwnerId(event.currentTarget.value);
            }}
            data={
              choices.length > 0
                ? choices.map((owner) => ({ value: owner.id, label: owner.name }))
                : [{ value: "", label: role === "shop" ? "No shops yet" : "No affiliates yet" }]
            }
          />
        )}
        <ActionButton
          size="compact-sm"
          disabled={same || ((role === "shop" || role === "affiliate") && chosen === "")}
          aria-label={`Change role of ${name}`}
          act={change}
          onDone={() => {
            setProblem(undefined);
          }}
          onProblem={setProblem}
        >
          Change role
        </ActionButton>
      </Group>
      {problem !== undefined && (
        <Alert color="red" role="alert" p="xs">
          {problem}
        </Alert>
      )}
    </Stack>
  );
}

/** A user: who they are, their role, and its change; the admin's own has none (an admin cannot
 * take away their own admin role). A table row, or a card at phone width. */
function UserRow({ user, self, owners, phone }: { user: WithId<UserProfileDocument>; self: boolean; owners: Owners; phone: boolean }) {
  const name = user.displayName ?? user.email ?? user.id;
  const role = (
    <Badge variant="light" color={roleColor(user.role)} tt="none" data-testid="user-role" styles={WHOLE_BADGE}>
      {roleWord(user.role)}
    </Badge>
  );
  const change = self ? (
    <Text size="sm" c="dimmed">
      You: another admin can change your role
    </Text>
  ) : (
    <RoleChange user={user} name={name} owners={owners} />
  );
  const email = user.email ?? "no e-mail address";
  if (phone) {
    return (
      <Paper p="sm" data-testid="user-row" data-id={user.id}>
        <Group justify="space-between" gap="xs" align="flex-start" wrap="nowrap">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {user.displayName ?? "No name"}
            </Text>
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {email}
            </Text>
          </Stack>
          {role}
        </Group>
        <Box mt="xs">{change}</Box>
      </Paper>
    );
  }
  return (
    <Table.Tr data-testid="user-row" data-id={user.id}>
      <Table.Td fw={600} style={{ overflowWrap: "anywhere" }}>
        {user.displayName ?? <Text c="dimmed">No name</Text>}
      </Table.Td>
      <Table.Td style={{ overflowWrap: "anywhere" }}>{email}</Table.Td>
      <Table.Td>{role}</Table.Td>
      <Table.Td>{change}</Table.Td>
    </Table.Tr>
  );
}

function Users() {
  const session = useSession();
  const phone = useMediaQuery(PHONE);
  const [size, setSize] = useState(PAGE);
  const users = useUsers({ limit: size });
  const shops = useShops();
  const affiliates = useAffiliates();
  const rows = users.data ?? [];
  const owners = { shops: shops.data ?? [], affiliates: affiliates.data ?? [] };
  const userRow = (user: WithId<UserProfileDocument>) => <UserRow key={user.id} user={user} self={user.id === session?.uid} owners={owners} phone={phone} />;
  return (
    <Panel title="Users" read={users} empty={rows.length === 0 && "No users yet: people appear here when they register or are given a role."}>
      {rows.length > 0 && (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            Latest role change first. A shop owner's role names their shop, an affiliate's the affiliate they are.
          </Text>
          {phone ? (
            <Stack gap="sm" data-testid="users">
              {rows.map(userRow)}
            </Stack>
          ) : (
            <TableScroll label="Users table">
              <Table striped miw={720} verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>E-mail</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Change role</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody data-testid="users">{rows.map(userRow)}</Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </>
      )}
      <LoadMore
        shown={rows.length}
        size={size}
        more={() => {
          setSize(size + PAGE);
        }}
      />
    </Panel>
  );
}

export function Admin({ section }: { section: string }) {
  const title = TITLES[section];
  if (title === undefined) return <Navigate to="/admin/overview" replace />;
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      {section === "overview" && (
        <>
          <StatsStrip scopeId="platform" />
          <Pulse />
        </>
      )}
      {section === "activity" && <Feed />}
      {section === "shops" && <Shops />}
      {section === "affiliates" && <Affiliates />}
      {section === "users" && <Users />}
    </Stack>
  );
}
