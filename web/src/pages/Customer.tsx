// A customer's sections: orders with status badges and the chosen order's stepper, timeline and
// delivery card (`/customer/orders/{orderId}` opens one), loyalty cards (shop, balance, tier) with
// "Show my QR code" in a modal, redemptions. Everything live, through listeners. An order's timeline is listened to
// only while chosen: each listener is a billed read per change, so one action costs the open page
// at most two (docs/web.md).
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Modal, Paper, Progress, SimpleGrid, Stack, Stepper, Table, Text, Title, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { statusLabel, type OrderDocument, type WithId } from "@storepulse/client";
import {
  QR_REFRESH_MS,
  useLoyaltyCards,
  useOrder,
  useOrders,
  useProfile,
  useQrToken,
  useRedemptions,
} from "@storepulse/client/react";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { Panel } from "../components/Panel";
import { TableScroll } from "../components/TableScroll";
import { When } from "../components/When";
import { clock, count, money, plural } from "../format";
import { useNow } from "../hooks";
import { explain } from "../problems";
import { statusColor, stepsOf } from "../statuses";

const SECTIONS = new Set(["orders", "cards", "redemptions"]);
const TITLES: Record<string, string> = { orders: "My orders", cards: "My cards", redemptions: "My redemptions" };

function OrderDetail({ order, followed, onFollow }: { order: WithId<OrderDocument>; followed: boolean; onFollow: () => void }) {
  const steps = stepsOf(order);
  const phone = useMediaQuery("(max-width: 47.99em)");
  const at = steps.indexOf(order.status);
  const delivery = order.delivery;
  return (
    <Card data-testid="order" data-order-id={order.id}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          {order.shopName}: <span data-testid="order-status">{order.statusLabel}</span>
        </Title>
        <Text fw={700}>{money(order.totalCents, order.currency)}</Text>
      </Group>
      {order.progress === null ? (
        <Text c="red">Cancelled{order.cancelReason ? `: ${order.cancelReason}` : ""}</Text>
      ) : (
        <>
          <Progress.Root size="lg" mb="md">
            <Progress.Section value={order.progress} data-testid="order-progress" aria-label="Order progress" color={statusColor(order.status)} />
          </Progress.Root>
          <Stepper
            active={at < 0 ? 0 : at + (at === steps.length - 1 ? 1 : 0)}
            size="xs"
            mb="md"
            orientation={phone ? "vertical" : "horizontal"}
            allowNextStepsSelect={false}
          >
            {steps.map((status) => (
              <Stepper.Step key={status} label={statusLabel(status)} />
            ))}
          </Stepper>
        </>
      )}
      {delivery && (
        <Paper p="sm" mb="md" bg="gray.0" data-testid="delivery">
          <Text fw={600} size="sm">
            Delivery{delivery.carrier ? ` with ${delivery.carrier}` : ""}
          </Text>
          {delivery.eta && (
            <Text size="sm" data-testid="order-eta">
              Arriving around {clock(delivery.eta)}
            </Text>
          )}
          {delivery.lastLocation && <Text size="sm">Last seen: {delivery.lastLocation.label}</Text>}
          {delivery.trackingUrl && (
            <Anchor href={delivery.trackingUrl} target="_blank" rel="noreferrer" size="sm">
              Track the parcel{delivery.trackingNumber ? ` (${delivery.trackingNumber})` : ""}
            </Anchor>
          )}
        </Paper>
      )}
      <Text size="sm" c="dimmed" mb="xs">
        {plural(order.items.reduce((sum, item) => sum + item.qty, 0), "item", "items")}, placed <When date={order.placedAt} />
      </Text>
      {!followed && (
        <Button variant="light" size="xs" onClick={onFollow}>
          Show the timeline
        </Button>
      )}
    </Card>
  );
}

