// The order status machine as the server enforces it (storepulse.orders.rules; orderMachine.json is
// generated from that one table and tests/unit/test_web_queries.py keeps them equal): an order
// board's buttons and the statuses a shop's open orders are in.
import type { Status } from "./contract.generated.js";
import machine from "./orderMachine.json" with { type: "json" };

export type Fulfilment = "delivery" | "pickup";

interface Move {
  from: Status;
  to: Status;
  /** The one fulfilment the move is for; null: either. */
  only: Fulfilment | null;
}

// The JSON's strings are the contract's statuses (the test above compares it with the server's table).
const moves = machine.moves as Move[];
const statuses = machine.statuses as Record<Status, { label: string; progress: number | null; final: boolean }>;

/** The statuses of an order still in progress (the order board lists these). */
export const OPEN_STATUSES: readonly Status[] = machine.open as Status[];

/** Where an order may move next from `status` (a shop's buttons). */
export function nextStatuses(status: Status, fulfilment: Fulfilment): Status[] {
  return moves.filter((move) => move.from === status && (move.only === null || move.only === fulfilment)).map((move) => move.to);
}

/** What a status is called (an order's own `statusLabel` says the same). */
export function statusLabel(status: Status): string {
  return statuses[status].label;
}
