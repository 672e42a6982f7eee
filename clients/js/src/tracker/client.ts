// What the tracker needs of a Storepulse client (the visitor and checkout callables and a signed-in
// user) is the SDK's `TrackingClient`. The SDK (createStorepulse) and the script tag's lite client
// (lite.ts) both provide it, so the tracker runs on either without knowing which; both send
// `endSession` with keepalive, since the tracker calls it on `pagehide`.
export type { TrackingClient } from "../client.js";
