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
import { documentRead, joinAll, joinReads, mapRead, queryRead, revive, type LiveRead } from "./live.js";
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

/** How many days a seller's Insights cover, ending with the last day. */
export type InsightsSpan = 1 | 7 | 30;

export interface ShopInsightsOptions {
  days: InsightsSpan;
  /** The last day shown (`YYYY-MM-DD`, UTC); today (UTC) by default. */
  until?: string | undefined;
}

/** One step of the funnel visits -> checkout -> payment -> paid. */
export interface FunnelStep {
  step: "visits" | "checkout" | "payment" | "paid";
  count: number;
  /** How many reached this step but not the next (0 for `paid`). */
  abandoned: number;
  /** `abandoned / count` (0..1); null for `paid` and for a step nobody reached. */
  abandonment: number | null;
}

export interface PaymentMethodFigures {
  method: string;
  attempts: number;
  succeeded: number;
  failed: number;
  /** This method's part of all attempts (0..1); null with no attempt. */
  share: number | null;
  /** `succeeded / attempts` (0..1); null with no attempt. */
  successRate: number | null;
}

export interface RankedPage {
  id: string;
  views: number;
}

/** A seller's business intelligence over 1, 7 or 30 UTC days, summed from the per-day counters. */
export interface ShopInsights {
  /** The days covered, oldest first. */
  days: string[];
  /** Sessions started (visits). */
  visits: number;
  pageViews: number;
  revenueCents: number;
  /** visits, checkout, payment, paid: each with the abandonment before the next. */
  funnel: FunnelStep[];
  /** Most attempts first. */
  paymentMethods: PaymentMethodFigures[];
  /** Succeeded attempts of all attempts (0..1); null with no attempt. */
  paymentSuccessRate: number | null;
  errorsByCode: Record<string, number>;
  /** Every day covered, oldest first, with its failed payments by error code. */
  errorsByDay: { day: string; byCode: Record<string, number> }[];
  /** Page views by UTC hour of day, 24 entries (index 0 is 00:00-00:59 UTC). */
  activityByHour: number[];
  /** Visits started by UTC hour of day, 24 entries. */
  visitsByHour: number[];
  /** Most viewed first, at most 10. */
  topCategories: RankedPage[];
  topOffers: RankedPage[];
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
  /** Redemptions not reversed, by coupon id (a shop's scope only; `{}` elsewhere). A coupon
   * never redeemed is absent: read it as 0. */
  redemptionsByCoupon: Record<string, number>;
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

const INSIGHTS_SPANS: readonly number[] = [1, 7, 30];
const TOP = 10;
const FUNNEL = [
  ["visits", "sessions"],
  ["checkout", "checkoutsStarted"],
  ["payment", "paymentsInitiated"],
  ["paid", "paid"],
] as const;

/** The `days` UTC day keys ending with `until`, oldest first. */
export function insightDays(until: string, days: InsightsSpan): string[] {
  if (!INSIGHTS_SPANS.includes(days)) throw new Error("shopInsights: days is 1, 7 or 30");
  const last = Date.parse(`${until}T00:00:00Z`);
  if (Number.isNaN(last)) throw new Error("shopInsights: until is a day, YYYY-MM-DD");
  return Array.from({ length: days }, (_, index) => new Date(last - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10));
}

/** part / whole to 4 decimals (as the server's `rules.insights`), null when whole is 0. */
const ratio = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedCounts = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).sort(([a], [b]) => byKey(a, b)));

function hoursOf(counters: Counters, field: string): number[] {
  const byHour = group(counters, field);
  return Array.from({ length: 24 }, (_, hour) => byHour[String(hour).padStart(2, "0")] ?? 0);
}

function ranked(counts: Record<string, number>): RankedPage[] {
  return Object.entries(counts)
    .sort(([a, first], [b, second]) => second - first || byKey(a, b))
    .slice(0, TOP)
    .map(([id, views]) => ({ id, views }));
}

function funnelOf(counters: Counters): FunnelStep[] {
  const counts = FUNNEL.map(([, field]) => figure(counters, field));
  return FUNNEL.map(([step], index) => {
    const count = counts[index] ?? 0;
    const next = counts[index + 1];
    // A checkout started on a later day than its visit can make a step exceed the one before.
    const abandoned = next === undefined ? 0 : Math.max(count - next, 0);
    return { step, count, abandoned, abandonment: next === undefined ? null : ratio(abandoned, count) };
  });
}

function methodsOf(counters: Counters): PaymentMethodFigures[] {
  const methods = counters["methods"];
  if (typeof methods !== "object") return [];
  const rows = Object.entries(methods).map(([method, value]) => {
    const m = typeof value === "object" ? value : {};
    return { method, attempts: figure(m, "attempts"), succeeded: figure(m, "succeeded"), failed: figure(m, "failed") };
  });
  const attempts = rows.reduce((total, row) => total + row.attempts, 0);
  return rows
    .map((row) => ({ ...row, share: ratio(row.attempts, attempts), successRate: ratio(row.succeeded, row.attempts) }))
    .sort((a, b) => b.attempts - a.attempts || byKey(a.method, b.method));
}

/** What the Insights show, from each day's summed counters (`days` oldest first). */
function insightsOf(days: readonly string[], perDay: readonly Counters[]): ShopInsights {
  const counters: Counters = {};
  for (const day of perDay) fold(counters, day);
  const paymentMethods = methodsOf(counters);
  const attempts = paymentMethods.reduce((total, m) => total + m.attempts, 0);
  const succeeded = paymentMethods.reduce((total, m) => total + m.succeeded, 0);
  return {
    days: [...days],
    visits: figure(counters, "sessions"),
    pageViews: figure(counters, "pageViews"),
    revenueCents: figure(counters, "revenueCents"),
    funnel: funnelOf(counters),
    paymentMethods,
    paymentSuccessRate: ratio(succeeded, attempts),
    errorsByCode: sortedCounts(group(counters, "errors")),
    errorsByDay: days.map((day, index) => ({ day, byCode: sortedCounts(group(perDay[index] ?? {}, "errors")) })),
    activityByHour: hoursOf(counters, "pageViewsByHour"),
    visitsByHour: hoursOf(counters, "visitsByHour"),
    topCategories: ranked(group(counters, "categories")),
    topOffers: ranked(group(counters, "offers")),
  };
}

/** A shop's Insights over 1, 7 or 30 days: one listener per day on its shards (at most 10 documents
 * a day, 300 for 30 days, however busy the shop), summed and derived here. */
export function shopInsightsRead(db: Firestore, shopId: string, options: ShopInsightsOptions): LiveRead<ShopInsights> {
  const days = insightDays(options.until ?? utcDay(), options.days);
  const perDay = days.map((day) => queryRead(buildQuery(db, "SHOP_DAY_SHARDS", { shopId, day }), sumShards));
  return mapRead(joinAll(db, perDay), (counters) => insightsOf(days, counters));
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
        redemptionsByCoupon: group(counters, "redemptionsByCoupon"),
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

/** Every user with a role (admins only), latest role change first (a registration is one). */
export function usersRead(db: Firestore, options: ListOptions = {}): LiveRead<WithId<UserProfileDocument>[]> {
  return listRead(db, "ALL_USERS", {}, options.limit ?? DEFAULT_LIMIT);
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
