// Every live read the SDK offers: what it listens to (one of queries.json, or a document) and
// what it makes of the snapshots. `sp.watch` and the React hooks are both built on these.
import { doc, type DocumentSnapshot, type Firestore, type QuerySnapshot } from "firebase/firestore";
import type { ActionType, Category, PageType } from "./contract.generated.js";
import type {
  AdminActivityEntry,
  AffiliateCustomerDocument,
  AffiliateDocument,
  CouponDocument,
  EnrollmentDocument,
  UnreadCounts,
  NotificationDocument,
  OrderDocument,
  PaymentErrorDocument,
  PulseDocument,
  RedemptionDocument,
  ShopCustomerDocument,
  ShopDocument,
  TimelineEntry,
  UserProfileDocument,
  WithId,
} from "./documents.js";
import { documentRead, joinReads, queryRead, revive, type LiveRead } from "./live.js";
import { OPEN_STATUSES } from "./orders.js";
import { buildQuery, type QueryName, type QueryValue } from "./queries.js";

export const DEFAULT_LIMIT = 50;

export interface NotificationsOptions {
  /** Only this category (newest first either way). */
  category?: Category | undefined;
  /** At most this many, newest first (default 50). */
  limit?: number | undefined;
}

export interface ListOptions {
  /** At most this many, newest first (default 50). */
  limit?: number | undefined;
}

export interface AdminFeedOptions extends ListOptions {
  /** Only entries of this type (`redemption`, `role_changed`, ...). */
  type?: string | undefined;
  /** Only tracked actions of this kind (`tab_change`, `search`, ...): `user_action` entries. Not
   * combined with `type`. */
  action?: ActionType | undefined;
}

export type OrderWithTimeline = WithId<OrderDocument> & { timeline: WithId<TimelineEntry>[] };

/** A shop's visitors now: its live counters summed over their shards. */
export interface LiveVisitors {
  /** Sessions on the shop now (not ended, not idle for 30 minutes). */
  total: number;
  pageTypes: Partial<Record<PageType, number>>;
  categories: Record<string, number>;
  offers: Record<string, number>;
  products: Record<string, number>;
  /** Sessions in checkout. */
  checkouts: number;
  /** Sessions paying. */
  payments: number;
  /** Sessions seen in the last 5 minutes, as of the every-minute job's last run. */
  onlineNow: number;
}

export interface DayStats {
  redemptions: number;
  discountCents: number;
  commissionCents: number;
  customersAcquired: number;
  registrations: number;
  actions: number;
  activeUsers: number;
}

/** A live-stats scope (`platform`, `shop_<shopId>`, `affiliate_<affiliateId>`), shards summed. */
export interface LiveStats {
  redemptionsTotal: number;
  discountCentsTotal: number;
  commissionCentsTotal: number;
  customersAcquired: number;
  registrationsTotal: number;
  actionsTotal: number;
  /** The last activity counted in the scope, if any. */
  lastActivity: Date | null;
  /** The current UTC day's figures (as the server counts days). */
  today: DayStats;
  /** Every day's figures by `YYYY-MM-DD`. */
  days: Record<string, DayStats>;
  /** Distinct users active in the last 5 minutes, as of the every-minute job's last run. */
  activeNow: number;
}

// The server writes these documents (docs/data-model.md); the document types describe them.
const withId = <T>(snapshot: DocumentSnapshot): WithId<T> => ({ ...(revive(snapshot.data() ?? {}) as T), id: snapshot.id });
const rows = <T>(snapshot: QuerySnapshot): WithId<T>[] => snapshot.docs.map((row) => withId<T>(row));
/** A document, or null when there is none. */
const maybe = <T>(snapshot: DocumentSnapshot): WithId<T> | null => (snapshot.exists() ? withId<T>(snapshot) : null);

/** The rows of a declared query, at most `max`. */
function listRead<T>(db: Firestore, name: QueryName, values: Readonly<Record<string, QueryValue>>, max?: number): LiveRead<WithId<T>[]> {
  return queryRead(buildQuery(db, name, values, max), rows<T>);
}

/** Counters summed over shards: numbers add up (or keep the maximum), maps sum per key. */
interface Counters {
  [field: string]: number | Counters;
}

// Fields written with a `maximum` transform: their shards hold maxima, not parts of a sum.
const MAXIMA = new Set(["lastActivityMs"]);

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function fold(total: Counters, shard: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(shard)) {
    const current = total[field];
    if (typeof value === "number") {
      const base = typeof current === "number" ? current : 0;
      total[field] = MAXIMA.has(field) ? Math.max(base, value) : base + value;
    } else if (isMap(value)) {
      const nested = typeof current === "object" ? current : {};
      fold(nested, value);
      total[field] = nested;
    }
  }
}

