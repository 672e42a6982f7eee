// A customer's sections: orders with progress and timeline (`/customer/orders/{orderId}` opens
// one), loyalty cards and the QR code, redemptions. Everything live, through listeners. An
// order's timeline is listened to only while chosen: each listener is a billed read per change,
// so one action costs the open page at most two (docs/web.md).
import {
  QR_REFRESH_MS,
  useLoyaltyCards,
  useOrder,
  useOrders,
  useProfile,
  useQrToken,
  useRedemptions,
} from "@storepulse/client/react";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { LiveBadge } from "../components/LiveBadge";
import { explain, readProblem } from "../problems";

const SECTIONS = new Set(["orders", "cards", "redemptions"]);

function Orders({ uid, chosen }: { uid: string; chosen: string | undefined }) {
  const orders = useOrders(uid, { limit: 20 });
  const navigate = useNavigate();
  // The order in the URL is followed with its timeline, listed or not (a notification may lead to
  // an older one); with none chosen, the newest is shown without its timeline.
  const orderId = chosen;
  const followed = useOrder(orderId);
  const current = orderId === undefined ? orders.data?.[0] : (followed.data ?? orders.data?.find((order) => order.id === orderId));
  if (orders.error) return <p role="alert">{readProblem(orders.error)}</p>;
  const delivery = current?.delivery;
  return (
    <section aria-label="My orders">
      <h2>My orders <LiveBadge live={orders.live} /></h2>
      <ul>
        {(orders.data ?? []).map((order) => (
          <li key={order.id}>
            <button
              type="button"
              aria-current={order.id === chosen ? "true" : undefined}
              onClick={() => { void navigate(`/customer/orders/${order.id}`); }}
            >
              {order.shopName}: {order.statusLabel}
            </button>
          </li>
        ))}
      </ul>
      {orderId !== undefined && followed.data === null && <p role="alert">No such order.</p>}
      {current && (
        <article data-testid="order" data-order-id={current.id}>
          <h3>
            {current.shopName}: <span data-testid="order-status">{current.statusLabel}</span>
          </h3>
          {current.progress === null ? (
            <p>Cancelled{current.cancelReason ? `: ${current.cancelReason}` : ""}</p>
          ) : (
            <progress data-testid="order-progress" max={100} value={current.progress} />
          )}
          {delivery?.eta && (
            <p data-testid="order-eta">
              Arriving around {delivery.eta.toLocaleTimeString()}
              {delivery.carrier ? ` with ${delivery.carrier}` : ""}
            </p>
          )}
          {orderId ? (
            <ol data-testid="order-timeline">
              {(followed.data?.timeline ?? []).map((entry) => (
                <li key={entry.id}>
                  {entry.at.toLocaleTimeString()} {entry.label}
                  {entry.note ? ` (${entry.note})` : ""}
                </li>
              ))}
            </ol>
          ) : (
            <p>Choose the order above to follow its timeline.</p>
          )}
        </article>
      )}
    </section>
  );
}

function QrCode() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { token, expiresAt, error } = useQrToken();
  const [issuedAt, setIssuedAt] = useState<number>();
  const [now, setNow] = useState(() => Date.now());
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (token === undefined || !canvas.current) return;
    QRCode.toCanvas(canvas.current, token, { width: 180 })
      .then(() => {
        setIssuedAt(Date.now());
      })
      .catch((drawing: unknown) => {
        setProblem(explain(drawing));
      });
  }, [token]);
  useEffect(() => {
    const tick = window.setInterval(() => { setNow(Date.now()); }, 1000);
    return () => {
      window.clearInterval(tick);
    };
  }, []);
  const shownProblem = error ? explain(error) : problem;
  return (
    <section aria-label="My QR code">
      <h2>My QR code</h2>
      <canvas ref={canvas} data-testid="qr" />
      {expiresAt !== undefined && issuedAt !== undefined && (
        <p data-testid="qr-countdown">
          New code in {Math.max(0, Math.round((issuedAt + QR_REFRESH_MS - now) / 1000))} s (this one is valid for{" "}
          {Math.max(0, Math.round((expiresAt.getTime() - now) / 1000))} s)
        </p>
      )}
      {shownProblem && <p role="alert">{shownProblem}</p>}
    </section>
  );
}

function Cards({ uid, chosen }: { uid: string; chosen: string | undefined }) {
  const cards = useLoyaltyCards(uid);
  const profile = useProfile(uid);
  return (
      <section aria-label="My cards">
        <h2>
          My cards <span className="chip" data-testid="my-tier">{profile.data?.tier || "bronze"}</span>
        </h2>
        {cards.error && <p role="alert">{readProblem(cards.error)}</p>}
        <ul data-testid="cards">
          {(cards.data ?? []).map((card) => (
            <li key={card.id} aria-current={card.id === chosen ? "true" : undefined}>
              {card.shopName}: {card.status}, balance {card.balance}
            </li>
          ))}
        </ul>
      </section>
  );
}

function Redemptions({ uid, chosen }: { uid: string; chosen: string | undefined }) {
  const redemptions = useRedemptions(uid, { limit: 20 });
  return (
      <section aria-label="My redemptions">
        <h2>My redemptions</h2>
        <ul data-testid="redemptions">
          {(redemptions.data ?? []).map((redemption) => (
            <li key={redemption.id} aria-current={redemption.id === chosen ? "true" : undefined}>
              {redemption.couponCode} at {redemption.shopName} {redemption.redeemedAt.toLocaleTimeString()}
            </li>
          ))}
        </ul>
      </section>
  );
}

export function Customer(props: { uid: string; section: string; focus: string | undefined }) {
  const { uid, section, focus } = props;
  return (
    <main className="customer">
      {section === "orders" && <Orders uid={uid} chosen={focus} />}
      {section === "cards" && (
        <>
          <Cards uid={uid} chosen={focus} />
          <QrCode />
        </>
      )}
      {section === "redemptions" && <Redemptions uid={uid} chosen={focus} />}
      {!SECTIONS.has(section) && <Navigate to="/customer/orders" replace />}
    </main>
  );
}
