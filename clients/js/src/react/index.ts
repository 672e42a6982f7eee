// @storepulse/client/react: a provider and headless hooks over the SDK's live reads. A hook
// follows what its read asks for (queryEqual / refEqual of its targets, no caller-made keys):
// the same target keeps its listener across renders; a changed one resets the hook's state and
// moves the listener. Hooks listen again when the signed-in user or their role changes, so a
// read denied before a role grant recovers once the refreshed token carries it.
import { DocumentReference, queryEqual, refEqual } from "firebase/firestore";
import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from "react";
import type { Storepulse } from "../client.js";
import type { Category, MarkNotificationsResponse } from "../contract.generated.js";
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
  UserProfileDocument,
  WithId,
} from "../documents.js";
import { asStorepulseError, type StorepulseError } from "../errors.js";
import { NOTHING_YET, type LiveRead, type LiveState, type Target } from "../live.js";
import {
  adminFeedRead,
  affiliateCustomersRead,
  affiliatesRead,
  couponsRead,
  liveStatsRead,
  liveVisitorsRead,
  loyaltyCardsRead,
  loyaltyMembersRead,
  notificationsRead,
  openOrdersRead,
  orderRead,
  ordersRead,
  paymentErrorsRead,
  profileRead,
  pulseRead,
  redemptionsRead,
  shopCustomersRead,
  shopRead,
  shopInsightsRead,
  shopsRead,
  usersRead,
  unreadCountRead,
  type AdminFeedOptions,
  type ListOptions,
  type LiveStats,
  type LiveVisitors,
  type NotificationsOptions,
  type OrderWithTimeline,
  type ShopInsights,
  type ShopInsightsOptions,
} from "../reads.js";
import type { Session } from "../session.js";

interface Shared {
  client: Storepulse;
  /** undefined until Auth knows; null when nobody is signed in. */
  session: Session | null | undefined;
}

const StorepulseContext = createContext<Shared | undefined>(undefined);

export interface StorepulseProviderProps {
  /** The client from `createStorepulse(app)` (make it once, outside the component tree). */
  client: Storepulse;
  children?: ReactNode;
}

/** Gives the hooks below it the client and the session (whose role changes refresh the token). */
export function StorepulseProvider({ client, children }: StorepulseProviderProps): ReactElement {
  const [known, setKnown] = useState<{ client: Storepulse; session: Session | null }>();
  useEffect(
    () =>
      client.watch.session((state) => {
        if (state.data !== undefined) setKnown({ client, session: state.data });
      }),
    [client],
  );
  const session = known?.client === client ? known.session : undefined;
  const shared = useMemo(() => ({ client, session }), [client, session]);
  return createElement(StorepulseContext.Provider, { value: shared }, children);
}

function useShared(): Shared {
  const shared = useContext(StorepulseContext);
  if (shared === undefined) throw new Error("Storepulse hooks need a <StorepulseProvider client={...}> above them");
  return shared;
}

/** The client of the nearest provider. */
export function useStorepulse(): Storepulse {
  return useShared().client;
}

/** The signed-in user with their role claims: undefined until known, null when signed out. */
export function useSession(): Session | null | undefined {
  return useShared().session;
}

function sameTarget(first: Target, second: Target): boolean {
  if (first instanceof DocumentReference || second instanceof DocumentReference) {
    return first instanceof DocumentReference && second instanceof DocumentReference && refEqual(first, second);
  }
  return queryEqual(first, second);
}

function sameRead<T>(first: LiveRead<T> | undefined, second: LiveRead<T> | undefined): boolean {
  if (first === undefined || second === undefined) return first === second;
  return (
    first.targets.length === second.targets.length &&
    first.targets.every((target, index) => {
      const other = second.targets[index];
      return other !== undefined && sameTarget(target, other);
    })
  );
}

/**
 * Records the signed-in user's moves between an app's pages as `tab_change` actions, which the
 * admin feed shows: one per change of `path` (`{from, to}`), none for the page they arrive on, none
 * for visitors. A refused or failed call (the actions' rate limit, no network) is dropped:
 * navigating never waits on it.
 */
export function useTabChanges(path: string): void {
  const { client, session } = useShared();
  const previous = useRef<string | undefined>(undefined);
  const signedIn = session !== undefined && session !== null && !session.anonymous;
  useEffect(() => {
    const from = previous.current;
    previous.current = signedIn ? path : undefined;
    if (!signedIn || from === undefined || from === path) return;
    client.trackAction({ action: "tab_change", context: { from, to: path } }).catch(() => undefined);
  }, [client, path, signedIn]);
}

