// Redeeming a coupon from a button. One tap is one intent with its own idempotency key: the same
// intent sent again (a double tap, a retry after a lost answer) redeems once. Each refusal is a
// StorepulseError whose code says why (and `field` which input, when the server names one).
import { StorepulseError, type Storepulse } from "@storepulse/client";

export type Redeemed =
  | { ok: true; redemptionId: string; savedCents: number }
  | { ok: false; reason: string; field: string | undefined };

/** Make one per tap; send the same one again when that tap is retried. */
export const newIntent = (): string => crypto.randomUUID();

export async function redeem(sp: Storepulse, couponId: string, intent: string): Promise<Redeemed> {
  try {
    const { redemptionId, discount } = await sp.redeemCoupon({ couponId, idempotencyKey: intent });
    return { ok: true, redemptionId, savedCents: discount.amountCents };
  } catch (error) {
    if (!(error instanceof StorepulseError)) throw error;
    return { ok: false, reason: reason(error), field: error.field };
  }
}

function reason(error: StorepulseError): string {
  switch (error.code) {
    case "invalid-argument":
      return `Check ${error.field ?? "the request"}: ${error.message}`;
    case "not-found":
      return "There is no such coupon.";
    case "resource-exhausted":
      return "This coupon has been used as often as it allows.";
    case "unauthenticated":
      return "Sign in to redeem coupons.";
    case "unavailable":
      return "Storepulse cannot be reached right now: try again.";
    default:
      // failed-precondition (not active, not valid yet, expired), permission-denied, ...
      return error.message;
  }
}
