// Compiled, never run (tests/sdk/test_sdk.py): what the methods' and reads' types accept and refuse.
import type { FirebaseApp } from "firebase/app";
import { createStorepulse, type TrackingClient } from "../src/index.js";
import { useNotifications, useOrder } from "../src/react/index.js";

declare const app: FirebaseApp;
const sp = createStorepulse(app);

export async function methods(): Promise<void> {
  // The SDK makes the idempotency key when the caller gives none, even where the server requires one.
  const redeemed = await sp.redeemCoupon({ couponId: "c1" });
  redeemed.discount.amountCents satisfies number;
  await sp.updateOrderStatus({ orderId: "o", status: "confirmed", idempotencyKey: "mine-12345678" });
  // A request with no required field may be left out.
  await sp.issueQrToken();
  await sp.upsertCoupon({ shopId: "s", code: "FIVE", title: "Five off", discount: { kind: "amount", value: 5 }, active: true });
  // @ts-expect-error a required field is missing
  await sp.placeOrder({ shopId: "s" });
  // @ts-expect-error not a status of the machine
  await sp.updateOrderStatus({ orderId: "o", status: "lost" });
  // @ts-expect-error mark_notifications needs its state
  await sp.markNotifications();
  // @ts-expect-error no such callable
  await sp.deleteEverything();
  const tracker: TrackingClient = sp;
  await tracker.trackPage({ sessionId: "s", shopId: "x", pageType: "homepage" });
}

export function reads(): void {
  sp.watch.notifications("u", (state) => state.data?.[0]?.title satisfies string | undefined);
  sp.watch.notifications("u", { category: "order", limit: 5 }, (state) => state.live satisfies boolean);
  sp.watch.order("o", (state) => state.data?.timeline[0]?.at satisfies Date | undefined);
  sp.watch.adminFeed({ type: "redemption" }, (state) => state.error?.code);
  // @ts-expect-error not a category
  sp.watch.notifications("u", { category: "spam" }, () => undefined);
}

export function Hooks(): string | undefined {
  const order = useOrder("o");
  const bell = useNotifications("u");
  void bell.markAllRead();
  return order.data?.statusLabel;
}
