// The callable protocol, the one implementation both the SDK and the script-tag tracker use:
// POST {data} as JSON with the caller's ID token (and App Check token), answered by {result} or
// {error: {status, message, details}}. Documented in docs/api.md ("The callable protocol").
import { StorepulseError, type StorepulseErrorCode } from "./errors.js";

export const DEFAULT_REGION = "us-central1";
/** The emulators' ports (firebase.json); `emulators.host` names only their host. */
export const EMULATOR_PORTS = { auth: 9099, firestore: 8080, functions: 5001 } as const;

export interface FunctionsLocation {
  projectId: string;
  region?: string | undefined;
  /** The emulators' host (for example "127.0.0.1"); absent for the real project. */
  emulatorHost?: string | undefined;
}

/** The tokens a call carries; each absent one is simply not sent. */
export interface CallTokens {
  idToken?: string | undefined;
  appCheckToken?: string | undefined;
}

export function functionUrl(location: FunctionsLocation, name: string): string {
  const region = location.region ?? DEFAULT_REGION;
  if (location.emulatorHost !== undefined) {
    return `http://${location.emulatorHost}:${EMULATOR_PORTS.functions}/${location.projectId}/${region}/${name}`;
  }
  return `https://${region}-${location.projectId}.cloudfunctions.net/${name}`;
}

const STATUS_CODES: Record<string, StorepulseErrorCode> = {
  INVALID_ARGUMENT: "invalid-argument",
  UNAUTHENTICATED: "unauthenticated",
  PERMISSION_DENIED: "permission-denied",
  NOT_FOUND: "not-found",
  ALREADY_EXISTS: "already-exists",
  FAILED_PRECONDITION: "failed-precondition",
  RESOURCE_EXHAUSTED: "resource-exhausted",
  UNAVAILABLE: "unavailable",
  DEADLINE_EXCEEDED: "deadline-exceeded",
  ABORTED: "aborted",
  CANCELLED: "cancelled",
  OUT_OF_RANGE: "out-of-range",
  UNIMPLEMENTED: "unimplemented",
  DATA_LOSS: "data-loss",
  INTERNAL: "internal",
  UNKNOWN: "unknown",
};

/** HTTP statuses with no callable body (a proxy or load balancer answered): worth a retry. */
const UNAVAILABLE_HTTP = new Set([429, 502, 503, 504]);

/**
 * One POST of the callable protocol. Rejects with a StorepulseError: the server's code, or
 * `unavailable` when the request never got a callable answer (network failure, gateway error).
 */
export async function postCallable(
  url: string,
  data: unknown,
  tokens: CallTokens,
  fetchImpl: typeof fetch = fetch,
  keepalive = false,
): Promise<unknown> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (tokens.idToken !== undefined) headers.Authorization = `Bearer ${tokens.idToken}`;
  if (tokens.appCheckToken !== undefined) headers["X-Firebase-AppCheck"] = tokens.appCheckToken;
  let response: Response;
  try {
    response = await fetchImpl(url, { method: "POST", headers, body: JSON.stringify({ data }), keepalive });
  } catch (error) {
    throw new StorepulseError("unavailable", `The request did not reach Storepulse: ${String(error)}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (typeof body === "object" && body !== null) {
    if ("error" in body && typeof body.error === "object" && body.error !== null) {
      const { status, message, details } = body.error as Record<string, unknown>;
      const code = STATUS_CODES[String(status)] ?? "unknown";
      throw new StorepulseError(code, typeof message === "string" ? message : code, details);
    }
    if (response.ok && "result" in body) return body.result;
  }
  const code: StorepulseErrorCode = UNAVAILABLE_HTTP.has(response.status) ? "unavailable" : "internal";
  throw new StorepulseError(code, `Storepulse answered HTTP ${response.status} without a callable result.`);
}

/** Mutating calls retry these (with the same idempotency key, so one intent acts once). */
export function isRetryable(error: unknown): boolean {
  return error instanceof StorepulseError && (error.code === "unavailable" || error.code === "deadline-exceeded");
}

export const RETRY_DELAYS_MS = [200, 800] as const; // three tries in all

/** A fresh idempotency key (one per intent; reused across that intent's retries). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * Send `data`, retrying an `unavailable` answer or a network failure up to twice with backoff.
 * A `keyed` (mutating) callable gets one idempotency key for all tries, the caller's own when it
 * passed one, so one intent acts once; the others change nothing, so a retry is harmless.
 */
export async function invoke(
  send: (data: unknown) => Promise<unknown>,
  data: Record<string, unknown>,
  keyed: boolean,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<unknown> {
  const payload = keyed && data.idempotencyKey === undefined ? { ...data, idempotencyKey: newIdempotencyKey() } : data;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send(payload);
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isRetryable(error)) throw error;
      await sleep(delay * (0.5 + Math.random()));
    }
  }
}
