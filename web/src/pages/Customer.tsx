// A customer's page: the bell (badge from the counts document), orders with progress and
// timeline, loyalty cards and QR code, redemptions. Everything live, through listeners. The bell's
// list and an order's timeline are listened to only while shown (opened, chosen): each listener
// is a billed read per change, so one action costs the open page at most two (docs/web.md).
import type { User } from "firebase/auth";
import { doc, type Timestamp } from "firebase/firestore";
import QRCode from "qrcode";
import { useEffect, useMemo, useRef, useState } from "react";
import { ask, call, explain } from "../calls";
import { LiveBadge } from "../components/LiveBadge";
import type { Services } from "../firebase";
import { useDocument, useQuery } from "../live";
import { count, row as fields, text, time } from "../fields";
import { build } from "../queries";

type Fields = Record<string, unknown>;
const CATEGORIES = ["", "redemption", "loyalty", "enrollment", "points", "order", "delivery", "account"];

function Bell({ services, uid }: { services: Services; uid: string }) {
  const countsRef = useMemo(() => doc(services.db, "notificationCounts", uid), [services.db, uid]);
  const counts = useDocument(countsRef, (snap) => snap.data() ?? {});
  const [category, setCategory] = useState("");
  const [open, setOpen] = useState(false);
  const bell = useQuery(
    !open
      ? undefined
      : category
        ? build(services.db, "BELL_BY_CATEGORY", { recipientUid: uid, category }, 20)
        : build(services.db, "BELL", { recipientUid: uid }, 20),
    `bell:${uid}:${category}:${String(open)}`,
    fields,
  );
  const [problem, setProblem] = useState<string>();
  const markAllRead = () => {
    const scope = category ? { category } : {};
    call(services.functions, "mark_notifications", { all: true, state: "read", ...scope }).catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const markRead = (id: string) => {
    call(services.functions, "mark_notifications", { ids: [id], state: "read" }).catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const answer = (kind: string, id: string, yes: boolean) => {
    const [name, payload] =
      kind === "enrollment_request"
        ? ["respond_to_enrollment", { enrollmentId: id, accept: yes }]
        : ["respond_to_points_request", { requestId: id, approve: yes }];
    call(services.functions, name, payload).catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  return (
    <section aria-label="Notifications">
      <h2>
        Notifications <span className="count" data-testid="badge-unread">{count(counts.data?.["unread"])}</span>{" "}
        <LiveBadge live={open ? bell.live : counts.live} />
      </h2>
      <button type="button" aria-expanded={open} onClick={() => { setOpen(!open); }}>
        {open ? "Hide notifications" : "Show notifications"}
      </button>{" "}
      <label>
        Category{" "}
        <select value={category} onChange={(event) => { setCategory(event.target.value); }}>
          {CATEGORIES.map((name) => (
            <option key={name} value={name}>
              {name || "all"}
              {name ? ` (${count((counts.data?.["unreadByCategory"] as Fields | undefined)?.[name])})` : ""}
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="button" onClick={markAllRead}>
        Mark all read
      </button>
      {(bell.error ?? counts.error ?? problem) && <p role="alert">{bell.error ?? counts.error ?? problem}</p>}
      {open && <ul data-testid="bell">
        {(bell.data ?? []).map((note) => {
          const action = note["action"] as { kind: string; id: string; state: string } | null;
          return (
            <li key={note.id} className={note["read"] ? "read" : "unread"}>
              <strong>{text(note["title"])}</strong> {text(note["body"])} <small>{time(note["createdAt"])}</small>
              {!note["read"] && (
                <button type="button" onClick={() => { markRead(note.id); }}>Mark read</button>
              )}
              {action?.state === "open" && (
                <span>
                  <button type="button" onClick={() => { answer(action.kind, action.id, true); }}>Accept</button>
                  <button type="button" onClick={() => { answer(action.kind, action.id, false); }}>Decline</button>
                </span>
              )}
            </li>
          );
        })}
      </ul>}
    </section>
  );
}

function Orders({ services, uid }: { services: Services; uid: string }) {
  const orders = useQuery(build(services.db, "MY_ORDERS", { customerId: uid }, 20), `orders:${uid}`, fields);
  const [chosen, setChosen] = useState<string>();
  const current = orders.data?.find((order) => order.id === chosen) ?? orders.data?.[0];
  // The timeline of the order the customer chose (not of the newest one shown by default).
  const orderId = chosen !== undefined && current?.id === chosen ? chosen : "";
  const timeline = useQuery(
    orderId ? build(services.db, "ORDER_TIMELINE", { orderId }) : undefined,
    `timeline:${orderId}`,
    fields,
  );
  if (orders.error) return <p role="alert">{orders.error}</p>;
  const delivery = current?.["delivery"] as { eta?: Timestamp; carrier?: string } | null | undefined;
  return (
    <section aria-label="My orders">
      <h2>My orders <LiveBadge live={orders.live} /></h2>
      <ul>
        {(orders.data ?? []).map((order) => (
          <li key={order.id}>
            <button type="button" onClick={() => { setChosen(order.id); }}>
              {text(order["shopName"])}: {text(order["statusLabel"])}
            </button>
          </li>
        ))}
      </ul>
      {current && (
        <article data-testid="order">
          <h3>
            {text(current["shopName"])}: <span data-testid="order-status">{text(current["statusLabel"])}</span>
          </h3>
          {current["progress"] === null ? (
            <p>Cancelled{current["cancelReason"] ? `: ${text(current["cancelReason"])}` : ""}</p>
          ) : (
            <progress data-testid="order-progress" max={100} value={count(current["progress"])} />
          )}
          {delivery?.eta && (
            <p data-testid="order-eta">
              Arriving around {delivery.eta.toDate().toLocaleTimeString()}
              {delivery.carrier ? ` with ${delivery.carrier}` : ""}
            </p>
          )}
          {orderId ? (
            <ol data-testid="order-timeline">
              {(timeline.data ?? []).map((entry) => (
                <li key={entry.id}>
                  {time(entry["at"])} {text(entry["label"])}
                  {entry["note"] ? ` (${text(entry["note"])})` : ""}
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

const QR_REFRESH_MS = 60_000;

function QrCode({ services }: { services: Services }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [expiresAt, setExpiresAt] = useState<number>();
  const [issuedAt, setIssuedAt] = useState<number>();
  const [now, setNow] = useState(() => Date.now());
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    const refresh = () => {
      ask<{ token: string; expiresAt: string }>(services.functions, "issue_qr_token", {})
        .then(async ({ token, expiresAt: expires }) => {
          if (canvas.current) await QRCode.toCanvas(canvas.current, token, { width: 180 });
          setExpiresAt(Date.parse(expires));
          setIssuedAt(Date.now());
        })
        .catch((error: unknown) => {
          setProblem(explain(error));
        });
    };
    refresh();
    const every = window.setInterval(refresh, QR_REFRESH_MS);
    const tick = window.setInterval(() => { setNow(Date.now()); }, 1000);
    return () => {
      window.clearInterval(every);
      window.clearInterval(tick);
    };
  }, [services.functions]);
  return (
    <section aria-label="My QR code">
      <h2>My QR code</h2>
      <canvas ref={canvas} data-testid="qr" />
      {expiresAt !== undefined && issuedAt !== undefined && (
        <p data-testid="qr-countdown">
          New code in {Math.max(0, Math.round((issuedAt + QR_REFRESH_MS - now) / 1000))} s (this one is valid for{" "}
          {Math.max(0, Math.round((expiresAt - now) / 1000))} s)
        </p>
      )}
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}

function Cards({ services, uid }: { services: Services; uid: string }) {
  const cards = useQuery(build(services.db, "MY_CARDS", { customerId: uid }), `cards:${uid}`, fields);
  const profileRef = useMemo(() => doc(services.db, "users", uid), [services.db, uid]);
  const profile = useDocument(profileRef, (snap) => snap.data() ?? {});
  const redemptions = useQuery(
    build(services.db, "CUSTOMER_REDEMPTIONS", { customerId: uid }, 20),
    `redemptions:${uid}`,
    fields,
  );
  return (
    <>
      <section aria-label="My cards">
        <h2>
          My cards <span className="chip" data-testid="my-tier">{text(profile.data?.["tier"]) || "bronze"}</span>
        </h2>
        {cards.error && <p role="alert">{cards.error}</p>}
        <ul data-testid="cards">
          {(cards.data ?? []).map((card) => (
            <li key={card.id}>
              {text(card["shopName"])}: {text(card["status"])}, balance {count(card["balance"])}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="My redemptions">
        <h2>My redemptions</h2>
        <ul data-testid="redemptions">
          {(redemptions.data ?? []).map((redemption) => (
            <li key={redemption.id}>
              {text(redemption["code"])} at {text(redemption["shopName"])} {time(redemption["redeemedAt"])}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function Customer({ services, user }: { services: Services; user: User }) {
  return (
    <main className="customer">
      <Bell services={services} uid={user.uid} />
      <Orders services={services} uid={user.uid} />
      <Cards services={services} uid={user.uid} />
      <QrCode services={services} />
    </main>
  );
}