/** A read followed by what it asks for; nothing is read while `read` is undefined. */
function useLiveRead<T>(read: LiveRead<T> | undefined): LiveState<T> {
  const { session } = useShared();
  // Who reads with which claims: a change means listening again (rules judge the new token).
  const reader = session === undefined ? undefined : session === null ? "" : [session.uid, session.role, session.shopId, session.affiliateId].join("/");
  const [followed, setFollowed] = useState(read);
  let current = followed;
  if (!sameRead(followed, read)) {
    // A new target: adopt it in this very render (React's "state from props" pattern), so the
    // state below, tagged with the read it belongs to, shows nothing of the previous target.
    current = read;
    setFollowed(read);
  }
  const [shown, setShown] = useState<{ read: LiveRead<T>; state: LiveState<T> }>();
  useEffect(() => {
    // Auth must be known first: a listener opened before would be judged as signed out.
    if (current === undefined || reader === undefined) return undefined;
    return current.subscribe((state) => {
      setShown({ read: current, state });
    });
  }, [current, reader]);
  return current !== undefined && shown?.read === current ? shown.state : NOTHING_YET;
}

/** The notification badge of `uid` (`unread`, `unseen`, `unreadByCategory`). */
export function useUnreadCount(uid: string | undefined): LiveState<UnreadCounts> {
  const { firestore } = useStorepulse();
  return useLiveRead(uid === undefined ? undefined : unreadCountRead(firestore, uid));
}

export interface NotificationMarks {
  /** Marks these notifications read (nothing to do for none). */
  markRead(ids: readonly string[]): Promise<MarkNotificationsResponse | undefined>;
  /** Marks every notification read (of the hook's category, when it has one). */
  markAllRead(): Promise<MarkNotificationsResponse>;
}

export type NotificationsState = LiveState<WithId<NotificationDocument>[]> & NotificationMarks;

/** `uid`'s notifications, newest first, with the marks a bell needs. */
export function useNotifications(uid: string | undefined, options: NotificationsOptions = {}): NotificationsState {
  const client = useStorepulse();
  const { category, limit } = options;
  const state = useLiveRead(uid === undefined ? undefined : notificationsRead(client.firestore, uid, { category, limit }));
  return { ...state, ...useMarks(client, category) };
}

function useMarks(client: Storepulse, category: Category | undefined): NotificationMarks {
  return useMemo(
    () => ({
      markRead: async (ids: readonly string[]): Promise<MarkNotificationsResponse | undefined> => {
        const [first, ...others] = ids;
        return first === undefined ? undefined : client.markNotifications({ ids: [first, ...others], state: "read" });
      },
      markAllRead: (): Promise<MarkNotificationsResponse> =>
        client.markNotifications(category === undefined ? { all: true, state: "read" } : { all: true, category, state: "read" }),
    }),
    [client, category],
  );
}

/** `uid`'s orders, latest change first. */
export function useOrders(uid: string | undefined, options: ListOptions = {}): LiveState<WithId<OrderDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(uid === undefined ? undefined : ordersRead(firestore, uid, { limit: options.limit }));
}

/** One order with its timeline (null data: no such order). */
export function useOrder(orderId: string | undefined): LiveState<OrderWithTimeline | null> {
  const { firestore } = useStorepulse();
  return useLiveRead(orderId === undefined ? undefined : orderRead(firestore, orderId));
}

/** A shop's visitors now (its owner and admins may read them). */
export function useLiveVisitors(shopId: string | undefined): LiveState<LiveVisitors> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopId === undefined ? undefined : liveVisitorsRead(firestore, shopId));
}

/** A shop's Insights over 1, 7 or 30 UTC days (its owner and admins may read them); a new span or
 * shop moves the listeners. */
export function useShopInsights(shopId: string | undefined, options: ShopInsightsOptions): LiveState<ShopInsights> {
  const { firestore } = useStorepulse();
  return useLiveRead(
    shopId === undefined ? undefined : shopInsightsRead(firestore, shopId, { days: options.days, until: options.until }),
  );
}

/** A live-stats scope: `platform`, `shop_<shopId>` or `affiliate_<affiliateId>`. */
export function useLiveStats(scopeId: string | undefined): LiveState<LiveStats> {
  const { firestore } = useStorepulse();
  return useLiveRead(scopeId === undefined ? undefined : liveStatsRead(firestore, scopeId));
}

/** The admin feed, newest first (admins only). */
export function useAdminFeed(options: AdminFeedOptions = {}): LiveState<WithId<AdminActivityEntry>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(adminFeedRead(firestore, { type: options.type, action: options.action, limit: options.limit }));
}

