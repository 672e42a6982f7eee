// Every live read the SDK offers: what it listens to (one of queries.json, or a document) and
// what it makes of the snapshots. `sp.watch` and the React hooks are both built on these.
import { doc, type DocumentSnapshot, type Firestore, type QuerySnapshot } from "firebase/firestore";
import type { Category, PageType } from "./contract.generated.js";
import type {
  AdminActivityEntry,
  EnrollmentDocument,
  UnreadCounts,
  NotificationDocument,
  OrderDocument,
  PulseDocument,
  TimelineEntry,
  WithId,
} from "./documents.js";
import { documentRead, joinReads, queryRead, revive, type LiveRead } from "./live.js";
import { buildQuery } from "./queries.js";

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
  const target =
    options.category === undefined
      ? buildQuery(db, "BELL", { recipientUid: uid }, max)
      : buildQuery(db, "BELL_BY_CATEGORY", { recipientUid: uid, category: options.category }, max);
  return queryRead(target, rows<NotificationDocument>);
}

export function ordersRead(db: Firestore, uid: string, options: ListOptions = {}): LiveRead<WithId<OrderDocument>[]> {
  const target = buildQuery(db, "MY_ORDERS", { customerId: uid }, options.limit ?? DEFAULT_LIMIT);
  return queryRead(target, rows<OrderDocument>);
}

/** One order with its timeline; null when there is no such order. */
export function orderRead(db: Firestore, orderId: string): LiveRead<OrderWithTimeline | null> {
  return joinReads(
    db,
    documentRead(doc(db, "orders", orderId), (snapshot) => (snapshot.exists() ? withId<OrderDocument>(snapshot) : null)),
    queryRead(buildQuery(db, "ORDER_TIMELINE", { orderId }), rows<TimelineEntry>),
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
  const target =
    options.type === undefined
      ? buildQuery(db, "ADMIN_FEED", {}, max)
      : buildQuery(db, "ADMIN_FEED_BY_TYPE", { type: options.type }, max);
  return queryRead(target, rows<AdminActivityEntry>);
}

export function loyaltyCardsRead(db: Firestore, uid: string): LiveRead<WithId<EnrollmentDocument>[]> {
  return queryRead(buildQuery(db, "MY_CARDS", { customerId: uid }), rows<EnrollmentDocument>);
}

/** The platform pulse; null until the every-minute job first wrote it. */
export function pulseRead(db: Firestore): LiveRead<PulseDocument | null> {
  return documentRead(doc(db, "platformPulse", "current"), (snapshot) =>
    snapshot.exists() ? (revive(snapshot.data()) as PulseDocument) : null,
  );
}
