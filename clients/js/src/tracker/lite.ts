// The script tag's TrackingClient, without the Firebase JS SDK: the callables over the callable
// protocol (callable.ts) and an anonymous Firebase Auth user over the public Auth REST API
// (Identity Toolkit's accounts:signUp, the Secure Token API's refresh). A storefront page carries
// only what tracking uses.
import { EMULATOR_PORTS, functionUrl, invoke, postCallable, type FunctionsLocation } from "../callable.js";
import type { CallRequest, CallResponse } from "../client.js";
import { KEYED, type CallableName } from "../contract.generated.js";
import { StorepulseError } from "../errors.js";
import type { TrackingClient } from "./client.js";

export interface LiteOptions extends FunctionsLocation {
  /** The Firebase web API key (it names the project to Auth; the Auth emulator takes any). */
  apiKey: string;
  fetch?: typeof fetch;
  /** Where the anonymous visitor is remembered, so a returning one keeps its uid (localStorage by default; null: nowhere). */
  storage?: Storage | null;
}

interface Visitor {
  uid: string;
  idToken: string;
  refreshToken: string;
  expiresAt: number; // epoch ms
}

// A token this close to expiry is refreshed before use, so no call carries an expired one, and
// while the tab is visible (heartbeats) the token the closing page's end_session needs is at hand.
const REFRESH_MARGIN_MS = 5 * 60_000;

export function createLiteClient(options: LiteOptions): TrackingClient {
  const { apiKey, emulatorHost } = options;
  const fetchImpl = options.fetch ?? fetch;
  // The emulator serves the same REST paths under its own origin.
  const authOrigin = emulatorHost === undefined ? "https://" : `http://${emulatorHost}:${EMULATOR_PORTS.auth}/`;
  const key = `storepulse:visitor:${options.projectId}:${apiKey}:${emulatorHost ?? ""}`;
  // Storage can be refused outright (blocked cookies, some private modes): then nothing is remembered.
  const storage = (): Storage | null => {
    try {
      return options.storage === undefined ? localStorage : options.storage;
    } catch {
      return null;
    }
  };
  let visitor = ((): Visitor | null => {
    try {
      return JSON.parse(storage()?.getItem(key) ?? "null") as Visitor | null;
    } catch {
      return null;
    }
  })();
  let pending: Promise<Visitor> | undefined;

  const authPost = async (path: string, body: BodyInit, json: boolean): Promise<Record<string, string>> => {
    let response: Response;
    try {
      response = await fetchImpl(`${authOrigin}${path}?key=${encodeURIComponent(apiKey)}`, {
        method: "POST",
        headers: json ? { "Content-Type": "application/json" } : {},
        body,
      });
    } catch (error) {
      throw new StorepulseError("unavailable", `Sign-in did not reach Firebase Auth: ${String(error)}`);
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return answer as Record<string, string>;
    const { message } = (answer.error ?? {}) as { message?: string };
    throw new StorepulseError(
      response.status >= 500 || response.status === 429 ? "unavailable" : "unauthenticated",
      `Firebase Auth refused the visitor's sign-in: ${message ?? `HTTP ${response.status}`}`,
    );
  };

  const remember = (uid: string, idToken: string, refreshToken: string, expiresIn: string): Visitor => {
    visitor = { uid, idToken, refreshToken, expiresAt: Date.now() + Number(expiresIn) * 1000 };
    try {
      storage()?.setItem(key, JSON.stringify(visitor));
    } catch {
      // Full or refused: this page still has the visitor; the next one signs in anew.
    }
    return visitor;
  };

  const signUp = async (): Promise<Visitor> => {
    const made = await authPost(
      "identitytoolkit.googleapis.com/v1/accounts:signUp",
      JSON.stringify({ returnSecureToken: true }),
      true,
    );
    return remember(made.localId ?? "", made.idToken ?? "", made.refreshToken ?? "", made.expiresIn ?? "0");
  };

  const refresh = async (known: Visitor): Promise<Visitor> => {
    let renewed: Record<string, string>;
    try {
      renewed = await authPost(
        "securetoken.googleapis.com/v1/token",
        new URLSearchParams({ grant_type: "refresh_token", refresh_token: known.refreshToken }),
        false,
      );
    } catch (error) {
      // A refused refresh (the user was deleted or disabled, or the token revoked): a new visitor.
      if (error instanceof StorepulseError && error.code === "unauthenticated") return signUp();
      throw error;
    }
    return remember(
      renewed.user_id ?? known.uid,
      renewed.id_token ?? "",
      renewed.refresh_token ?? known.refreshToken,
      renewed.expires_in ?? "0",
    );
  };

  /** The visitor with an ID token good for a while yet: remembered, refreshed, or signed up. */
  const signedIn = (): Promise<Visitor> => {
    if (visitor !== null && visitor.expiresAt - REFRESH_MARGIN_MS > Date.now()) return Promise.resolve(visitor);
    const known = visitor;
    pending ??= (known === null ? signUp() : refresh(known)).finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const callable =
    <N extends CallableName>(name: N, keepalive = false) =>
    (request: CallRequest<N>): Promise<CallResponse<N>> => {
      const url = functionUrl(options, name);
      const send = async (data: unknown): Promise<unknown> =>
        postCallable(url, data, { idToken: (await signedIn()).idToken }, fetchImpl, keepalive);
      return invoke(send, { ...request }, KEYED[name]) as Promise<CallResponse<N>>;
    };

  return {
    trackPage: callable("track_page"),
    heartbeat: callable("heartbeat"),
    endSession: callable("end_session", true),
    trackAction: callable("track_action"),
    checkoutStarted: callable("checkout_started"),
    paymentInitiated: callable("payment_initiated"),
    paymentSucceeded: callable("payment_succeeded"),
    paymentFailed: callable("payment_failed"),
    ensureSignedIn: async () => (await signedIn()).uid,
  };
}
