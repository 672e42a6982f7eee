// What the tracker needs of a Storepulse client: the visitor and checkout callables and a signed-in
// user. The SDK (createStorepulse) and the script tag's lite client (lite.ts) both provide it, so
// the tracker runs on either without knowing which.
import type {
  CheckoutResponse,
  CheckoutStartedRequest,
  PaymentFailedRequest,
  PaymentInitiatedRequest,
  PaymentResponse,
  PaymentSucceededRequest,
  SessionRequest,
  SessionResponse,
  TrackActionRequest,
  TrackActionResponse,
  TrackPageRequest,
} from "../contract.generated.js";

export interface TrackingClient {
  trackPage(request: TrackPageRequest): Promise<SessionResponse>;
  heartbeat(request: SessionRequest): Promise<SessionResponse>;
  /** Sent so that it outlives the page (`fetch` with `keepalive`): the tracker calls it on `pagehide`. */
  endSession(request: SessionRequest): Promise<SessionResponse>;
  trackAction(request: TrackActionRequest): Promise<TrackActionResponse>;
  checkoutStarted(request: CheckoutStartedRequest): Promise<CheckoutResponse>;
  paymentInitiated(request: PaymentInitiatedRequest): Promise<PaymentResponse>;
  paymentSucceeded(request: PaymentSucceededRequest): Promise<PaymentResponse>;
  paymentFailed(request: PaymentFailedRequest): Promise<PaymentResponse>;
  /** The signed-in user's uid, signing in anonymously first when nobody is signed in. */
  ensureSignedIn(): Promise<string>;
}
