// A customer's page: the bell (badge from the counts document), orders with progress and
// timeline, loyalty cards and QR code, redemptions. Everything live, through listeners. The bell's
// list and an order's timeline are listened to only while shown (opened, chosen): each listener
// is a billed read per change, so one action costs the open page at most two (docs/web.md).
import type { Category, NotificationDocument } from "@storepulse/client";
import {
  QR_REFRESH_MS,
  useLoyaltyCards,
  useNotifications,
  useOrder,
  useOrders,
  useProfile,
  useQrToken,
  useRedemptions,
  useStorepulse,
  useUnreadCount,
} from "@storepulse/client/react";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { LiveBadge } from "../components/LiveBadge";
import { explain, readProblem } from "../problems";

const CATEGORIES: readonly Category[] = ["redemption", "loyalty", "enrollment", "points", "order", "delivery", "account"];

/** The category chosen in the select ("" or unknown: every category). */
const categoryOf = (value: string): Category | undefined => CATEGORIES.find((name) => name === value);

type Answer = NonNullable<NotificationDocument["action"]>;

function Bell({ uid }: { uid: string }) {
  const sp = useStorepulse();
  const counts = useUnreadCount(uid);
  const [category, setCategory] = useState<Category>();
  const [open, setOpen] = useState(false);
  const bell = useNotifications(open ? uid : undefined, { category, limit: 20 });
  const [problem, setProblem] = useState<string>();
  const markAllRead = () => {
    bell.markAllRead().catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const markRead = (id: string) => {
    bell.markRead([id]).catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const answer = (action: Answer, yes: boolean) => {
    const done =
      action.kind === "enrollment_request"
        ? sp.respondToEnrollment({ enrollmentId: action.id, accept: yes })
        : sp.respondToPointsRequest({ requestId: action.id, approve: yes });
    done.catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const readError = bell.error ?? counts.error;
  const shownProblem = readError ? readProblem(readError) : problem;
  return (
    <section aria-label="Notifications">
      <h2>
        Notifications <span className="count" data-testid="badge-unread">{counts.data?.unread ?? 0}</span>{" "}
        <LiveBadge live={open ? bell.live : counts.live} />
      </h2>
      <button type="button" aria-expanded={open} onClick={() => { setOpen(!open); }}>
        {open ? "Hide notifications" : "Show notifications"}
      </button>{" "}
      <label>
        Category{" "}
        <select value={category ?? ""} onChange={(event) => { setCategory(categoryOf(event.target.value)); }}>
          <option value="">all</option>
          {CATEGORIES.map((name) => (
            <option key={name} value={name}>
              {name} ({counts.data?.unreadByCategory[name] ?? 0})
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="button" onClick={markAllRead}>
        Mark all read
      </button>
      {shownProblem && <p role="alert">{shownProblem}</p>}
      {open && <ul data-testid="bell">
        {(bell.data ?? []).map((note) => {
          const action = note.action;
          return (
            <li key={note.id} className={note.read ? "read" : "unread"}>
              <strong>{note.title}</strong> {note.body} <small>{note.createdAt.toLocaleTimeString()}</small>
              {!note.read && (
                <button type="button" onClick={() => { markRead(note.id); }}>Mark read</button>
              )}
              {action?.state === "open" && (
                <span>
                  <button type="button" onClick={() => { answer(action, true); }}>Accept</button>
                  <button type="button" onClick={() => { answer(action, false); }}>Decline</button>
                </span>
              )}
            </li>
          );
        })}
      </ul>}
    </section>
  );
}

function Orders({ uid }: { uid: string }) {
  const orders = useOrders(uid, { limit: 20 });
  const [chosen, setChosen] = useState<string>();
  const listed = orders.data?.find((order) => order.id === chosen) ?? orders.data?.[0];
  // The timeline of the order the customer chose (not of the newest one shown by default).
  const orderId = chosen !== undefined && listed?.id === chosen ? chosen : undefined;
  const followed = useOrder(orderId);
  // The chosen order as its own read has it: in step with its timeline.
  const current = (orderId !== undefined ? followed.data : undefined) ?? listed;
  if (orders.error) return <p role="alert">{readProblem(orders.error)}</p>;
  const delivery = current?.delivery;
  return (
    <section aria-label="My orders">
      <h2>My orders <LiveBadge live={orders.live} /></h2>
      <ul>
        {(orders.data ?? []).map((order) => (
          <li key={order.id}>
            <button type="button" onClick={() => { setChosen(order.id); }}>
              {order.shopName}: {order.statusLabel}
            </button>
          </li>
        ))}
      </ul>
      {current && (
        <article data-testid="order">
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

function Cards({ uid }: { uid: string }) {
  const cards = useLoyaltyCards(uid);
  const profile = useProfile(uid);
  const redemptions = useRedemptions(uid, { limit: 20 });
  return (
    <>
      <section aria-label="My cards">
        <h2>
          My cards <span className="chip" data-testid="my-tier">{profile.data?.tier || "bronze"}</span>
        </h2>
        {cards.error && <p role="alert">{readProblem(cards.error)}</p>}
        <ul data-testid="cards">
          {(cards.data ?? []).map((card) => (
            <li key={card.id}>
              {card.shopName}: {card.status}, balance {card.balance}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="My redemptions">
        <h2>My redemptions</h2>
        <ul data-testid="redemptions">
          {(redemptions.data ?? []).map((redemption) => (
            <li key={redemption.id}>
              {redemption.couponCode} at {redemption.shopName} {redemption.redeemedAt.toLocaleTimeString()}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function Customer({ uid }: { uid: string }) {
  return (
    <main className="customer">
      <Bell uid={uid} />
      <Orders uid={uid} />
      <Cards uid={uid} />
      <QrCode />
    </main>
  );
}