function Orders({ uid, chosen }: { uid: string; chosen: string | undefined }) {
  const orders = useOrders(uid, { limit: 20 });
  const navigate = useNavigate();
  // The order in the URL is followed with its timeline, listed or not (a notification may lead to
  // an older one); with none chosen, the newest is shown without its timeline.
  const followed = useOrder(chosen);
  const list = orders.data ?? [];
  const current = chosen === undefined ? list[0] : (followed.data ?? list.find((order) => order.id === chosen));
  return (
    <Panel
      title="My orders"
      read={orders}
      empty={list.length === 0 && "No orders yet: orders you place in a shop that uses Storepulse appear here."}
    >
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
            {list.map((order) => (
              <li key={order.id}>
                <UnstyledButton
                  w="100%"
                  aria-current={order.id === chosen ? "true" : undefined}
                  onClick={() => {
                    void navigate(`/customer/orders/${order.id}`);
                  }}
                >
                  <Paper p="sm" bg={order.id === current?.id ? "indigo.0" : "white"}>
                    <Group justify="space-between" wrap="nowrap">
                      <Text fw={600} truncate>
                        {order.shopName}
                        {/* The button reads "Corner Bakery: Order placed"; the badge says the status. */}
                        <VisuallyHidden component="span">:</VisuallyHidden>
                      </Text>
                      <Badge color={statusColor(order.status)} variant="light" tt="none">
                        {order.statusLabel}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {money(order.totalCents, order.currency)} · <When date={order.placedAt} />
                    </Text>
                  </Paper>
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {chosen !== undefined && followed.data === null && (
            <Text c="red" role="alert">
              No such order.
            </Text>
          )}
          {current && (
            <Stack>
              <OrderDetail
                order={current}
                followed={chosen !== undefined}
                onFollow={() => {
                  void navigate(`/customer/orders/${current.id}`);
                }}
              />
              {chosen !== undefined && (
                <Card>
                  <Title order={3} size="h5" mb="xs">
                    Timeline
                  </Title>
                  <Stack component="ol" data-testid="order-timeline" gap={6} pl="md" m={0}>
                    {(followed.data?.timeline ?? []).map((entry) => (
                      <Text component="li" key={entry.id} size="sm">
                        <strong>{entry.label}</strong>
                        {entry.note ? ` (${entry.note})` : ""} · <When date={entry.at} />
                      </Text>
                    ))}
                  </Stack>
                </Card>
              )}
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Panel>
  );
}

/** The customer's QR code, shown in a modal: a token is fetched only while it is open. */
function QrCode() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { token, expiresAt, error } = useQrToken();
  const [issuedAt, setIssuedAt] = useState<number>();
  const now = useNow(1000);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (token === undefined || !canvas.current) return;
    QRCode.toCanvas(canvas.current, token, { width: 220 })
      .then(() => {
        setIssuedAt(Date.now());
      })
      .catch((drawing: unknown) => {
        setProblem(explain(drawing));
      });
  }, [token]);
  const shownProblem = error ? explain(error) : problem;
  return (
    <Stack align="center" gap="xs">
      <Text size="sm" c="dimmed" ta="center">
        Show this code at the till to collect points or join the shop&apos;s loyalty program.
      </Text>
      <canvas ref={canvas} data-testid="qr" aria-label="Your QR code" role="img" />
      {expiresAt !== undefined && issuedAt !== undefined && (
        <Text size="sm" data-testid="qr-countdown">
          New code in {Math.max(0, Math.round((issuedAt + QR_REFRESH_MS - now) / 1000))} s (this one is valid for{" "}
          {Math.max(0, Math.round((expiresAt.getTime() - now) / 1000))} s)
        </Text>
      )}
      {shownProblem && (
        <Alert color="red" role="alert">
          {shownProblem}
        </Alert>
      )}
    </Stack>
  );
}

function QrButton() {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button onClick={open}>Show my QR code</Button>
      <Modal opened={opened} onClose={close} title="My QR code" centered closeButtonProps={{ "aria-label": "Close" }}>
        <QrCode />
      </Modal>
    </>
  );
}

const CARD_STATUS: Record<string, string> = { active: "teal", pending: "yellow", invited: "yellow", declined: "gray" };
const CARD_WORDS: Record<string, string> = { active: "Member", pending: "Waiting for your answer", invited: "Invited", declined: "Declined" };

function Cards({ uid, chosen }: { uid: string; chosen: string | undefined }) {
  const cards = useLoyaltyCards(uid);
  const profile = useProfile(uid);
  const list = cards.data ?? [];
  return (
    <Panel
      title="My cards"
      read={cards}
      empty={list.length === 0 && "No loyalty cards yet: a shop asks you to join when it scans your QR code."}
      actions={
        <Group gap="sm" wrap="wrap">
          <Group gap={6} wrap="nowrap">
            <Text size="sm">Your tier</Text>
            <Badge size="lg" color="orange" variant="light" data-testid="my-tier">
              {profile.data?.tier || "bronze"}
            </Badge>
          </Group>
          <QrButton />
        </Group>
      }
    >
      <SimpleGrid component="ul" cols={{ base: 1, sm: 2 }} p={0} m={0} style={{ listStyle: "none" }} data-testid="cards">
        {list.map((card) => (
          <Paper component="li" key={card.id} p="md" aria-current={card.id === chosen ? "true" : undefined} bg={card.id === chosen ? "indigo.0" : "white"}>
            <Group justify="space-between" wrap="nowrap">
              <Text fw={700} truncate>
                {card.shopName}
                <VisuallyHidden component="span">:</VisuallyHidden>
              </Text>
              <Badge color={CARD_STATUS[card.status] ?? "gray"} variant="light">
                {CARD_WORDS[card.status] ?? card.status}
              </Badge>
            </Group>
            <Text fz={24} fw={700}>
              {count(card.balance)} <Text component="span" size="sm" c="dimmed">points</Text>
            </Text>
            <Text size="xs" c="dimmed">
              Last activity <When date={card.lastActivityAt} />
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </Panel>
  );
}

function Redemptions({ uid, chosen }: { uid: string; chosen: string | undefined }) {
  const redemptions = useRedemptions(uid, { limit: 20 });
  // At phone width each redemption is one row of two stacked cells, so nothing scrolls sideways.
  const phone = useMediaQuery("(max-width: 47.99em)");
  const list = redemptions.data ?? [];
  const coupon = (redemption: (typeof list)[number]) => (
    <>
      <Badge variant="outline">{redemption.couponCode}</Badge>
      {redemption.status === "reversed" && (
        <Badge color="orange" variant="light" ml={4}>
          reversed
        </Badge>
      )}
    </>
  );
  return (
    <Panel
      title="My redemptions"
      read={redemptions}
      empty={list.length === 0 && "No redemptions yet: coupons you use at a shop appear here."}
    >
      {list.length > 0 && phone && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Coupon and shop</Table.Th>
              <Table.Th ta="right">Saved</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody data-testid="redemptions">
            {list.map((redemption) => (
              <Table.Tr key={redemption.id} aria-current={redemption.id === chosen ? "true" : undefined}>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <div>{coupon(redemption)}</div>
                    <Text size="sm">{redemption.shopName}</Text>
                  </Stack>
                </Table.Td>
                <Table.Td ta="right">
                  <Stack gap={4} align="flex-end">
                    <Text size="sm" fw={500}>
                      {money(redemption.discountCents)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      <When date={redemption.redeemedAt} />
                    </Text>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.length > 0 && !phone && (
        <TableScroll label="Redemptions table">
          <Table striped miw={420}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Coupon</Table.Th>
                <Table.Th>Shop</Table.Th>
                <Table.Th>Saved</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody data-testid="redemptions">
              {list.map((redemption) => (
                <Table.Tr key={redemption.id} aria-current={redemption.id === chosen ? "true" : undefined}>
                  <Table.Td>{coupon(redemption)}</Table.Td>
                  <Table.Td>{redemption.shopName}</Table.Td>
                  <Table.Td>{money(redemption.discountCents)}</Table.Td>
                  <Table.Td>
                    <When date={redemption.redeemedAt} />
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

export function Customer(props: { uid: string; section: string; focus: string | undefined }) {
  const { uid, section, focus } = props;
  if (!SECTIONS.has(section)) return <Navigate to="/customer/orders" replace />;
  return (
    <Stack>
      <Title order={1}>{TITLES[section]}</Title>
      {section === "orders" && <Orders uid={uid} chosen={focus} />}
      {section === "cards" && <Cards uid={uid} chosen={focus} />}
      {section === "redemptions" && <Redemptions uid={uid} chosen={focus} />}
    </Stack>
  );
}
