// The same order without React: `sp.watch.order` calls back on every change until stopped.
import type { Storepulse } from "@storepulse/client";

/** Tells `show` each state of the order in a line; returns the function that stops listening. */
export function watchOrder(sp: Storepulse, orderId: string, show: (line: string) => void): () => void {
  return sp.watch.order(orderId, ({ data, live, error }) => {
    if (error) show(`Cannot follow the order: ${error.code}`);
    else if (data === null) show("There is no such order.");
    else if (data) show(`${data.statusLabel} (${data.timeline.length} steps)${live ? "" : ", reconnecting…"}`);
  });
}