function sumShards(snapshot: QuerySnapshot): Counters {
  const total: Counters = {};
  for (const shard of snapshot.docs) fold(total, shard.data());
  return total;
}

function figure(counters: Counters | undefined, field: string): number {
  const value = counters?.[field];
  return typeof value === "number" ? value : 0;
}

function group(counters: Counters, field: string): Record<string, number> {
  const value = counters[field];
  if (typeof value !== "object") return {};
  return Object.fromEntries(Object.keys(value).map((key) => [key, figure(value, key)]));
}

function dayStats(counters: Counters | undefined): DayStats {
  return {
    redemptions: figure(counters, "redemptions"),
    discountCents: figure(counters, "discountCents"),
    commissionCents: figure(counters, "commissionCents"),
    customersAcquired: figure(counters, "customersAcquired"),
    registrations: figure(counters, "registrations"),
    actions: figure(counters, "actions"),
    activeUsers: figure(counters, "activeUsers"),
  };
}

/** A summary's figure; 0 while the summary does not exist (nothing counted yet). */
function count(snapshot: DocumentSnapshot, field: string): number {
  const value: unknown = snapshot.get(field);
  return typeof value === "number" ? value : 0;
}

/** The UTC day, as the server keys its daily counters. */
const utcDay = (): string => new Date().toISOString().slice(0, 10);

export function unreadCountRead(db: Firestore, uid: string): LiveRead<UnreadCounts> {
  return documentRead(doc(db, "notificationCounts", uid), (snapshot) => {
    const counts = revive(snapshot.data() ?? {}) as Partial<UnreadCounts>;
    return { unread: counts.unread ?? 0, unseen: counts.unseen ?? 0, unreadByCategory: counts.unreadByCategory ?? {} };
  });
}

export function notificationsRead(
  db: Firestore,
  uid: string,
  options: NotificationsOptions = {},
): LiveRead<WithId<NotificationDocument>[]> {
  const max = options.limit ?? DEFAULT_LIMIT;
  return options.category === undefined
    ? listRead(db, "BELL", { recipientUid: uid }, max)
    : listRead(db, "BELL_BY_CATEGORY", { recipientUid: uid, category: options.category }, max);
}

export function ordersRead(db: Firestore, uid: string, options: ListOptions = {}): LiveRead<WithId<OrderDocument>[]> {
  return listRead(db, "MY_ORDERS", { customerId: uid }, options.limit ?? DEFAULT_LIMIT);
}

/** One order with its timeline; null when there is no such order. */
export function orderRead(db: Firestore, orderId: string): LiveRead<OrderWithTimeline | null> {
  return joinReads(
    db,
    documentRead(doc(db, "orders", orderId), maybe<OrderDocument>),
    listRead<TimelineEntry>(db, "ORDER_TIMELINE", { orderId }),
    (order, timeline) => (order === null ? null : { ...order, timeline }),
  );
}

export function liveVisitorsRead(db: Firestore, shopId: string): LiveRead<LiveVisitors> {
  return joinReads(
    db,
    queryRead(buildQuery(db, "LIVE_VISITOR_SHARDS", { shopId }), sumShards),
    documentRead(doc(db, "liveVisitors", shopId), (snapshot) => count(snapshot, "onlineNow")),
    (counters, onlineNow): LiveVisitors => ({
      total: figure(counters, "total"),
      pageTypes: group(counters, "pageTypes"),
      categories: group(counters, "categories"),
      offers: group(counters, "offers"),
      products: group(counters, "products"),
      checkouts: figure(counters, "checkouts"),
      payments: figure(counters, "payments"),
      onlineNow,
    }),
  );
}

export function liveStatsRead(db: Firestore, scopeId: string): LiveRead<LiveStats> {
  return joinReads(
    db,
    queryRead(buildQuery(db, "LIVE_STATS_SHARDS", { scopeId }), sumShards),
    documentRead(doc(db, "liveStats", scopeId), (snapshot) => count(snapshot, "activeNow")),
    (counters, activeNow): LiveStats => {
      const daily = counters["days"];
      const days = typeof daily === "object" ? daily : {};
      const dayOf = (key: string): DayStats => {
        const figures = days[key];
        return dayStats(typeof figures === "object" ? figures : undefined);
      };
      const lastActivityMs = figure(counters, "lastActivityMs");
      return {
        redemptionsTotal: figure(counters, "redemptionsTotal"),
        discountCentsTotal: figure(counters, "discountCentsTotal"),
        commissionCentsTotal: figure(counters, "commissionCentsTotal"),
        customersAcquired: figure(counters, "customersAcquired"),
        registrationsTotal: figure(counters, "registrationsTotal"),
        actionsTotal: figure(counters, "actionsTotal"),
        lastActivity: lastActivityMs > 0 ? new Date(lastActivityMs) : null,
        today: dayOf(utcDay()),
        days: Object.fromEntries(Object.keys(days).map((day) => [day, dayOf(day)])),
        activeNow,
      };
    },
  );
}

