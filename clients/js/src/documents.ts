// The Firestore documents the live reads return, as docs/data-model.md and the server's stores
// write them. TO BE REPLACED by the document models generated into contract.generated.ts (the
// contract is gaining them): then each interface below becomes a re-export of its generated twin
// of the same name, and nothing else in the SDK changes.
//
// Timestamps arrive as JavaScript `Date`s (the reads convert them), so no Firestore type leaks
// into an app's state.
import type { ActionType, Category, OrderItem, Role, Status } from "./contract.generated.js";

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
