// A shop owner's sections: the order board (only the allowed next statuses as buttons, sent with
// the version shown, so a stale page cannot act; a button is pending until its call returns, so a
// double click moves an order once; `orders/{orderId}` marks one; the delivery form in a drawer),
// live visitors, customers and loyalty members, payment errors (`payment-errors/{errorId}` marks
// one), and loyalty (the QR scan with its outcome in a dialog, invitations, the program, coupons).
// Another shop's URL shows "not allowed" from the listeners.
import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Modal,
  NumberInput,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { nextStatuses, statusLabel, type Discount, type OrderDocument, type Status, type WithId } from "@storepulse/client";
import {
  useCoupons,
  useLiveVisitors,
  useLoyaltyMembers,
  useOpenOrders,
  usePaymentErrors,
  useShop,
  useShopCustomers,
  useStorepulse,
} from "@storepulse/client/react";
import { useMediaQuery } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";
import { Navigate } from "react-router";
import { ActionButton } from "../components/ActionButton";
import { Metric } from "../components/Metric";
import { Panel } from "../components/Panel";
import { TableScroll } from "../components/TableScroll";
import { When } from "../components/When";
import { count, money, plural } from "../format";
import { explain, readProblem } from "../problems";
import { statusColor } from "../statuses";
import { Insights } from "./shop/Insights";
import { Overview } from "./shop/Overview";

const DELIVERY_UPDATABLE = new Set<Status>(["preparing", "out_for_delivery"]);
const STATUS_ORDER: readonly Status[] = ["placed", "confirmed", "preparing", "ready_for_pickup", "out_for_delivery"];

function DeliveryDrawer(props: { order: WithId<OrderDocument> | undefined; onClose: () => void }) {
  const sp = useStorepulse();
  const { order } = props;
  const [carrier, setCarrier] = useState("");
  const [minutes, setMinutes] = useState<number | string>(30);
  const [problem, setProblem] = useState<string>();
  const send = () => {
    const eta = new Date(Date.now() + Number(minutes) * 60_000).toISOString();
    const fields = carrier ? { carrier, eta } : { eta };
    return sp.updateDelivery({ orderId: order?.id ?? "", ...fields });
  };
  return (
    <Drawer opened={order !== undefined} onClose={props.onClose} position="right" title={`Delivery for ${order?.customerName ?? ""}`} closeButtonProps={{ "aria-label": "Close" }}>
      <Stack>
        <TextInput
          label="Carrier"
          placeholder="e.g. DHL"
          value={carrier}
          onChange={(e) => {
            setCarrier(e.currentTarget.value);
          }}
        />
        <NumberInput label="ETA in minutes" min={1} max={600} value={minutes} onChange={setMinutes} />
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <ActionButton act={send} onDone={props.onClose} onProblem={setProblem}>
          Update delivery
        </ActionButton>
      </Stack>
    </Drawer>
  );
}

function OrderWho({ order }: { order: WithId<OrderDocument> }) {
  return (
    <div>
      <Text fw={600} size="sm">
        {order.customerName}
      </Text>
      <Text size="xs" c="dimmed">
        {plural(order.items.reduce((sum, item) => sum + item.qty, 0), "item", "items")} ·{" "}
        {order.fulfilment.kind === "delivery" ? "delivery" : "pickup"}
      </Text>
    </div>
  );
}

function StatusBadge({ order }: { order: WithId<OrderDocument> }) {
  return (
    <Badge color={statusColor(order.status)} variant="light" tt="none">
      {order.statusLabel}
    </Badge>
  );
}

