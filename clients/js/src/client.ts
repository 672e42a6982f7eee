// `createStorepulse(app)`: one typed method per callable (derived from the generated contract, so
// a new callable needs no code here), the live reads under `watch`, and anonymous sign-in.
import { FirebaseError, type FirebaseApp } from "firebase/app";
import type { AppCheck } from "firebase/app-check";
import { connectAuthEmulator, getAuth, signInAnonymously, type Auth } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore, type Firestore } from "firebase/firestore";
import { EMULATOR_PORTS, functionUrl, invoke, postCallable, type CallTokens, type FunctionsLocation } from "./callable.js";
import { KEYED, LIMITED_USE_APP_CHECK, type CallableName, type Callables } from "./contract.generated.js";
import { StorepulseError } from "./errors.js";
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
} from "./documents.js";
import type { Listener, Unsubscribe } from "./live.js";
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
} from "./reads.js";
import { watchSession, type Session } from "./session.js";

export interface StorepulseOptions {
  /** The functions' region (default us-central1). */
  region?: string | undefined;
  /** Talk to the local emulators on this host (their ports are firebase.json's). */
  emulators?: { host: string } | undefined;
  /** The app's App Check instance, when it initialised App Check: calls then carry its token. */
  appCheck?: AppCheck | undefined;
  /** The fetch calls go through (default: the global one). */
  fetch?: typeof fetch | undefined;
}

/** `redeem_coupon` -> `redeemCoupon`. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A callable's request as a method takes it: the idempotency key is optional (the SDK makes
 * one per call when it is absent, and reuses it across its own retries). */
export type CallRequest<N extends CallableName> = "idempotencyKey" extends keyof Callables[N]["request"]
  ? Omit<Callables[N]["request"], "idempotencyKey"> & { idempotencyKey?: string | undefined }
  : Callables[N]["request"];

export type CallResponse<N extends CallableName> = Callables[N]["response"];

/** One method per callable, named in camelCase; a request whose fields are all optional may be left out. */
export type CallableMethods = {
  [N in CallableName as CamelCase<N>]: Partial<CallRequest<N>> extends CallRequest<N>
    ? (request?: CallRequest<N>) => Promise<CallResponse<N>>
    : (request: CallRequest<N>) => Promise<CallResponse<N>>;
};

