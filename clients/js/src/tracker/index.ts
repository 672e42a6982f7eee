// @storepulse/client/tracker: a storefront's visitor session, tracked by itself. It moves the
// shop's live visitors as the visitor moves through the pages (SPA navigation included), keeps
// the session alive while the tab is visible, and ends it when the page goes away.
import { StorepulseError } from "../errors.js";
import type { CallRequest, CallResponse } from "../client.js";
import type { ActionType, TrackActionRequest, TrackActionResponse } from "../contract.generated.js";
import type { TrackingClient } from "./client.js";
import { currentPage, DEFAULT_PAGES, type PageMap } from "./pages.js";
import { warn } from "./warn.js";

export type { TrackingClient } from "./client.js";
export { DEFAULT_PAGES, matchPath, type Page, type PageMap } from "./pages.js";

export interface TrackingOptions {
  shopId: string;
  /** Path patterns to page types (DEFAULT_PAGES when absent); <body data-sp-page> overrides them. */
  pages?: PageMap;
  /** Where the tracker's own failed calls go (track_page, heartbeat, end_session); console.warn by default. */
  onError?: (error: unknown) => void;
}

export type ActionContext = TrackActionRequest["context"];

export interface Tracker {
  /** This visit's session id (one per startTracking). */
  readonly sessionId: string;
  track(action: ActionType, context?: ActionContext): Promise<TrackActionResponse>;
  checkoutStarted(request: Omit<CallRequest<"checkout_started">, "sessionId" | "shopId">): Promise<CallResponse<"checkout_started">>;
  paymentInitiated(request: CallRequest<"payment_initiated">): Promise<CallResponse<"payment_initiated">>;
  paymentSucceeded(request: CallRequest<"payment_succeeded">): Promise<CallResponse<"payment_succeeded">>;
  paymentFailed(request: CallRequest<"payment_failed">): Promise<CallResponse<"payment_failed">>;
  /** Stop tracking and end the session (resolves once end_session has answered). */
  stop(): Promise<void>;
}

/**
 * A visible tab's heartbeat. The server counts a visitor "online now" for 5 minutes after its last
 * activity and expires a session after 30 idle minutes, and writes nothing for beats under 15 s
 * apart: one a minute keeps a visitor online through a few lost beats at one write a minute.
 */
export const HEARTBEAT_MS = 60_000;

const DEVICE = { platform: "web" } as const;
const HISTORY_METHODS = ["pushState", "replaceState"] as const;
const PAGE_ATTRIBUTES = ["data-sp-page", "data-sp-id"];

export function startTracking(sp: TrackingClient, options: TrackingOptions): Tracker {
  const { shopId, pages = DEFAULT_PAGES, onError = warn } = options;
  const sessionId = crypto.randomUUID();
  // The page the session was last sent to (undefined: the session is not on any page).
  let current: string | undefined;
  // From <body> on (the page is read from it) until stop(): history wrappers do nothing outside.
  let active = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  // One call at a time, in order: a later page must land after an earlier one, and checkout_started
  // needs the session's first track_page. A failed call is its caller's to handle; the next still goes.
  let queue: Promise<unknown> = sp.ensureSignedIn().catch(onError);
  const enqueue = <T>(call: () => Promise<T>): Promise<T> => {
    const next = queue.then(call);
    queue = next.catch(() => undefined);
    return next;
  };

  /** Send the session to the page now, unless it is already there. */
  const visit = (): void => {
    if (!active) return;
    const page = currentPage(pages);
    if (page === null) return;
    const key = `${page.pageType}/${page.pageId ?? ""}`;
    if (key === current) return;
    current = key;
    const referrer = document.referrer.slice(0, 500) || null; // kept by the server for a new visit only
    enqueue(() => sp.trackPage({ sessionId, shopId, ...page, referrer })).catch((error: unknown) => {
      if (current === key) current = undefined; // the next heartbeat or navigation tries again
      onError(error);
    });
  };

  const beat = (): void => {
    // On no page yet (its track_page failed, or the page came back from the back/forward cache):
    // the page itself is what to send.
    if (current === undefined) {
      visit();
      return;
    }
    enqueue(() => sp.heartbeat({ sessionId })).catch((error: unknown) => {
      // Ended or expired while the tab slept (or never landed): start the visit again.
      if (error instanceof StorepulseError && (error.code === "failed-precondition" || error.code === "not-found")) {
        current = undefined;
        visit();
      } else {
        onError(error);
      }
    });
  };

  const schedule = (): void => {
    clearInterval(timer);
    timer = document.visibilityState === "visible" ? setInterval(beat, HEARTBEAT_MS) : undefined;
  };
  // A tab shown again beats at once: it may have slept past the online window.
  const onVisibility = (): void => {
    if (document.visibilityState === "visible") beat();
    schedule();
  };

  // Not queued: on pagehide the request must leave before the page does (the client sends it with
  // keepalive), whatever else is in flight.
  const end = (): Promise<void> => {
    if (current === undefined) return Promise.resolve();
    current = undefined;
    return sp.endSession({ sessionId }).then(() => undefined, onError);
  };
  const onPageHide = (): void => void end();
  // Back from the back/forward cache: the page was hidden (its session ended) and is shown again.
  const onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) visit();
  };
  const onNavigate = (): void => {
    visit();
  };

  // SPA navigation: history's own methods, wrapped (no event announces pushState).
  const originals = HISTORY_METHODS.map((name) => {
    // Kept as it is (not bound) so that stop() can put back the very same function.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = history[name];
    const wrapped: History[typeof name] = (data, unused, url) => {
      original.call(history, data, unused, url);
      visit();
    };
    history[name] = wrapped;
    return { name, original, wrapped };
  });
  // A storefront that names its pages on <body> may do so after its router changed the path.
  const observer = new MutationObserver(onNavigate);

  const begin = (): void => {
    active = true;
    observer.observe(document.body, { attributeFilter: PAGE_ATTRIBUTES });
    visit();
    schedule();
  };
  addEventListener("popstate", onNavigate);
  addEventListener("pagehide", onPageHide);
  addEventListener("pageshow", onPageShow);
  document.addEventListener("visibilitychange", onVisibility);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin, { once: true });
  else begin();

  return {
    sessionId,
    track: (action, context) =>
      enqueue(() => sp.trackAction({ action, context: context ?? null, shopId, sessionId, device: DEVICE })),
    checkoutStarted: (request) => enqueue(() => sp.checkoutStarted({ ...request, sessionId, shopId })),
    paymentInitiated: (request) => enqueue(() => sp.paymentInitiated(request)),
    paymentSucceeded: (request) => enqueue(() => sp.paymentSucceeded(request)),
    paymentFailed: (request) => enqueue(() => sp.paymentFailed(request)),
    stop: () => {
      active = false;
      clearInterval(timer);
      observer.disconnect();
      document.removeEventListener("DOMContentLoaded", begin);
      removeEventListener("popstate", onNavigate);
      removeEventListener("pagehide", onPageHide);
      removeEventListener("pageshow", onPageShow);
      document.removeEventListener("visibilitychange", onVisibility);
      // Put history back unless something wrapped it after us (then our wrapper stays, inert).
      for (const { name, original, wrapped } of originals) if (history[name] === wrapped) history[name] = original;
      return enqueue(end);
    },
  };
}
