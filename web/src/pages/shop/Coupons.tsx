// The shop's coupons, live: what each gives, its limit, whether it is active; created and edited in
// a drawer through `upsert_coupon`. The server's refusals are shown beside the field they name.
// An edit sends back what the form does not show (validity, affiliate, commission) as it was, since
// a save replaces the whole coupon.
// Each coupon's usage (redemptions not reversed) comes from the shop's live stats, which count it
// per coupon: one listener for the whole list, moved by the redemption's own write.
import { Alert, Badge, Button, Drawer, Group, NumberInput, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { StorepulseError, type CouponDocument, type Discount, type WithId } from "@storepulse/client";
import { useCoupons, useLiveStats, useStorepulse } from "@storepulse/client/react";
import { useId, useState } from "react";
import { ActionButton } from "../../components/ActionButton";
import { Panel } from "../../components/Panel";
import { When } from "../../components/When";
import { count, money, plural } from "../../format";
import { explain } from "../../problems";

type Coupon = WithId<CouponDocument>;

export function discountText(discount: Discount): string {
  return discount.kind === "percent" ? `${count(discount.value)}% off` : `${money(Math.round(discount.value * 100))} off`;
}

/** What the form holds: numbers as typed ("" for an empty box). */
interface Draft {
  code: string;
  title: string;
  kind: Discount["kind"];
  value: number | string;
  limit: number | string;
  perCustomer: number | string;
  active: boolean;
}

const NEW: Draft = { code: "", title: "", kind: "percent", value: 10, limit: "", perCustomer: 1, active: true };

function draftOf(coupon: Coupon): Draft {
  return {
    code: coupon.code,
    title: coupon.title,
    kind: coupon.discount.kind,
    value: coupon.discount.value,
    limit: coupon.maxRedemptions ?? "",
    perCustomer: coupon.perCustomerLimit,
    active: coupon.active,
  };
}

/** The form's box for each field the server may name (`discount.value` is the value's box). */
type Box = "code" | "title" | "value" | "limit" | "perCustomer";
const BOXES: Record<string, Box> = {
  code: "code",
  title: "title",
  discount: "value",
  "discount.value": "value",
  maxRedemptions: "limit",
  perCustomerLimit: "perCustomer",
};
// The shop owner's words for a field the server refused as malformed (its own words are a schema's);
// a rule of the whole discount (a percent is at most 100) is said in the server's words.
const HINTS: Record<string, string> = {
  code: "3 to 32 letters, digits, - or _, no spaces.",
  title: "Give the coupon a name customers see (up to 200 characters).",
  "discount.value": "A discount above zero.",
  maxRedemptions: "A whole number from 1 to 5,000, or empty for no limit.",
  perCustomerLimit: "A whole number from 1 to 100.",
};

/** "Value error, a percent discount is at most 100" -> "A percent discount is at most 100." */
function sentence(message: string): string {
  const said = message.replace(/^Value error, /, "");
  return `${said.charAt(0).toUpperCase()}${said.slice(1)}${said.endsWith(".") ? "" : "."}`;
}

interface Refusal {
  boxes: Partial<Record<Box, string>>;
  /** What no box shows. */
  message: string | undefined;
}

function refusalOf(error: unknown): Refusal {
  if (!(error instanceof StorepulseError) || error.fields.length === 0) return { boxes: {}, message: explain(error) };
  const boxes: Partial<Record<Box, string>> = {};
  const rest: string[] = [];
  for (const { field, message } of error.fields) {
    const box = BOXES[field];
    if (box === undefined) rest.push(`${field}: ${message}`);
    else boxes[box] = error.code === "invalid-argument" ? (HINTS[field] ?? sentence(message)) : message;
  }
  return { boxes, message: rest.length > 0 ? rest.join(" ") : undefined };
}

function CouponForm(props: { shopId: string; coupon: Coupon | undefined; onClose: () => void }) {
  const sp = useStorepulse();
  const { shopId, coupon } = props;
  const [draft, setDraft] = useState<Draft>(coupon ? draftOf(coupon) : NEW);
  const [refusal, setRefusal] = useState<Refusal>({ boxes: {}, message: undefined });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((now) => ({ ...now, [key]: value }));
  };
  const whole = (value: number | string) => (value === "" ? null : Number(value));
  const save = () =>
    sp
      .upsertCoupon({
        shopId,
        ...(coupon ? { couponId: coupon.id } : {}),
        code: draft.code,
        title: draft.title,
        discount: { kind: draft.kind, value: Number(draft.value) },
        maxRedemptions: whole(draft.limit),
        perCustomerLimit: whole(draft.perCustomer) ?? 1,
        active: draft.active,
        ...(coupon
          ? {
              validFrom: coupon.validFrom?.toISOString() ?? null,
              validUntil: coupon.validUntil?.toISOString() ?? null,
              affiliateId: coupon.affiliateId,
              commissionRate: coupon.commissionRate,
            }
          : {}),
      })
      .catch((error: unknown) => {
        setRefusal(refusalOf(error));
        throw error;
      });
  const { boxes } = refusal;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <Stack>
        <TextInput
          label="Code"
          description="What customers type at checkout, e.g. SPRING10"
          value={draft.code}
          error={boxes.code}
          onChange={(event) => {
            set("code", event.currentTarget.value.toUpperCase());
          }}
          autoCapitalize="characters"
          data-autofocus
        />
        <TextInput
          label="Title"
          description="What the offer is called, e.g. Spring sale"
          value={draft.title}
          error={boxes.title}
          onChange={(event) => {
            set("title", event.currentTarget.value);
          }}
        />
        <div>
          <Text size="sm" fw={500} id="coupon-kind" mb={4}>
            Discount
          </Text>
          <SegmentedControl
            aria-labelledby="coupon-kind"
            value={draft.kind}
            onChange={(value) => {
              set("kind", value === "amount" ? "amount" : "percent");
            }}
            data={[
              { value: "percent", label: "Percent off" },
              { value: "amount", label: "Amount off" },
            ]}
          />
        </div>
        <NumberInput
          label={draft.kind === "percent" ? "Discount (%)" : "Discount (€)"}
          min={0}
          {...(draft.kind === "percent" ? { max: 100 } : {})}
          decimalScale={2}
          value={draft.value}
          error={boxes.value}
          onChange={(value) => {
            set("value", value);
          }}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <NumberInput
            label="Limit (uses in all)"
            description="Empty: no limit"
            min={1}
            allowDecimal={false}
            value={draft.limit}
            error={boxes.limit}
            onChange={(value) => {
              set("limit", value);
            }}
          />
          <NumberInput
            label="Uses per customer"
            min={1}
            allowDecimal={false}
            value={draft.perCustomer}
            error={boxes.perCustomer}
            onChange={(value) => {
              set("perCustomer", value);
            }}
          />
        </SimpleGrid>
        <Switch
          label="Active: customers can use it now"
          checked={draft.active}
          onChange={(event) => {
            set("active", event.currentTarget.checked);
          }}
        />
        {refusal.message !== undefined && (
          <Alert color="red" role="alert">
            {refusal.message}
          </Alert>
        )}
        {Object.keys(boxes).length > 0 && refusal.message === undefined && (
          <Text size="sm" c="red" role="alert">
            The coupon was not saved: see the fields marked above.
          </Text>
        )}
        <Group>
          <ActionButton type="submit" act={save} onDone={props.onClose}>
            {coupon ? "Save changes" : "Create coupon"}
          </ActionButton>
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** How much of the coupon's limit it allows, in words. */
function limitText(coupon: Coupon): string {
  const perCustomer = `${plural(coupon.perCustomerLimit, "use", "uses")} per customer`;
  return coupon.maxRedemptions === null ? `No limit · ${perCustomer}` : `Up to ${plural(coupon.maxRedemptions, "use", "uses")} · ${perCustomer}`;
}

/** "12 of 50 used" beside a bar for a limited coupon, "7 used · no limit" otherwise. */
function Usage({ coupon, used }: { coupon: Coupon; used: number }) {
  const id = useId();
  const limit = coupon.maxRedemptions;
  if (limit === null) {
    return (
      <Text size="sm" mt={4} data-testid="coupon-usage">
        {count(used)} used · no limit
      </Text>
    );
  }
  // A limit lowered below the uses already made leaves more used than allowed: the bar stays full.
  const shown = Math.min(used, limit);
  const words = `${count(used)} of ${count(limit)} used`;
  return (
    <div data-testid="coupon-usage">
      <Text size="sm" mt={4} id={id}>
        {words}
      </Text>
      <Progress.Root size="sm" mt={4}>
        <Progress.Section
          value={(shown / limit) * 100}
          color="teal.8"
          withAria={false}
          role="progressbar"
          aria-labelledby={id}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={shown}
          aria-valuetext={words}
        />
      </Progress.Root>
    </div>
  );
}

export function Coupons({ shopId }: { shopId: string }) {
  const coupons = useCoupons(shopId, { limit: 50 });
  // Absent until the stats are read (or if they cannot be): no figure rather than a wrong 0.
  const usage = useLiveStats(`shop_${shopId}`).data?.redemptionsByCoupon;
  const rows = coupons.data ?? [];
  // The form's coupon (undefined: a new one) stays while the drawer closes, so its title does not
  // change as it slides away; each opening is a fresh form (`round`).
  const [form, setForm] = useState<{ coupon: Coupon | undefined; round: number }>({ coupon: undefined, round: 0 });
  const [opened, setOpened] = useState(false);
  const open = (coupon: Coupon | undefined) => {
    setForm((now) => ({ coupon, round: now.round + 1 }));
    setOpened(true);
  };
  const close = () => {
    setOpened(false);
  };
  return (
    <Panel
      title="Coupons"
      read={coupons}
      empty={rows.length === 0 && "No coupons yet: create one and customers can redeem it at checkout or at the till."}
      actions={
        <Button
          onClick={() => {
            open(undefined);
          }}
        >
          New coupon
        </Button>
      }
    >
      {rows.length > 0 && (
        <SimpleGrid component="ul" cols={{ base: 1, sm: 2, lg: 3 }} p={0} m={0} style={{ listStyle: "none" }} data-testid="coupons">
          {rows.map((coupon) => (
            <Paper component="li" key={coupon.id} p="md" withBorder data-coupon-id={coupon.id}>
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={700} truncate>
                    {coupon.title}
                  </Text>
                  <Text size="sm">
                    <Badge variant="outline" tt="none" component="span">
                      {coupon.code}
                    </Badge>{" "}
                    {discountText(coupon.discount)}
                  </Text>
                </div>
                <Badge color={coupon.active ? "teal" : "gray"} variant="light" tt="none">
                  {coupon.active ? "Active" : "Inactive"}
                </Badge>
              </Group>
              <Text size="sm" mt="xs" data-testid="coupon-limit">
                {limitText(coupon)}
              </Text>
              {usage !== undefined && <Usage coupon={coupon} used={usage[coupon.id] ?? 0} />}
              <Group justify="space-between" mt="xs" gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed">
                  {coupon.validUntil ? (
                    <>
                      valid until <When date={coupon.validUntil} />
                    </>
                  ) : (
                    <>
                      saved <When date={coupon.updatedAt} />
                    </>
                  )}
                </Text>
                <Button
                  size="compact-sm"
                  variant="light"
                  aria-label={`Edit ${coupon.code}`}
                  onClick={() => {
                    open(coupon);
                  }}
                >
                  Edit
                </Button>
              </Group>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      <Drawer
        opened={opened}
        onClose={close}
        position="right"
        title={form.coupon ? `Edit ${form.coupon.code}` : "New coupon"}
        closeButtonProps={{ "aria-label": "Close" }}
      >
        <CouponForm key={form.round} shopId={shopId} coupon={form.coupon} onClose={close} />
      </Drawer>
    </Panel>
  );
}
