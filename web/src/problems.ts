// What a page says when a read or a call fails: the reader's words for a rules denial (the SDK's
// own message is written for developers), the server's message for a refused call.
import type { StorepulseError } from "@storepulse/client";

/** A live read's failure, as the page shows it. */
export function readProblem(error: StorepulseError): string {
  return error.code === "permission-denied"
    ? "You are not allowed to see this."
    : `This view is unavailable right now (${error.code}).`;
}

/** A call's failure, as the page shows it. */
export function explain(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