/** `uid`'s loyalty cards, latest activity first. */
export function useLoyaltyCards(uid: string | undefined): LiveState<WithId<EnrollmentDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(uid === undefined ? undefined : loyaltyCardsRead(firestore, uid));
}

/** The platform pulse (public; null data until the every-minute job first wrote it). */
export function usePulse(): LiveState<PulseDocument | null> {
  const { firestore } = useStorepulse();
  return useLiveRead(pulseRead(firestore));
}

/** `uid`'s profile (role fields, registration, tier; null data: no profile yet). */
export function useProfile(uid: string | undefined): LiveState<WithId<UserProfileDocument> | null> {
  const { firestore } = useStorepulse();
  return useLiveRead(uid === undefined ? undefined : profileRead(firestore, uid));
}

/** `uid`'s redemptions, newest first. */
export function useRedemptions(uid: string | undefined, options: ListOptions = {}): LiveState<WithId<RedemptionDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(uid === undefined ? undefined : redemptionsRead(firestore, uid, { limit: options.limit }));
}

/** One shop (its owner and admins; null data: no such shop). */
export function useShop(shopId: string | undefined): LiveState<WithId<ShopDocument> | null> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopId === undefined ? undefined : shopRead(firestore, shopId));
}

/** Every shop (admins only). */
export function useShops(): LiveState<WithId<ShopDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopsRead(firestore));
}

/** Every affiliate (admins only). */
export function useAffiliates(): LiveState<WithId<AffiliateDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(affiliatesRead(firestore));
}

/** Every user with a role (admins only), latest role change first. */
export function useUsers(options: ListOptions = {}): LiveState<WithId<UserProfileDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(usersRead(firestore, { limit: options.limit }));
}

/** A shop's order board: every order still in progress, latest change first. */
export function useOpenOrders(shopId: string | undefined): LiveState<WithId<OrderDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopId === undefined ? undefined : openOrdersRead(firestore, shopId));
}

/** The customers who redeemed at a shop, latest redemption first. */
export function useShopCustomers(shopId: string | undefined, options: ListOptions = {}): LiveState<WithId<ShopCustomerDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopId === undefined ? undefined : shopCustomersRead(firestore, shopId, { limit: options.limit }));
}

/** A shop's loyalty members (cards accepted), latest activity first. */
export function useLoyaltyMembers(shopId: string | undefined, options: ListOptions = {}): LiveState<WithId<EnrollmentDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopId === undefined ? undefined : loyaltyMembersRead(firestore, shopId, { limit: options.limit }));
}

/** A shop's failed payments, newest first. */
export function usePaymentErrors(shopId: string | undefined, options: ListOptions = {}): LiveState<WithId<PaymentErrorDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopId === undefined ? undefined : paymentErrorsRead(firestore, shopId, { limit: options.limit }));
}

/** A shop's coupons, latest saved first. */
export function useCoupons(shopId: string | undefined, options: ListOptions = {}): LiveState<WithId<CouponDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(shopId === undefined ? undefined : couponsRead(firestore, shopId, { limit: options.limit }));
}

/** The customers an affiliate acquired, newest first (no contact details). */
export function useAffiliateCustomers(
  affiliateId: string | undefined,
  options: ListOptions = {},
): LiveState<WithId<AffiliateCustomerDocument>[]> {
  const { firestore } = useStorepulse();
  return useLiveRead(affiliateId === undefined ? undefined : affiliateCustomersRead(firestore, affiliateId, { limit: options.limit }));
}

/** A customer's code is good for 120 s; showing a fresh one every 60 s leaves a scan time. */
export const QR_REFRESH_MS = 60_000;

export interface QrTokenState {
  /** What the QR code shows. */
  token: string | undefined;
  expiresAt: Date | undefined;
  error: StorepulseError | undefined;
}

/** The signed-in customer's rotating QR code: a fresh one now and every minute. */
export function useQrToken(): QrTokenState {
  const { client, session } = useShared();
  const uid = session?.uid;
  const [shown, setShown] = useState<{ uid: string; state: QrTokenState }>();
  useEffect(() => {
    if (uid === undefined) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const issue = (): void => {
      void client
        .issueQrToken()
        .then(
          ({ token, expiresAt }) => ({ token, expiresAt: new Date(expiresAt), error: undefined }),
          (error: unknown) => ({ token: undefined, expiresAt: undefined, error: asStorepulseError(error) }),
        )
        .then((state) => {
          if (stopped) return;
          setShown({ uid, state });
          timer = setTimeout(issue, QR_REFRESH_MS);
        });
    };
    issue();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, uid]);
  return uid !== undefined && shown?.uid === uid ? shown.state : { token: undefined, expiresAt: undefined, error: undefined };
}
