// A shop owner's page: the order board (only the allowed next statuses as buttons, sent with the
// version shown, so a stale page cannot act), live visitors, customers, loyalty members, a QR scan
// panel and payment errors. Another shop's URL shows "not allowed" from the listeners themselves.
import { doc } from "firebase/firestore";
import jsQR from "jsqr";
import { useEffect, useMemo, useRef, useState } from "react";
import { call, explain } from "../calls";
import { LiveBadge } from "../components/LiveBadge";
import type { Services } from "../firebase";
import { useDocument, useQuery } from "../live";
import { label, nextStatuses, OPEN_STATUSES } from "../orders";
import { count, row, sum, text, type Row } from "../fields";
import { build } from "../queries";


function keys(rows: Row[] | undefined, group: string): string[] {
  const names = new Set<string>();
  for (const shard of rows ?? []) {
    for (const name of Object.keys((shard[group] as Record<string, unknown> | undefined) ?? {})) names.add(name);
  }
  return [...names].filter((name) => sum(rows, [group, name]) > 0).sort();
}

const DELIVERY_UPDATABLE = new Set(["preparing", "out_for_delivery"]);

function DeliveryForm(props: { services: Services; orderId: string; onProblem: (problem: string) => void }) {
  const [carrier, setCarrier] = useState("");
  const [minutes, setMinutes] = useState(30);
  const send = () => {
    const eta = new Date(Date.now() + minutes * 60_000).toISOString();
    const fields = carrier ? { carrier, eta } : { eta };
    call(props.services.functions, "update_delivery", { orderId: props.orderId, ...fields }).catch((error: unknown) => {
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

function OrderBoard({ services, shopId }: { services: Services; shopId: string }) {
  const board = useQuery(
    build(services.db, "SHOP_OPEN_ORDERS", { shopId, status: OPEN_STATUSES }),
    `board:${shopId}`,
    row,
  );
  const [problem, setProblem] = useState<string>();
  const act = (order: Row, status: string) => {
    const version = count(order["version"]);
    const done =
      status === "cancelled"
        ? call(services.functions, "cancel_order", { orderId: order.id, reason: "Cancelled by the shop", expectedVersion: version })
        : call(services.functions, "update_order_status", { orderId: order.id, status, expectedVersion: version });
    done.then(() => { setProblem(undefined); }).catch((error: unknown) => { setProblem(explain(error)); });
  };
  if (board.error) return <p role="alert">{board.error}</p>;
  return (
    <section aria-label="Order board">
      <h2>Open orders <LiveBadge live={board.live} /></h2>
      {problem && <p role="alert">{problem}</p>}
      <table data-testid="order-board">
        <tbody>
          {(board.data ?? []).map((order) => {
            const fulfilment = text((order["fulfilment"] as Record<string, unknown> | undefined)?.["kind"]);
            return (
              <tr key={order.id}>
                <td>{text(order["customerName"])}</td>
                <td>{text(order["statusLabel"])}</td>
                <td>{fulfilment}</td>
                <td>{(count(order["totalCents"]) / 100).toFixed(2)} {text(order["currency"])}</td>
                <td>
                  {fulfilment === "delivery" && DELIVERY_UPDATABLE.has(text(order["status"])) && (
                    <DeliveryForm services={services} orderId={order.id} onProblem={setProblem} />
                  )}
                  {nextStatuses(text(order["status"]), fulfilment).map((status) => (
                    <button key={status} type="button" onClick={() => { act(order, status); }}>
                      {label(status)}
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

function Visitors({ services, shopId }: { services: Services; shopId: string }) {
  const shards = useQuery(build(services.db, "LIVE_VISITOR_SHARDS", { shopId }), `visitors:${shopId}`, row);
  if (shards.error) return <p role="alert">{shards.error}</p>;
  return (
    <section aria-label="Live visitors">
      <h2>Visitors now <LiveBadge live={shards.live} /></h2>
      <p>
        <strong data-testid="visitors-now">{sum(shards.data, ["total"])}</strong> on the site; in checkout{" "}
        <strong>{sum(shards.data, ["checkouts"])}</strong>, paying <strong>{sum(shards.data, ["payments"])}</strong>
      </p>
      {(["pageTypes", "categories", "offers"] as const).map((group) => (
        <p key={group}>
          {group}:{" "}
          {keys(shards.data, group)
            .map((name) => `${name} ${sum(shards.data, [group, name])}`)
            .join(", ") || "none"}
        </p>
      ))}
    </section>
  );
}

function People({ services, shopId }: { services: Services; shopId: string }) {
  const customers = useQuery(build(services.db, "SHOP_CUSTOMERS", { shopId }, 20), `customers:${shopId}`, row);
  const members = useQuery(
    build(services.db, "SHOP_LOYALTY_CUSTOMERS", { shopId, status: "active" }, 20),
    `members:${shopId}`,
    row,
  );
  const errors = useQuery(build(services.db, "PAYMENT_ERRORS_OF_SHOP", { shopId }, 10), `errors:${shopId}`, row);
  return (
    <>
      <section aria-label="Customers">
        <h2>Customers</h2>
        {customers.error && <p role="alert">{customers.error}</p>}
        <ul data-testid="shop-customers">
          {(customers.data ?? []).map((customer) => (
            <li key={customer.id}>
              {text(customer["customerName"])}: {count(customer["redemptionCount"])} redemptions
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Loyalty members">
        <h2>Loyalty members</h2>
        <ul data-testid="loyalty-members">
          {(members.data ?? []).map((member) => (
            <li key={member.id}>
              {text(member["customerName"])}: {count(member["balance"])} points
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Payment errors">
        <h2>Payment errors</h2>
        <ul>
          {(errors.data ?? []).map((error) => (
            <li key={error.id}>
              {text(error["errorCode"])}: {text((error["customer"] as Record<string, unknown> | null)?.["phone"])}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Program({ services, shopId }: { services: Services; shopId: string }) {
  const [points, setPoints] = useState(10);
  const [saved, setSaved] = useState<string>();
  const coupons = useQuery(build(services.db, "SHOP_COUPONS", { shopId }, 20), `coupons:${shopId}`, row);
  const save = () => {
    call(services.functions, "upsert_loyalty_program", { shopId, name: "Rewards", pointsPerScan: points, active: true })
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
            {text(coupon["code"])}: {text(coupon["title"])}
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

function ScanPanel({ services }: { services: Services }) {
  const [token, setToken] = useState("");
  const [outcome, setOutcome] = useState<string>();
  const [camera, setCamera] = useState(false);
  const scan = (code: string) => {
    call<{ outcome: string; customer: { name: string } }>(services.functions, "scan_qr", { token: code.trim() })
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

function ShopName({ services, shopId }: { services: Services; shopId: string }) {
  const ref = useMemo(() => doc(services.db, "shops", shopId), [services.db, shopId]);
  const shop = useDocument(ref, (snap) => snap.data() ?? {});
  return (
    <h1 data-testid="shop-page" data-shop-id={shopId}>
      {shop.error ? "Not your shop" : text(shop.data?.["name"]) || "…"}
    </h1>
  );
}

export function Shop({ services, shopId }: { services: Services; shopId: string }) {
  return (
    <main className="shop">
      <ShopName services={services} shopId={shopId} />
      <OrderBoard services={services} shopId={shopId} />
      <Visitors services={services} shopId={shopId} />
      <ScanPanel services={services} />
      <People services={services} shopId={shopId} />
      <Program services={services} shopId={shopId} />
    </main>
  );
}
