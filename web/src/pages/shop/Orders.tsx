// The order board: open orders grouped by status in the order machine's order, each group with its
// count; only the allowed next statuses as buttons, sent with the version shown, so a stale page
// cannot act; a button is pending until its call returns, so a double click moves an order once.
// Choosing an order (`orders/{orderId}`, where notifications lead) opens its detail with its live
// timeline in a drawer; the delivery form is a drawer too. At phone width each order is a card.
import { Alert, Anchor, Badge, Button, Drawer, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { nextStatuses, statusLabel, type OrderDocument, type Status, type WithId } from "@storepulse/client";
import { useOpenOrders, useOrder, useStorepulse } from "@storepulse/client/react";
import { useMediaQuery } from "@mantine/hooks";
import { useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { ActionButton } from "../../components/ActionButton";
import { Panel } from "../../components/Panel";
import { When } from "../../components/When";
import { count, money, plural } from "../../format";
import { statusColor } from "../../statuses";

const DELIVERY_UPDATABLE = new Set<Status>(["preparing", "out_for_delivery"]);

/** The open statuses in the order machine's order, as the shop calls each group. */
const GROUPS: readonly (readonly [Status, string])[] = [
  ["placed", "New"],
  ["confirmed", "Confirmed"],
  ["preparing", "Being prepared"],
  ["ready_for_pickup", "Ready for pickup"],
  ["out_for_delivery", "Out for delivery"],
];

type Order = WithId<OrderDocument>;

function itemCount(order: OrderDocument): number {
  return order.items.reduce((sum, item) => sum + item.qty, 0);
}

function DeliveryDrawer(props: { order: Order | undefined; onClose: () => void }) {
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
    <Drawer
      opened={order !== undefined}
      onClose={props.onClose}
      position="right"
      title={`Delivery for ${order?.customerName ?? ""}`}
      closeButtonProps={{ "aria-label": "Close" }}
    >
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

/** The customer's name, opening the order's detail, and what they ordered. */
function OrderWho({ order, path }: { order: Order; path: string }) {
  return (
    <div>
      <Anchor component={Link} to={path} fw={600} size="sm" aria-label={`${order.customerName}: order details`}>
        {order.customerName}
      </Anchor>
      <Text size="xs" c="dimmed">
        {plural(itemCount(order), "item", "items")} · {order.fulfilment.kind === "delivery" ? "delivery" : "pickup"}
      </Text>
    </div>
  );
}

function OrderDetail(props: { orderId: string; actions: (order: Order) => ReactNode; problem: string | undefined; onClose: () => void }) {
  const order = useOrder(props.orderId);
  const data = order.data;
  const fulfilment = data?.fulfilment;
  return (
    <Drawer
      opened
      onClose={props.onClose}
      position="right"
      size="md"
      title={data ? `Order from ${data.customerName}` : "Order"}
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <Panel title="Order details" read={order} empty={data === null && "No such order: it may belong to another shop, or the link is mistyped."}>
        {data && (
          <Stack gap="sm" data-testid="order-detail">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Badge color={statusColor(data.status)} variant="light" tt="none" data-testid="order-detail-status">
                {data.statusLabel}
              </Badge>
              <Text fw={700}>{money(data.totalCents, data.currency)}</Text>
            </Group>
            <Text size="sm" c="dimmed">
              Placed <When date={data.placedAt} />, {fulfilment?.kind === "delivery" ? "for delivery" : "for pickup"}
            </Text>
            {fulfilment?.kind === "delivery" && (
              <Text size="sm">
                {[fulfilment.address.line1, fulfilment.address.line2, `${fulfilment.address.postalCode} ${fulfilment.address.city}`].filter(Boolean).join(", ")}
                {fulfilment.address.instructions ? ` (${fulfilment.address.instructions})` : ""}
              </Text>
            )}
            <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: "none" }}>
              {data.items.map((item) => (
                <Group component="li" key={item.productId} justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm">
                    {count(item.qty)} × {item.name}
                  </Text>
                  <Text size="sm">{money(item.qty * item.unitPriceCents, data.currency)}</Text>
                </Group>
              ))}
            </Stack>
            {data.cancelReason && (
              <Text size="sm" c="red">
                Cancelled: {data.cancelReason}
              </Text>
            )}
            {props.problem !== undefined && (
              <Alert color="red" role="alert">
                {props.problem}
              </Alert>
            )}
            {props.actions(data)}
            <Title order={3} size="h5" mt="sm">
              Timeline
            </Title>
            <Stack component="ol" data-testid="order-timeline" gap={6} pl="md" m={0}>
              {data.timeline.map((entry) => (
                <Text component="li" key={entry.id} size="sm">
                  <strong>{entry.label}</strong>
                  {entry.note ? ` (${entry.note})` : ""} · <When date={entry.at} />
                </Text>
              ))}
            </Stack>
          </Stack>
        )}
      </Panel>
    </Drawer>
  );
}

export function Orders({ shopId, chosen }: { shopId: string; chosen: string | undefined }) {
  const sp = useStorepulse();
  const navigate = useNavigate();
  const board = useOpenOrders(shopId);
  const [problem, setProblem] = useState<string>();
  const [delivering, setDelivering] = useState<string>();
  const root = `/shop/${shopId}/orders`;
  const act = (order: Order, status: Status) =>
    status === "cancelled"
      ? sp.cancelOrder({ orderId: order.id, reason: "Cancelled by the shop", expectedVersion: order.version })
      : sp.updateOrderStatus({ orderId: order.id, status, expectedVersion: order.version });
  const phone = useMediaQuery("(max-width: 47.99em)");
  // Called as a function, not rendered as a component: a component made in render would remount
  // (and forget a pending button) on every render.
  // The detail drawer leaves out the delivery form's button (a drawer over a drawer).
  const orderActions = (order: Order, withDelivery = true) => {
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
        {withDelivery && fulfilment === "delivery" && DELIVERY_UPDATABLE.has(order.status) && (
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
  const orders = [...(board.data ?? [])].sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
  const groups = GROUPS.map(([status, name]) => ({ status, name, orders: orders.filter((order) => order.status === status) })).filter(
    (group) => group.orders.length > 0,
  );
  const path = (order: Order) => `${root}/${encodeURIComponent(order.id)}`;
  return (
    <Panel
      title={`Open orders${board.data ? ` (${count(orders.length)})` : ""}`}
      label="Order board"
      read={board}
      empty={orders.length === 0 && "No open orders right now: new orders appear here the moment they are placed."}
    >
      {problem !== undefined && (
        <Alert color="red" role="alert" mb="sm">
          {problem}
        </Alert>
      )}
      {orders.length > 0 && (
        <Stack data-testid="order-board" gap="lg">
          {groups.map((group) => (
            <section key={group.status} aria-label={`${group.name}: ${plural(group.orders.length, "order", "orders")}`} data-status={group.status}>
              <Title order={3} size="h5" mb="xs">
                <Badge color={statusColor(group.status)} variant="dot" tt="none" size="lg" component="span">
                  {group.name} · {count(group.orders.length)}
                </Badge>
              </Title>
              {phone ? (
                <Stack gap="sm">
                  {group.orders.map((order) => (
                    <Paper
                      key={order.id}
                      p="sm"
                      withBorder
                      data-order-id={order.id}
                      aria-current={order.id === chosen ? "true" : undefined}
                      bg={order.id === chosen ? "indigo.0" : "white"}
                    >
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <OrderWho order={order} path={path(order)} />
                        <Text fw={700}>{money(order.totalCents, order.currency)}</Text>
                      </Group>
                      <Text size="xs" c="dimmed" my="xs">
                        placed <When date={order.placedAt} />
                      </Text>
                      {orderActions(order)}
                    </Paper>
                  ))}
                </Stack>
              ) : (
                <Table verticalSpacing="sm" highlightOnHover layout="fixed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w="30%">Customer</Table.Th>
                      <Table.Th w="14%">Total</Table.Th>
                      <Table.Th w="16%">Placed</Table.Th>
                      <Table.Th>Next step</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {group.orders.map((order) => (
                      <Table.Tr
                        key={order.id}
                        data-order-id={order.id}
                        aria-current={order.id === chosen ? "true" : undefined}
                        bg={order.id === chosen ? "indigo.0" : "white"}
                      >
                        <Table.Td>
                          <OrderWho order={order} path={path(order)} />
                        </Table.Td>
                        <Table.Td>{money(order.totalCents, order.currency)}</Table.Td>
                        <Table.Td>
                          <When date={order.placedAt} />
                        </Table.Td>
                        <Table.Td>{orderActions(order)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </section>
          ))}
        </Stack>
      )}
      {chosen !== undefined && (
        <OrderDetail
          orderId={chosen}
          actions={(order) => orderActions(order, false)}
          problem={problem}
          onClose={() => {
            void navigate(root);
          }}
        />
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
