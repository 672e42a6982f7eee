// A shop owner's sections: the order board (only the allowed next statuses as buttons, sent with
// the version shown, so a stale page cannot act; `orders/{orderId}` marks one), live visitors,
// customers and loyalty members, payment errors (`payment-errors/{errorId}` marks one), and
// loyalty (program, QR scan, coupons). Another shop's URL shows "not allowed" from the listeners.
import { nextStatuses, statusLabel, type OrderDocument, type Status, type WithId } from "@storepulse/client";
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
import jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";
import { Navigate } from "react-router";
import { LiveBadge } from "../components/LiveBadge";
import { explain, readProblem } from "../problems";

/** A group's names with someone on them now, in order. */
function names(group: Readonly<Record<string, number | undefined>>): string[] {
  return Object.keys(group)
    .filter((name) => (group[name] ?? 0) > 0)
    .sort();
}

const DELIVERY_UPDATABLE = new Set<Status>(["preparing", "out_for_delivery"]);

function DeliveryForm(props: { orderId: string; onProblem: (problem: string) => void }) {
  const sp = useStorepulse();
  const [carrier, setCarrier] = useState("");
  const [minutes, setMinutes] = useState(30);
  const send = () => {
    const eta = new Date(Date.now() + minutes * 60_000).toISOString();
    const fields = carrier ? { carrier, eta } : { eta };
    sp.updateDelivery({ orderId: props.orderId, ...fields }).catch((error: unknown) => {
      props.onProblem(explain(error));
    });
  };
  return (
    <span className="delivery-form">
      <input aria-label="Carrier" placeholder="carrier" value={carrier} onChange={(e) => { setCarrier(e.target.value); }} />
      <input aria-label="ETA in minutes" type="number" min={1} max={600} value={minutes} onChange={(e) => { setMinutes(Number(e.target.value)); }} />
      <button type="button" onClick={send}>Update delivery</button>
    </span>
  );
}

