// The Firestore documents the live reads return, as docs/data-model.md and the server's stores
// write them. TO BE REPLACED by the document models generated into contract.generated.ts (the
// contract is gaining them): then each interface below becomes a re-export of its generated twin
// of the same name, and nothing else in the SDK changes.
//
// Timestamps arrive as JavaScript `Date`s (the reads convert them), so no Firestore type leaks
// into an app's state.
import type { ActionType, Category, Contact, DeviceInfo, Discount, Item, OrderItem, Role, Status } from "./contract.generated.js";

/** A document's fields with its id. */
export type WithId<T> = T & { id: string };

/** `notifications/{id}`: one notification for one recipient. */
export interface NotificationDocument {
  recipientUid: string;
  category: Category;
  title: string;
  body: string;
  /** What a tap opens. */
  link: { kind: string; id: string };
  /** Present when the recipient must answer (a loyalty request); `state` records the answer. */
  action: { kind: "enrollment_request" | "points_request"; id: string; state: "open" | "accepted" | "declined" } | null;
  createdAt: Date;
  seenAt: Date | null;
  readAt: Date | null;
  archivedAt: Date | null;
  seen: boolean;
  read: boolean;
  archived: boolean;
  sourceKey: string;
}

/** `notificationCounts/{uid}`: the badge (zeros when the user never had a notification). */
export interface NotificationCounts {
  unread: number;
  unseen: number;
  unreadByCategory: Partial<Record<Category, number>>;
}

export interface DeliveryAddress {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
  instructions?: string | null;
}

export interface Delivery {
  carrier?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
  eta?: Date | null;
  lastLocation?: { label: string; lat?: number | null; lng?: number | null } | null;
  updatedAt: Date;
}

/** `orders/{orderId}`. */
export interface OrderDocument {
  shopId: string;
  shopName: string;
  customerId: string;
  customerName: string;
  items: OrderItem[];
  totalCents: number;
  currency: string;
  fulfilment: { kind: "delivery"; address: DeliveryAddress } | { kind: "pickup" };
  status: Status;
  statusLabel: string;
  /** 0-100 along the status machine; null when cancelled. */
  progress: number | null;
  placedAt: Date;
  updatedAt: Date;
  day: string;
  finishedAt: Date | null;
  finishedDay: string | null;
  version: number;
  delivery: Delivery | null;
  cancelReason: string | null;
}

/** `orders/{orderId}/timeline/{id}`: one change of the order, oldest first. */
export interface TimelineEntry {
  kind: "status" | "delivery";
  status: Status | null;
  label: string;
  note: string | null;
  at: Date;
  by: string;
  version: number;
  shopId: string;
  customerId: string;
}

/** `enrollments/{shopId}_{customerId}`: a customer's loyalty card at one shop. */
export interface EnrollmentDocument {
  shopId: string;
  shopName: string;
  customerId: string;
  customerName: string;
  status: "pending" | "active" | "declined";
  balance?: number;
  lifetimeEarned?: number;
  /** Absent until the customer accepts. */
  email?: string | null;
  phone?: string | null;
  requestedAt: Date;
  joinedAt?: Date | null;
  answeredAt?: Date;
  lastActivityAt: Date;
}

/** `adminActivityLog/{id}`: one entry of the admin feed; the per-type fields are optional. */
export interface AdminActivityEntry {
  type: string;
  actorUid: string;
  createdAt: Date;
  /** One human line (names, not ids). */
  summary: string;
  redemptionId?: string;
  couponId?: string;
  shopId?: string;
  customerId?: string;
  affiliateId?: string;
  discountCents?: number;
  subjectUid?: string;
  role?: Role;
  previousRole?: Role | null;
  action?: ActionType;
  actionId?: string;
}

export interface PulseHour {
  /** `YYYY-MM-DDTHH` (UTC). */
  hour: string;
  redemptions: number;
  actions: number;
  pageViews: number;
  scans: number;
  orders: number;
  total: number;
}

