// Where each role's pages live. Every section is its own URL; a section's optional last segment
// names the thing it opens on (an order, a card, a payment error), which is where a notification
// leads (`targetPath`).
import type { NotificationTarget, Session } from "@storepulse/client";

export interface Section {
  path: string;
  label: string;
}

type Role = NonNullable<Session["role"]>;

const ROOTS: Record<Role, string> = { shop: "/shop", customer: "/customer", admin: "/admin", affiliate: "/affiliate" };

/** A role's sections as [segment, label]; the first is where the role lands. */
const SECTIONS: Record<Role, readonly (readonly [string, string])[]> = {
  shop: [
    ["overview", "Overview"],
    ["orders", "Orders"],
    ["visitors", "Visitors"],
    ["insights", "Insights"],
    ["customers", "Customers"],
    ["payment-errors", "Payment errors"],
    ["coupons", "Coupons"],
    ["loyalty", "Loyalty"],
  ],
  customer: [
    ["orders", "My orders"],
    ["cards", "My cards"],
    ["redemptions", "My redemptions"],
  ],
  admin: [
    ["overview", "Overview"],
    ["activity", "Activity"],
    ["shops", "Shops"],
    ["affiliates", "Affiliates"],
    ["users", "Users"],
  ],
  affiliate: [],
};

function rootOf(session: Session & { role: Role }): string {
  return session.role === "shop" ? `${ROOTS.shop}/${session.shopId ?? ""}` : ROOTS[session.role];
}

export function sectionsOf(session: Session): Section[] {
  const role = session.role;
  if (role === undefined) return [];
  const root = rootOf({ ...session, role });
  return SECTIONS[role].map(([segment, label]) => ({ path: `${root}/${segment}`, label }));
}

/** Where a role lands after signing in ("/" for an account with no role yet). */
export function home(session: Session): string {
  const role = session.role;
  if (role === undefined) return "/";
  return sectionsOf(session)[0]?.path ?? rootOf({ ...session, role });
}

/** The path a role belongs on, given the one it asked for; null when it may stay. */
export function redirectFor(session: Session, asked: string): string | null {
  const role = session.role;
  if (asked === "/account" || role === undefined) return null;
  const root = ROOTS[role];
  const inside = role === "shop" ? asked.startsWith(`${root}/`) : asked === root || asked.startsWith(`${root}/`);
  return inside ? null : home(session);
}

/** Where a notification leads its recipient: the page that shows what it is about. */
export function targetPath(session: Session, target: NotificationTarget): string {
  if (target.kind === "account") return "/account";
  const id = encodeURIComponent(target.id);
  if (session.role === "customer") {
    const customer: Partial<Record<NotificationTarget["kind"], string>> = {
      order: `/customer/orders/${id}`,
      enrollment: `/customer/cards/${id}`,
      points_request: "/customer/cards",
      redemption: `/customer/redemptions/${id}`,
    };
    return customer[target.kind] ?? home(session);
  }
  if (session.role === "shop") {
    const root = `${ROOTS.shop}/${session.shopId ?? ""}`;
    const shop: Partial<Record<NotificationTarget["kind"], string>> = {
      order: `${root}/orders/${id}`,
      payment_error: `${root}/payment-errors/${id}`,
      enrollment: `${root}/customers`,
      points_request: `${root}/customers`,
      redemption: `${root}/customers`,
    };
    return shop[target.kind] ?? home(session);
  }
  return home(session);
}