function OrderBoard({ shopId, chosen }: { shopId: string; chosen: string | undefined }) {
  const sp = useStorepulse();
  const board = useOpenOrders(shopId);
  const [problem, setProblem] = useState<string>();
  const act = (order: WithId<OrderDocument>, status: Status) => {
    const done =
      status === "cancelled"
        ? sp.cancelOrder({ orderId: order.id, reason: "Cancelled by the shop", expectedVersion: order.version })
        : sp.updateOrderStatus({ orderId: order.id, status, expectedVersion: order.version });
    done.then(() => { setProblem(undefined); }).catch((error: unknown) => { setProblem(explain(error)); });
  };
  if (board.error) return <p role="alert">{readProblem(board.error)}</p>;
  return (
    <section aria-label="Order board">
      <h2>Open orders <LiveBadge live={board.live} /></h2>
      {problem && <p role="alert">{problem}</p>}
      <table data-testid="order-board">
        <tbody>
          {(board.data ?? []).map((order) => {
            const fulfilment = order.fulfilment.kind;
            return (
              <tr key={order.id} data-order-id={order.id} aria-current={order.id === chosen ? "true" : undefined}>
                <td>{order.customerName}</td>
                <td>{order.statusLabel}</td>
                <td>{fulfilment}</td>
                <td>{(order.totalCents / 100).toFixed(2)} {order.currency}</td>
                <td>
                  {fulfilment === "delivery" && DELIVERY_UPDATABLE.has(order.status) && (
                    <DeliveryForm orderId={order.id} onProblem={setProblem} />
                  )}
                  {nextStatuses(order.status, fulfilment).map((status) => (
                    <button key={status} type="button" onClick={() => { act(order, status); }}>
                      {statusLabel(status)}
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Visitors({ shopId }: { shopId: string }) {
  const visitors = useLiveVisitors(shopId);
  if (visitors.error) return <p role="alert">{readProblem(visitors.error)}</p>;
  const now = visitors.data;
  return (
    <section aria-label="Live visitors">
      <h2>Visitors now <LiveBadge live={visitors.live} /></h2>
      <p>
        <strong data-testid="visitors-now">{now?.total ?? 0}</strong> on the site; in checkout{" "}
        <strong>{now?.checkouts ?? 0}</strong>, paying <strong>{now?.payments ?? 0}</strong>
      </p>
      {(["pageTypes", "categories", "offers"] as const).map((group) => {
        const counts: Readonly<Record<string, number | undefined>> = now?.[group] ?? {};
        return (
          <p key={group}>
            {group}:{" "}
            {names(counts)
              .map((name) => `${name} ${counts[name] ?? 0}`)
              .join(", ") || "none"}
          </p>
        );
      })}
    </section>
  );
}

function People({ shopId }: { shopId: string }) {
  const customers = useShopCustomers(shopId, { limit: 20 });
  const members = useLoyaltyMembers(shopId, { limit: 20 });
  const [outcome, invite] = useInvite(shopId);
  return (
    <>
      <section aria-label="Customers">
        <h2>Customers</h2>
        {customers.error && <p role="alert">{readProblem(customers.error)}</p>}
        <ul data-testid="shop-customers">
          {(customers.data ?? []).map((customer) => (
            <li key={customer.id}>
              {customer.customerName}: {customer.redemptionCount} redemptions{" "}
              <button
                type="button"
                onClick={() => { invite({ customerId: customer.customerId }, customer.customerName); }}
              >
                Invite {customer.customerName} to the loyalty program
              </button>
            </li>
          ))}
        </ul>
        {outcome && <p data-testid="invite-outcome">{outcome}</p>}
      </section>
      <section aria-label="Loyalty members">
        <h2>Loyalty members</h2>
        <ul data-testid="loyalty-members">
          {(members.data ?? []).map((member) => (
            <li key={member.id}>
              {member.customerName}: {member.balance} points
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function PaymentErrors({ shopId, chosen }: { shopId: string; chosen: string | undefined }) {
  const errors = usePaymentErrors(shopId, { limit: 20 });
  return (
    <section aria-label="Payment errors">
      <h2>Payment errors <LiveBadge live={errors.live} /></h2>
      {errors.error && <p role="alert">{readProblem(errors.error)}</p>}
      <ul data-testid="payment-errors">
        {(errors.data ?? []).map((error) => (
          <li key={error.id} data-error-id={error.id} aria-current={error.id === chosen ? "true" : undefined}>
            {error.errorCode}: {error.errorMessage} ({error.customer?.name ?? "visitor"}{" "}
            {error.customer?.phone ?? ""} {error.customer?.email ?? ""})
          </li>
        ))}
      </ul>
    </section>
  );
}

function Program({ shopId }: { shopId: string }) {
  const sp = useStorepulse();
  const [points, setPoints] = useState(10);
  const [saved, setSaved] = useState<string>();
  const coupons = useCoupons(shopId, { limit: 20 });
  const save = () => {
    sp.upsertLoyaltyProgram({ shopId, name: "Rewards", pointsPerScan: points, active: true })
      .then(() => { setSaved(`Saved: ${points} points per scan.`); })
      .catch((error: unknown) => { setSaved(explain(error)); });
  };
  return (
    <section aria-label="Loyalty program and coupons">
      <h2>Loyalty program</h2>
      <label>
        Points per scan{" "}
        <input type="number" min={1} max={1000} value={points} onChange={(e) => { setPoints(Number(e.target.value)); }} />
      </label>
      <button type="button" onClick={save}>Save program</button>
      {saved && <p>{saved}</p>}
      <h2>Coupons</h2>
      <ul data-testid="coupons">
        {(coupons.data ?? []).map((coupon) => (
          <li key={coupon.id}>
            {coupon.code}: {coupon.title}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Read a QR code from the camera where the browser allows it (jsQR on video frames). */
function useCameraScan(active: boolean, onCode: (code: string) => void, onProblem: (problem: string) => void) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!active) return undefined;
    let stream: MediaStream | undefined;
    let frame = 0;
    const canvas = document.createElement("canvas");
    const look = () => {
      const element = video.current;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      if (element && context && element.videoWidth > 0) {
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
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
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
      stream?.getTracks().forEach((track) => { track.stop(); });
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
  const scan = (code: string) => {
    sp.scanQr({ token: code.trim() })
      .then((result) => { setOutcome(`${result.customer.name}: ${result.outcome.replaceAll("_", " ")}`); })
      .catch((error: unknown) => { setOutcome(explain(error)); });
  };
  const video = useCameraScan(
    camera,
    (code) => { setCamera(false); setToken(code); scan(code); },
    (problem) => { setCamera(false); setOutcome(problem); },
  );
  // Undefined outside a secure context (plain http on another host), whatever the types say.
  const hasCamera = "mediaDevices" in navigator && typeof navigator.mediaDevices.getUserMedia === "function";
  return (
    <section aria-label="Scan a QR code">
      <h2>Scan a customer's QR code</h2>
      {hasCamera && (
        <button type="button" onClick={() => { setCamera(!camera); }}>
          {camera ? "Stop the camera" : "Use the camera"}
        </button>
      )}
      {camera && <video ref={video} muted playsInline className="camera" />}
      <label>
        Code (paste when the camera is unavailable){" "}
        <input value={token} onChange={(event) => { setToken(event.target.value); }} />
      </label>
      <button type="button" onClick={() => { scan(token); }}>Scan</button>
      {outcome && <p data-testid="scan-outcome">{outcome}</p>}
    </section>
  );
}

const INVITE_OUTCOMES: Record<string, string> = {
  requested: "asked to join: they answer in their notifications",
  already_pending: "already asked, waiting for their answer",
  already_member: "already a member",
};

/** Manual enrollment: a customer the shop knows (by id, from the customers list) or anyone by e-mail. */
function useInvite(shopId: string): [string | undefined, (who: { customerId: string } | { email: string }, name: string) => void] {
  const sp = useStorepulse();
  const [outcome, setOutcome] = useState<string>();
  const invite = (who: { customerId: string } | { email: string }, name: string) => {
    sp.inviteToProgram({ shopId, ...who })
      .then((result) => {
        setOutcome(
          result.outcome === "sent_if_customer"
            ? `If ${name} has a customer account, they were asked to join.`
            : `${name}: ${INVITE_OUTCOMES[result.outcome] ?? result.outcome}.`,
        );
      })
      .catch((error: unknown) => { setOutcome(explain(error)); });
  };
  return [outcome, invite];
}

function InviteByEmail({ shopId }: { shopId: string }) {
  const [email, setEmail] = useState("");
  const [outcome, invite] = useInvite(shopId);
  return (
    <section aria-label="Invite to the loyalty program">
      <h2>Invite a customer</h2>
      <label>
        E-mail{" "}
        <input type="email" value={email} onChange={(event) => { setEmail(event.target.value); }} />
      </label>{" "}
      <button type="button" onClick={() => { invite({ email: email.trim() }, email.trim()); }}>Invite</button>
      {outcome && <p data-testid="invite-outcome">{outcome}</p>}
    </section>
  );
}

function ShopName({ shopId }: { shopId: string }) {
  const shop = useShop(shopId);
  return (
    <h1 data-testid="shop-page" data-shop-id={shopId}>
      {shop.error ? "Not your shop" : shop.data?.name || "…"}
    </h1>
  );
}

const SECTIONS = new Set(["orders", "visitors", "customers", "payment-errors", "loyalty"]);

export function Shop(props: { shopId: string; section: string; focus: string | undefined }) {
  const { shopId, section, focus } = props;
  return (
    <main className="shop">
      <ShopName shopId={shopId} />
      {section === "orders" && <OrderBoard shopId={shopId} chosen={focus} />}
      {section === "visitors" && <Visitors shopId={shopId} />}
      {section === "customers" && <People shopId={shopId} />}
      {section === "payment-errors" && <PaymentErrors shopId={shopId} chosen={focus} />}
      {section === "loyalty" && (
        <>
          <ScanPanel />
          <InviteByEmail shopId={shopId} />
          <Program shopId={shopId} />
        </>
      )}
      {!SECTIONS.has(section) && <Navigate to={`/shop/${shopId}/orders`} replace />}
    </main>
  );
}