export function adminFeedRead(db: Firestore, options: AdminFeedOptions = {}): LiveRead<WithId<AdminActivityEntry>[]> {
  const max = options.limit ?? DEFAULT_LIMIT;
  if (options.action !== undefined && options.type !== undefined) {
    throw new Error("adminFeed: filter by type or by action, not both");
  }
  if (options.action !== undefined) return listRead(db, "ADMIN_FEED_BY_ACTION", { action: options.action }, max);
  return options.type === undefined
    ? listRead(db, "ADMIN_FEED", {}, max)
    : listRead(db, "ADMIN_FEED_BY_TYPE", { type: options.type }, max);
}

export function loyaltyCardsRead(db: Firestore, uid: string): LiveRead<WithId<EnrollmentDocument>[]> {
  return listRead(db, "MY_CARDS", { customerId: uid });
}

/** The platform pulse; null until the every-minute job first wrote it. */
export function pulseRead(db: Firestore): LiveRead<PulseDocument | null> {
  return documentRead(doc(db, "platformPulse", "current"), (snapshot) =>
    snapshot.exists() ? (revive(snapshot.data()) as PulseDocument) : null,
  );
}

/** A user's profile (`users/{uid}`: role fields, registration, tier); null before it exists. */
export function profileRead(db: Firestore, uid: string): LiveRead<WithId<UserProfileDocument> | null> {
  return documentRead(doc(db, "users", uid), maybe<UserProfileDocument>);
}

/** `uid`'s redemptions, newest first. */
export function redemptionsRead(db: Firestore, uid: string, options: ListOptions = {}): LiveRead<WithId<RedemptionDocument>[]> {
  return listRead(db, "CUSTOMER_REDEMPTIONS", { customerId: uid }, options.limit ?? DEFAULT_LIMIT);
}

/** One shop; null when there is no such shop. */
export function shopRead(db: Firestore, shopId: string): LiveRead<WithId<ShopDocument> | null> {
  return documentRead(doc(db, "shops", shopId), maybe<ShopDocument>);
}

/** Every shop (admins only). */
export function shopsRead(db: Firestore): LiveRead<WithId<ShopDocument>[]> {
  return listRead(db, "ALL_SHOPS", {});
}

/** Every affiliate (admins only). */
export function affiliatesRead(db: Firestore): LiveRead<WithId<AffiliateDocument>[]> {
  return listRead(db, "ALL_AFFILIATES", {});
}

/** A shop's orders still in progress (its order board), latest change first: all of them, as
 * a board must show every order it has to act on. */
export function openOrdersRead(db: Firestore, shopId: string): LiveRead<WithId<OrderDocument>[]> {
  return listRead(db, "SHOP_OPEN_ORDERS", { shopId, status: OPEN_STATUSES });
}

/** The customers who redeemed at a shop, latest redemption first. */
export function shopCustomersRead(db: Firestore, shopId: string, options: ListOptions = {}): LiveRead<WithId<ShopCustomerDocument>[]> {
  return listRead(db, "SHOP_CUSTOMERS", { shopId }, options.limit ?? DEFAULT_LIMIT);
}

/** A shop's loyalty members (cards accepted), latest activity first. */
export function loyaltyMembersRead(db: Firestore, shopId: string, options: ListOptions = {}): LiveRead<WithId<EnrollmentDocument>[]> {
  return listRead(db, "SHOP_LOYALTY_CUSTOMERS", { shopId, status: "active" }, options.limit ?? DEFAULT_LIMIT);
}

/** A shop's failed payments, newest first. */
export function paymentErrorsRead(db: Firestore, shopId: string, options: ListOptions = {}): LiveRead<WithId<PaymentErrorDocument>[]> {
  return listRead(db, "PAYMENT_ERRORS_OF_SHOP", { shopId }, options.limit ?? DEFAULT_LIMIT);
}

/** A shop's coupons, latest saved first. */
export function couponsRead(db: Firestore, shopId: string, options: ListOptions = {}): LiveRead<WithId<CouponDocument>[]> {
  return listRead(db, "SHOP_COUPONS", { shopId }, options.limit ?? DEFAULT_LIMIT);
}

/** The customers an affiliate acquired, newest first. */
export function affiliateCustomersRead(
  db: Firestore,
  affiliateId: string,
  options: ListOptions = {},
): LiveRead<WithId<AffiliateCustomerDocument>[]> {
  return listRead(db, "AFFILIATE_CUSTOMERS", { affiliateId }, options.limit ?? DEFAULT_LIMIT);
}