/** Live reads: each returns its unsubscribe function and calls back with `{data, live, error}`. */
export interface Watchers {
  /** The signed-in user and their role claims (null when signed out); refreshes the ID token
   * when the server changed the user's role. The React provider runs it. */
  session(listener: Listener<Session | null>): Unsubscribe;
  /** The notification badge of `uid`. */
  unreadCount(uid: string, listener: Listener<UnreadCounts>): Unsubscribe;
  /** `uid`'s notifications, newest first. */
  notifications(uid: string, listener: Listener<WithId<NotificationDocument>[]>): Unsubscribe;
  notifications(uid: string, options: NotificationsOptions, listener: Listener<WithId<NotificationDocument>[]>): Unsubscribe;
  /** `uid`'s orders, latest change first. */
  orders(uid: string, listener: Listener<WithId<OrderDocument>[]>): Unsubscribe;
  orders(uid: string, options: ListOptions, listener: Listener<WithId<OrderDocument>[]>): Unsubscribe;
  /** One order with its timeline (oldest entry first). */
  order(orderId: string, listener: Listener<OrderWithTimeline | null>): Unsubscribe;
  /** A shop's visitors now. */
  liveVisitors(shopId: string, listener: Listener<LiveVisitors>): Unsubscribe;
  /** A shop's Insights over 1, 7 or 30 UTC days (its owner and admins may read them). */
  shopInsights(shopId: string, options: ShopInsightsOptions, listener: Listener<ShopInsights>): Unsubscribe;
  /** A live-stats scope: `platform`, `shop_<shopId>` or `affiliate_<affiliateId>`. */
  liveStats(scopeId: string, listener: Listener<LiveStats>): Unsubscribe;
  /** The admin feed, newest first. */
  adminFeed(listener: Listener<WithId<AdminActivityEntry>[]>): Unsubscribe;
  adminFeed(options: AdminFeedOptions, listener: Listener<WithId<AdminActivityEntry>[]>): Unsubscribe;
  /** `uid`'s loyalty cards (programs joined or asked to join), latest activity first. */
  loyaltyCards(uid: string, listener: Listener<WithId<EnrollmentDocument>[]>): Unsubscribe;
  /** The platform pulse (public; null until the every-minute job first wrote it). */
  pulse(listener: Listener<PulseDocument | null>): Unsubscribe;
  /** `uid`'s profile (`users/{uid}`: role fields, registration, tier; null before it exists). */
  profile(uid: string, listener: Listener<WithId<UserProfileDocument> | null>): Unsubscribe;
  /** `uid`'s redemptions, newest first. */
  redemptions(uid: string, listener: Listener<WithId<RedemptionDocument>[]>): Unsubscribe;
  redemptions(uid: string, options: ListOptions, listener: Listener<WithId<RedemptionDocument>[]>): Unsubscribe;
  /** One shop (its owner and admins; null: no such shop). */
  shop(shopId: string, listener: Listener<WithId<ShopDocument> | null>): Unsubscribe;
  /** Every shop (admins). */
  shops(listener: Listener<WithId<ShopDocument>[]>): Unsubscribe;
  /** Every affiliate (admins). */
  affiliates(listener: Listener<WithId<AffiliateDocument>[]>): Unsubscribe;
  /** Every user with a role (admins), latest role change first. */
  users(listener: Listener<WithId<UserProfileDocument>[]>): Unsubscribe;
  users(options: ListOptions, listener: Listener<WithId<UserProfileDocument>[]>): Unsubscribe;
  /** A shop's order board: every order still in progress, latest change first. */
  openOrders(shopId: string, listener: Listener<WithId<OrderDocument>[]>): Unsubscribe;
  /** The customers who redeemed at a shop, latest redemption first. */
  shopCustomers(shopId: string, listener: Listener<WithId<ShopCustomerDocument>[]>): Unsubscribe;
  shopCustomers(shopId: string, options: ListOptions, listener: Listener<WithId<ShopCustomerDocument>[]>): Unsubscribe;
  /** A shop's loyalty members (cards accepted), latest activity first. */
  loyaltyMembers(shopId: string, listener: Listener<WithId<EnrollmentDocument>[]>): Unsubscribe;
  loyaltyMembers(shopId: string, options: ListOptions, listener: Listener<WithId<EnrollmentDocument>[]>): Unsubscribe;
  /** A shop's failed payments, newest first. */
  paymentErrors(shopId: string, listener: Listener<WithId<PaymentErrorDocument>[]>): Unsubscribe;
  paymentErrors(shopId: string, options: ListOptions, listener: Listener<WithId<PaymentErrorDocument>[]>): Unsubscribe;
  /** A shop's coupons, latest saved first. */
  coupons(shopId: string, listener: Listener<WithId<CouponDocument>[]>): Unsubscribe;
  coupons(shopId: string, options: ListOptions, listener: Listener<WithId<CouponDocument>[]>): Unsubscribe;
  /** The customers an affiliate acquired, newest first (no contact details). */
  affiliateCustomers(affiliateId: string, listener: Listener<WithId<AffiliateCustomerDocument>[]>): Unsubscribe;
  affiliateCustomers(
    affiliateId: string,
    options: ListOptions,
    listener: Listener<WithId<AffiliateCustomerDocument>[]>,
  ): Unsubscribe;
}

export interface Storepulse extends CallableMethods {
  readonly app: FirebaseApp;
  readonly auth: Auth;
  readonly firestore: Firestore;
  readonly watch: Watchers;
  /** The signed-in user's uid, signing in anonymously when nobody is signed in. */
  ensureSignedIn(): Promise<string>;
}

