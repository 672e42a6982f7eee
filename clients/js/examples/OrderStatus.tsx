// An order followed live: its status, progress and timeline move as the shop moves the order
// (the order and its timeline arrive together, never half applied).
import { useOrder } from "@storepulse/client/react";

export function OrderStatus({ orderId }: { orderId: string }) {
  const { data: order, live, error } = useOrder(orderId);
  if (error) return <p role="alert">{error.message}</p>;
  if (order === undefined) return <p>Loading…</p>;
  if (order === null) return <p>There is no such order.</p>;
  return (
    <section aria-label="Your order">
      <h2>
        {order.shopName}: <span data-testid="status">{order.statusLabel}</span> {live ? "" : "(reconnecting…)"}
      </h2>
      {order.progress === null ? <p>Cancelled: {order.cancelReason}</p> : <progress max={100} value={order.progress} />}
      <ol>
        {order.timeline.map((entry) => (
          <li key={entry.id}>
            {entry.at.toLocaleTimeString()} {entry.label}
          </li>
        ))}
      </ol>
    </section>
  );
}