/** `platformPulse/current`: the public aggregates (readable with no sign-in). */
export interface PulseDocument {
  totalUsers: number;
  customers: number;
  shops: number;
  affiliates: number;
  activeToday: number;
  onlineNow: { signedIn: number; anonymous: number; total: number };
  /** Exactly 12 hours, oldest first, ending with the current UTC hour. */
  lastHours: PulseHour[];
  tierDistribution: Record<"bronze" | "silver" | "gold" | "platinum", number>;
  /** When the every-minute job wrote it. */
  asOf: Date;
}

/** `users/{uid}`: the user's profile and role fields (readable by the user and admins). */
export interface UserProfileDocument {
  uid: string;
  role?: Role | null;
  shopId?: string | null;
  affiliateId?: string | null;
  email?: string | null;
  displayName?: string | null;
  phone?: string | null;
  attributedAffiliateId?: string | null;
  registeredAt?: Date | null;
  roleUpdatedAt?: Date | null;
  roleUpdatedBy?: string | null;
  /** The loyalty tier: silver, gold or platinum; absent means bronze. */
  tier?: string | null;
}

/** `shops/{shopId}`. */
export interface ShopDocument {
  name: string;
  ownerUid: string;
  createdAt: Date;
  createdBy: string;
}

/** `affiliates/{affiliateId}`. */
export interface AffiliateDocument {
  name: string;
  uid: string;
  /** Upper case, unique on the platform. */
  code: string;
  createdAt: Date;
  createdBy: string;
}

/** `coupons/{couponId}`: a shop's coupon as its owner (or an admin) last saved it. */
export interface CouponDocument {
  shopId: string;
  /** Upper case, unique within the shop. */
  code: string;
  title: string;
  discount: Discount;
  validFrom: Date | null;
  validUntil: Date | null;
  maxRedemptions: number | null;
  perCustomerLimit: number;
  affiliateId: string | null;
  /** Of the order amount, 0 to 1. */
  commissionRate: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

/** `redemptions/{redemptionId}`: one redemption; only a reversal changes it. */
export interface RedemptionDocument {
  couponId: string;
  couponCode: string;
  couponTitle: string | null;
  shopId: string;
  shopName: string;
  customerId: string;
  customerName: string;
  /** The caller: the customer, or the shop's owner at the till. */
  redeemedBy: string;
  channel: "self" | "till";
  discount: Discount;
  discountCents: number;
  orderAmountCents: number | null;
  affiliateId: string | null;
  commissionCents: number;
  sessionId: string | null;
  device: DeviceInfo | null;
  status: "active" | "reversed";
  redeemedAt: Date;
  /** The UTC day (YYYY-MM-DD) the stats counted it on. */
  day: string;
  couponSlot: number | null;
  customerSlot: number;
  reversedAt?: Date | null;
  reversedBy?: string | null;
  reverseReason?: string | null;
}

/** `shopCustomerData/{shopId}_{customerId}`: what a shop knows of a customer who redeemed there
 * (contact for that shop only); counts live redemptions only. */
export interface ShopCustomerDocument {
  shopId: string;
  customerId: string;
  customerName: string;
  email: string | null;
  phone: string | null;
  firstRedemptionAt: Date;
  lastRedemptionAt: Date;
  lastCouponId: string;
  lastCouponCode: string;
  redemptionCount: number;
  discountCents: number;
  updatedAt: Date;
}

/** `affiliateCustomerData/{affiliateId}_{customerId}`: a customer an affiliate acquired (no
 * contact details); counts live redemptions only. */
export interface AffiliateCustomerDocument {
  affiliateId: string;
  customerId: string;
  customerName: string;
  acquiredAt: Date;
  acquiredVia: "registration" | "coupon";
  redemptionCount: number;
  commissionCents: number;
  lastRedemptionAt?: Date | null;
  updatedAt: Date;
}

/** `paymentErrors/{errorId}`: a failed payment with what the shop needs to call the customer back. */
export interface PaymentErrorDocument {
  shopId: string;
  checkoutId: string;
  sessionId: string;
  uid: string;
  errorCode: string;
  errorMessage: string;
  details: Record<string, string | number | boolean | null>;
  customer: Contact | null;
  items: Item[];
  amountCents: number;
  currency: string;
  method: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  checkoutDay: string;
}
