// An order's statuses as the customer's stepper and the badges show them (labels from the SDK's
// one status machine).
import type { OrderDocument, Status } from "@storepulse/client";

const PATHS: Record<"delivery" | "pickup", readonly Status[]> = {
  delivery: ["placed", "confirmed", "preparing", "out_for_delivery", "delivered"],
  pickup: ["placed", "confirmed", "preparing", "ready_for_pickup", "picked_up"],
};

/** The steps of an order's way (by its fulfilment). */
export function stepsOf(order: OrderDocument): readonly Status[] {
  return PATHS[order.fulfilment.kind];
}

const COLORS: Partial<Record<Status, string>> = {
  placed: "blue",
  confirmed: "indigo",
  preparing: "violet",
  ready_for_pickup: "teal",
  out_for_delivery: "cyan",
  picked_up: "green",
  delivered: "green",
  cancelled: "red",
};

export function statusColor(status: Status): string {
  return COLORS[status] ?? "gray";
}