function OrderBoard({ shopId, chosen }: { shopId: string; chosen: string | undefined }) {
  const sp = useStorepulse();
  const board = useOpenOrders(shopId);
  const [problem, setProblem] = useState<string>();
  const [delivering, setDelivering] = useState<string>();
  const act = (order: WithId<OrderDocument>, status: Status) =>
    status === "cancelled"
      ? sp.cancelOrder({ orderId: order.id, reason: "Cancelled by the shop", expectedVersion: order.version })
      : sp.updateOrderStatus({ orderId: order.id, status, expectedVersion: order.version });
  const phone = useMediaQuery("(max-width: 47.99em)");
  // Called as a function, not rendered as a component: a component made in render would remount
  // (and forget a pending button) on every render.
  const orderActions = (order: WithId<OrderDocument>) => {
    const fulfilment = order.fulfilment.kind;
    return (
      <Group gap="xs" wrap="wrap">
        {nextStatuses(order.status, fulfilment).map((status) => (
          <ActionButton
            key={`${order.id}-${String(order.version)}-${status}`}
            size="compact-sm"
            variant={status === "cancelled" ? "subtle" : "filled"}
            color={status === "cancelled" ? "red" : "indigo"}
            act={() => act(order, status)}
            onDone={() => {
              setProblem(undefined);
            }}
            onProblem={setProblem}
          >
            {status === "cancelled" ? "Cancel order" : statusLabel(status)}
          </ActionButton>
        ))}
        {fulfilment === "delivery" && DELIVERY_UPDATABLE.has(order.status) && (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => {
              setDelivering(order.id);
            }}
          >
            Delivery details
          </Button>
        )}
      </Group>
    );
  };
  const orders = [...(board.data ?? [])].sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.placedAt.getTime() - b.placedAt.getTime(),
  );
  if (board.error) {
    return <Panel title="Open orders" label="Order board" problem={readProblem(board.error)} />;
  }
  return (
    <Panel
      title={`Open orders${board.data ? ` (${count(orders.length)})` : ""}`}
      label="Order board"
      live={board.live}
      problem={problem}
      loading={board.data === undefined}
      empty={orders.length === 0 && "No open orders right now: new orders appear here the moment they are placed."}
    >
      {phone ? (
        // At phone width each order is a card with its actions under it (no sideways scroll).
        <Stack data-testid="order-board" gap="sm">
          {orders.map((order) => (
            <Paper key={order.id} p="sm" data-order-id={order.id} aria-current={order.id === chosen ? "true" : undefined}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <OrderWho order={order} />
                <Text fw={700}>{money(order.totalCents, order.currency)}</Text>
              </Group>
              <Group gap="xs" my="xs">
                <StatusBadge order={order} />
                <Text size="xs" c="dimmed">
                  placed <When date={order.placedAt} />
                </Text>
              </Group>
              {orderActions(order)}
            </Paper>
          ))}
        </Stack>
      ) : (
        <TableScroll label="Open orders table">
          <Table data-testid="order-board" verticalSpacing="sm" miw={760} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Total</Table.Th>
                <Table.Th>Placed</Table.Th>
                <Table.Th>Next step</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {orders.map((order) => (
                <Table.Tr key={order.id} data-order-id={order.id} aria-current={order.id === chosen ? "true" : undefined}>
                  <Table.Td>
                    <OrderWho order={order} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge order={order} />
                  </Table.Td>
                  <Table.Td>{money(order.totalCents, order.currency)}</Table.Td>
                  <Table.Td>
                    <When date={order.placedAt} />
                  </Table.Td>
                  <Table.Td>
                    {orderActions(order)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      <DeliveryDrawer
        order={orders.find((order) => order.id === delivering)}
        onClose={() => {
          setDelivering(undefined);
        }}
      />
    </Panel>
  );
}

const PAGE_TYPES: Record<string, string> = {
  homepage: "Home page",
  category: "Category pages",
  product: "Product pages",
  offer: "Offers",
  cart: "Cart",
  checkout: "Checkout",
  search: "Search",
};

function Breakdown({ title, counts, names, empty }: { title: string; counts: Readonly<Record<string, number | undefined>>; names?: Record<string, string>; empty: string }) {
  const rows = Object.entries(counts)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1]);
  const most = rows[0]?.[1] ?? 1;
  return (
    <Panel title={title} empty={rows.length === 0 && empty}>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
        {rows.map(([name, value]) => (
          <li key={name}>
            <Group justify="space-between" gap="xs">
              <Text size="sm">{names?.[name] ?? name}</Text>
              <Text size="sm" fw={700}>
                {count(value)}
              </Text>
            </Group>
            <Progress value={(value / most) * 100} size="sm" aria-label={`${names?.[name] ?? name}: ${plural(value, "visitor", "visitors")}`} />
          </li>
        ))}
      </Stack>
    </Panel>
  );
}

function Visitors({ shopId }: { shopId: string }) {
  const visitors = useLiveVisitors(shopId);
  const now = visitors.data;
  return (
    <Stack>
      <Panel
        title="Visitors now"
        label="Live visitors"
        live={visitors.live}
        problem={visitors.error ? readProblem(visitors.error) : undefined}
        loading={now === undefined && !visitors.error}
      >
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Metric label="On the site" value={now?.total ?? 0} testId="visitors-now" />
          <Metric label="In checkout" value={now?.checkouts ?? 0} />
          <Metric label="Paying" value={now?.payments ?? 0} />
        </SimpleGrid>
      </Panel>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Breakdown title="By page" counts={now?.pageTypes ?? {}} names={PAGE_TYPES} empty="Nobody is browsing right now." />
        <Breakdown title="By category" counts={now?.categories ?? {}} empty="Nobody is on a category page." />
        <Breakdown title="By offer" counts={now?.offers ?? {}} empty="Nobody is looking at an offer." />
      </SimpleGrid>
    </Stack>
  );
}

/** Rows whose text contains the search (any case). */
function matching<T>(rows: readonly T[], search: string, text: (row: T) => string): T[] {
  const wanted = search.trim().toLowerCase();
  return wanted ? rows.filter((row) => text(row).toLowerCase().includes(wanted)) : [...rows];
}

function People({ shopId }: { shopId: string }) {
  const customers = useShopCustomers(shopId, { limit: 50 });
  const members = useLoyaltyMembers(shopId, { limit: 50 });
  const [outcome, invite] = useInvite(shopId);
  const [search, setSearch] = useState("");
  const customerRows = matching(customers.data ?? [], search, (c) => `${c.customerName} ${c.email ?? ""} ${c.phone ?? ""}`);
  const memberRows = matching(members.data ?? [], search, (m) => m.customerName).sort((a, b) => b.balance - a.balance);
  return (
    <Stack>
      <TextInput
        label="Search customers"
        placeholder="Name, e-mail or phone"
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
        }}
        maw={360}
      />
      <Panel
        title="Customers"
        read={customers}
        empty={customerRows.length === 0 && "No customers yet: a customer appears here after their first redemption."}
      >
        {outcome && (
          <Alert color="indigo" mb="sm" data-testid="invite-outcome">
            {outcome}
          </Alert>
        )}
        {customerRows.length > 0 && (
          <TableScroll label="Customers table">
            <Table striped miw={640}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Contact</Table.Th>
                  <Table.Th>Redemptions</Table.Th>
                  <Table.Th>Last visit</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="shop-customers">
                {customerRows.map((customer) => (
                  <Table.Tr key={customer.id}>
                    <Table.Td fw={600}>{customer.customerName}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{customer.email ?? ""}</Text>
                      <Text size="xs" c="dimmed">
                        {customer.phone ?? ""}
                      </Text>
                    </Table.Td>
                    <Table.Td>{plural(customer.redemptionCount, "redemption", "redemptions")}</Table.Td>
                    <Table.Td>
                      <When date={customer.lastRedemptionAt} />
                    </Table.Td>
                    <Table.Td>
                      <ActionButton
                        size="compact-sm"
                        variant="light"
                        aria-label={`Invite ${customer.customerName} to the loyalty program`}
                        act={() => invite({ customerId: customer.customerId }, customer.customerName)}
                      >
                        Invite
                      </ActionButton>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Panel>
      <Panel
        title="Loyalty members"
        read={members}
        empty={memberRows.length === 0 && "No members yet: scan a customer's QR code or invite them to join."}
      >
        {memberRows.length > 0 && (
          <TableScroll label="Loyalty members table">
            <Table striped miw={420}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Member</Table.Th>
                  <Table.Th>Points</Table.Th>
                  <Table.Th>Last activity</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="loyalty-members">
                {memberRows.map((member) => (
                  <Table.Tr key={member.id}>
                    <Table.Td fw={600}>{member.customerName}</Table.Td>
                    <Table.Td>{plural(member.balance, "point", "points")}</Table.Td>
                    <Table.Td>
                      <When date={member.lastActivityAt} />
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

function PaymentErrors({ shopId, chosen }: { shopId: string; chosen: string | undefined }) {
  const errors = usePaymentErrors(shopId, { limit: 20 });
  const rows = errors.data ?? [];
  return (
    <Panel
      title="Payment errors"
      read={errors}
      empty={rows.length === 0 && "No failed payments: when a customer's payment fails, it appears here with their contact."}
    >
      {rows.length > 0 && (
        <TableScroll label="Payment errors table">
          <Table miw={760} verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody data-testid="payment-errors">
              {rows.map((error) => (
                <Table.Tr key={error.id} data-error-id={error.id} aria-current={error.id === chosen ? "true" : undefined}>
                  <Table.Td>
                    <When date={error.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {error.customer?.name ?? "A visitor"}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[error.customer?.phone, error.customer?.email].filter(Boolean).join(" · ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {money(error.amountCents, error.currency)}
                    <Text size="xs" c="dimmed">
                      by {error.method}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color="red" variant="light" tt="none">
                      {error.errorCode}
                    </Badge>
                    <Text size="sm">{error.errorMessage}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Panel>
  );
}

function discountText(discount: Discount): string {
  return discount.kind === "percent" ? `${String(discount.value)}% off` : `${money(Math.round(discount.value * 100))} off`;
}

function Program({ shopId }: { shopId: string }) {
  const sp = useStorepulse();
  const [points, setPoints] = useState<number | string>(10);
  const [saved, setSaved] = useState<string>();
  const coupons = useCoupons(shopId, { limit: 20 });
  const rows = coupons.data ?? [];
  const save = () => sp.upsertLoyaltyProgram({ shopId, name: "Rewards", pointsPerScan: Number(points), active: true });
  return (
    <>
      <Panel title="Loyalty program" label="Loyalty program and coupons">
        <Group align="flex-end">
          <NumberInput label="Points per scan" min={1} max={1000} value={points} onChange={setPoints} w={160} />
          <ActionButton
            act={save}
            onDone={() => {
              setSaved(`Saved: ${plural(Number(points), "point", "points")} per scan.`);
            }}
            onProblem={setSaved}
          >
            Save program
          </ActionButton>
        </Group>
        {saved && (
          <Text size="sm" mt="sm">
            {saved}
          </Text>
        )}
      </Panel>
      <Panel
        title="Coupons"
        read={coupons}
        empty={rows.length === 0 && "No coupons yet."}
      >
        {rows.length > 0 && (
          <TableScroll label="Coupons table">
            <Table striped miw={520}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Offer</Table.Th>
                  <Table.Th>Limit</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="coupons">
                {rows.map((coupon) => (
                  <Table.Tr key={coupon.id}>
                    <Table.Td>
                      <Badge variant="outline">{coupon.code}</Badge>
                    </Table.Td>
                    <Table.Td>
                      {coupon.title}
                      <Text size="xs" c="dimmed">
                        {discountText(coupon.discount)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {coupon.maxRedemptions === null ? "No limit" : plural(coupon.maxRedemptions, "use", "uses")}
                      <Text size="xs" c="dimmed">
                        {plural(coupon.perCustomerLimit, "use", "uses")} per customer
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={coupon.active ? "teal" : "gray"} variant="light">
                        {coupon.active ? "active" : "paused"}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Panel>
    </>
  );
}

/** Read a QR code from the camera where the browser allows it (jsQR on video frames, loaded only
 * when the camera is turned on: 45 KB gzipped that the paste box does not need). */
function useCameraScan(active: boolean, onCode: (code: string) => void, onProblem: (problem: string) => void) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!active) return undefined;
    let stream: MediaStream | undefined;
    let frame = 0;
    let jsQR: typeof import("jsqr").default | undefined;
    const canvas = document.createElement("canvas");
    const look = () => {
      const element = video.current;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      if (jsQR && element && context && element.videoWidth > 0) {
        canvas.width = element.videoWidth;
        canvas.height = element.videoHeight;
        context.drawImage(element, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = jsQR(image.data, image.width, image.height);
        if (found) {
          onCode(found.data);
          return;
        }
      }
      frame = requestAnimationFrame(look);
    };
    import("jsqr")
      .then((loaded) => {
        jsQR = loaded.default;
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      })
      .then(async (opened) => {
        stream = opened;
        if (video.current) {
          video.current.srcObject = opened;
          await video.current.play();
        }
        frame = requestAnimationFrame(look);
      })
      .catch(() => {
        onProblem("The camera is not available here: paste the code instead.");
      });
    return () => {
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => {
        track.stop();
      });
    };
    // The callbacks are stable for the panel's lifetime; the camera follows `active` only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);
  return video;
}

function ScanPanel() {
  const sp = useStorepulse();
  const [token, setToken] = useState("");
  const [outcome, setOutcome] = useState<string>();
  const [camera, setCamera] = useState(false);
  const scan = (code: string) =>
    sp.scanQr({ token: code.trim() }).then((result) => {
      setOutcome(`${result.customer.name}: ${result.outcome.replaceAll("_", " ")}`);
    });
  const video = useCameraScan(
    camera,
    (code) => {
      setCamera(false);
      setToken(code);
      scan(code).catch((error: unknown) => {
        setOutcome(explain(error));
      });
    },
    (problem) => {
      setCamera(false);
      setOutcome(problem);
    },
  );
  // Undefined outside a secure context (plain http on another host), whatever the types say.
  const hasCamera = "mediaDevices" in navigator && typeof navigator.mediaDevices.getUserMedia === "function";
  return (
    <Panel title="Scan a customer's QR code" label="Scan a QR code">
      <Stack>
        {hasCamera && (
          <Button
            variant="light"
            onClick={() => {
              setCamera(!camera);
            }}
            w="fit-content"
          >
            {camera ? "Stop the camera" : "Use the camera"}
          </Button>
        )}
        {camera && <video ref={video} muted playsInline className="camera" />}
        <Group align="flex-end">
          <TextInput
            label="Code (paste when the camera is unavailable)"
            value={token}
            onChange={(event) => {
              setToken(event.currentTarget.value);
            }}
            style={{ flex: 1, minWidth: 200 }}
          />
          <ActionButton act={() => scan(token)} onProblem={setOutcome}>
            Scan
          </ActionButton>
        </Group>
        <Modal
          opened={outcome !== undefined}
          onClose={() => {
            setOutcome(undefined);
          }}
          title="Scan result"
          centered
          closeButtonProps={{ "aria-label": "Close" }}
        >
          <Text data-testid="scan-outcome">{outcome}</Text>
        </Modal>
      </Stack>
    </Panel>
  );
}

const INVITE_OUTCOMES: Record<string, string> = {
  requested: "asked to join: they answer in their notifications",
  already_pending: "already asked, waiting for their answer",
  already_member: "already a member",
};

/** Manual enrollment: a customer the shop knows (by id, from the customers list) or anyone by e-mail. */
function useInvite(shopId: string): [string | undefined, (who: { customerId: string } | { email: string }, name: string) => Promise<unknown>] {
  const sp = useStorepulse();
  const [outcome, setOutcome] = useState<string>();
  const invite = (who: { customerId: string } | { email: string }, name: string) =>
    sp
      .inviteToProgram({ shopId, ...who })
      .then((result) => {
        setOutcome(
          result.outcome === "sent_if_customer"
            ? `If ${name} has a customer account, they were asked to join.`
            : `${name}: ${INVITE_OUTCOMES[result.outcome] ?? result.outcome}.`,
        );
      })
      .catch((error: unknown) => {
        setOutcome(explain(error));
      });
  return [outcome, invite];
}

function InviteByEmail({ shopId }: { shopId: string }) {
  const [email, setEmail] = useState("");
  const [outcome, invite] = useInvite(shopId);
  return (
    <Panel title="Invite a customer" label="Invite to the loyalty program">
      <Group align="flex-end">
        <TextInput
          label="E-mail"
          type="email"
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
          }}
          style={{ flex: 1, minWidth: 200 }}
        />
        <ActionButton act={() => invite({ email: email.trim() }, email.trim())}>Invite</ActionButton>
      </Group>
      {outcome && (
        <Text size="sm" mt="sm" data-testid="invite-outcome">
          {outcome}
        </Text>
      )}
    </Panel>
  );
}

function ShopName({ shopId }: { shopId: string }) {
  const shop = useShop(shopId);
  return (
    <Title order={1} data-testid="shop-page" data-shop-id={shopId}>
      {shop.error ? "Not your shop" : shop.data?.name || "…"}
    </Title>
  );
}

const SECTIONS = new Set(["overview", "orders", "visitors", "insights", "customers", "payment-errors", "loyalty"]);

export function Shop(props: { shopId: string; section: string; focus: string | undefined }) {
  const { shopId, section, focus } = props;
  if (!SECTIONS.has(section)) return <Navigate to={`/shop/${shopId}/overview`} replace />;
  return (
    <Stack>
      <ShopName shopId={shopId} />
      {section === "overview" && <Overview shopId={shopId} />}
      {section === "orders" && <OrderBoard shopId={shopId} chosen={focus} />}
      {section === "visitors" && <Visitors shopId={shopId} />}
      {section === "insights" && <Insights shopId={shopId} />}
      {section === "customers" && <People shopId={shopId} />}
      {section === "payment-errors" && <PaymentErrors shopId={shopId} chosen={focus} />}
      {section === "loyalty" && (
        <>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ScanPanel />
            <InviteByEmail shopId={shopId} />
          </SimpleGrid>
          <Program shopId={shopId} />
        </>
      )}
    </Stack>
  );
}
