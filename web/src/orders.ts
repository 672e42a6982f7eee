// The order status machine as storepulse.orders.rules defines it (orderMachine.json is generated
// from that one table and a test keeps them equal): the buttons a shop's order board offers.
import machine from "./orderMachine.json";

export const OPEN_STATUSES: string[] = machine.open;

export function nextStatuses(status: string, fulfilment: string): string[] {
  return machine.moves
    .filter((move) => move.from === status && (move.only === null || move.only === fulfilment))
    .map((move) => move.to);
}

export function label(status: string): string {
  const known = (machine.statuses as Record<string, { label: string } | undefined>)[status];
  return known?.label ?? status;
}