/** What the storefront tracker uses of the client. */
export type TrackingClient = Pick<
  Storepulse,
  | "ensureSignedIn"
  | "trackPage"
  | "heartbeat"
  | "endSession"
  | "trackAction"
  | "checkoutStarted"
  | "paymentInitiated"
  | "paymentSucceeded"
  | "paymentFailed"
>;

const camelCase = (name: string): string => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A listener, after optional options (the `(uid, options?, listener)` shape of the watchers). */
function split<O, L>(rest: [L] | [O, L]): [O | undefined, L] {
  return rest.length === 1 ? [undefined, rest[0]] : rest;
}

async function appCheckToken(appCheck: AppCheck, limitedUse: boolean): Promise<string> {
  // Loaded only by apps that use App Check (which have loaded it already), so the SDK never
  // pulls App Check into an app that does not.
  const { getToken, getLimitedUseToken } = await import("firebase/app-check");
  // A limited-use token is spent by the callable: each try asks for a new one.
  return (limitedUse ? await getLimitedUseToken(appCheck) : await getToken(appCheck, false)).token;
}

export function createStorepulse(app: FirebaseApp, options: StorepulseOptions = {}): Storepulse {
  const { projectId } = app.options;
  if (projectId === undefined) throw new Error("createStorepulse: the Firebase app's options have no projectId");
  const auth = getAuth(app);
  const firestore = getFirestore(app);
  const host = options.emulators?.host;
  if (host !== undefined) {
    // Both are no-ops when the app already connected them to the same emulators.
    connectAuthEmulator(auth, `http://${host}:${EMULATOR_PORTS.auth}`, { disableWarnings: true });
    connectFirestoreEmulator(firestore, host, EMULATOR_PORTS.firestore);
  }
  const location: FunctionsLocation = { projectId, region: options.region, emulatorHost: host };

  const tokens = async (name: CallableName): Promise<CallTokens> => {
    try {
      await auth.authStateReady(); // a restored session is known before the first call
      return {
        idToken: await auth.currentUser?.getIdToken(),
        appCheckToken:
          options.appCheck === undefined
            ? undefined
            : await appCheckToken(options.appCheck, LIMITED_USE_APP_CHECK.has(name)),
      };
    } catch (error) {
      // Auth could not give a token: offline is worth a retry, anything else is the sign-in's.
      const offline = error instanceof FirebaseError && error.code === "auth/network-request-failed";
      throw new StorepulseError(offline ? "unavailable" : "unauthenticated", `No token for the call: ${String(error)}`);
    }
  };

  const call = (name: CallableName, request: object): Promise<unknown> => {
    const url = functionUrl(location, name);
    // end_session is sent as a page goes away (the tracker's pagehide): keepalive lets it outlive the page.
    const keepalive = name === "end_session";
    // Tokens are read per try: a retry after a token refresh sends the fresh one.
    const send = async (data: unknown): Promise<unknown> =>
      postCallable(url, data, await tokens(name), options.fetch, keepalive);
    return invoke(send, { ...request }, KEYED[name]);
  };

  const methods = Object.fromEntries(
    (Object.keys(KEYED) as CallableName[]).map((name) => [camelCase(name), (request: object = {}) => call(name, request)]),
  ) as unknown as CallableMethods;

  let signingIn: Promise<string> | undefined;
  const ensureSignedIn = async (): Promise<string> => {
    await auth.authStateReady();
    if (auth.currentUser !== null) return auth.currentUser.uid;
    // Parallel callers share one anonymous sign-in.
    signingIn ??= signInAnonymously(auth)
      .then((credential) => credential.user.uid)
      .finally(() => {
        signingIn = undefined;
      });
    return signingIn;
  };

  const watch: Watchers = {
    session: (listener) => watchSession(auth, firestore, listener),
    unreadCount: (uid, listener) => unreadCountRead(firestore, uid).subscribe(listener),
    notifications: (uid: string, ...rest: [Listener<WithId<NotificationDocument>[]>] | [NotificationsOptions, Listener<WithId<NotificationDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return notificationsRead(firestore, uid, chosen).subscribe(listener);
    },
    orders: (uid: string, ...rest: [Listener<WithId<OrderDocument>[]>] | [ListOptions, Listener<WithId<OrderDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return ordersRead(firestore, uid, chosen).subscribe(listener);
    },
    order: (orderId, listener) => orderRead(firestore, orderId).subscribe(listener),
    liveVisitors: (shopId, listener) => liveVisitorsRead(firestore, shopId).subscribe(listener),
    shopInsights: (shopId, options, listener) => shopInsightsRead(firestore, shopId, options).subscribe(listener),
    liveStats: (scopeId, listener) => liveStatsRead(firestore, scopeId).subscribe(listener),
    adminFeed: (...rest: [Listener<WithId<AdminActivityEntry>[]>] | [AdminFeedOptions, Listener<WithId<AdminActivityEntry>[]>]) => {
      const [chosen, listener] = split(rest);
      return adminFeedRead(firestore, chosen).subscribe(listener);
    },
    loyaltyCards: (uid, listener) => loyaltyCardsRead(firestore, uid).subscribe(listener),
    pulse: (listener) => pulseRead(firestore).subscribe(listener),
    profile: (uid, listener) => profileRead(firestore, uid).subscribe(listener),
    redemptions: (uid: string, ...rest: [Listener<WithId<RedemptionDocument>[]>] | [ListOptions, Listener<WithId<RedemptionDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return redemptionsRead(firestore, uid, chosen).subscribe(listener);
    },
    shop: (shopId, listener) => shopRead(firestore, shopId).subscribe(listener),
    shops: (listener) => shopsRead(firestore).subscribe(listener),
    affiliates: (listener) => affiliatesRead(firestore).subscribe(listener),
    users: (...rest: [Listener<WithId<UserProfileDocument>[]>] | [ListOptions, Listener<WithId<UserProfileDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return usersRead(firestore, chosen).subscribe(listener);
    },
    openOrders: (shopId, listener) => openOrdersRead(firestore, shopId).subscribe(listener),
    shopCustomers: (shopId: string, ...rest: [Listener<WithId<ShopCustomerDocument>[]>] | [ListOptions, Listener<WithId<ShopCustomerDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return shopCustomersRead(firestore, shopId, chosen).subscribe(listener);
    },
    loyaltyMembers: (shopId: string, ...rest: [Listener<WithId<EnrollmentDocument>[]>] | [ListOptions, Listener<WithId<EnrollmentDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return loyaltyMembersRead(firestore, shopId, chosen).subscribe(listener);
    },
    paymentErrors: (shopId: string, ...rest: [Listener<WithId<PaymentErrorDocument>[]>] | [ListOptions, Listener<WithId<PaymentErrorDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return paymentErrorsRead(firestore, shopId, chosen).subscribe(listener);
    },
    coupons: (shopId: string, ...rest: [Listener<WithId<CouponDocument>[]>] | [ListOptions, Listener<WithId<CouponDocument>[]>]) => {
      const [chosen, listener] = split(rest);
      return couponsRead(firestore, shopId, chosen).subscribe(listener);
    },
    affiliateCustomers: (
      affiliateId: string,
      ...rest: [Listener<WithId<AffiliateCustomerDocument>[]>] | [ListOptions, Listener<WithId<AffiliateCustomerDocument>[]>]
    ) => {
      const [chosen, listener] = split(rest);
      return affiliateCustomersRead(firestore, affiliateId, chosen).subscribe(listener);
    },
  };

  return { ...methods, app, auth, firestore, watch, ensureSignedIn };
}
