// When the platform pulse (written by the every-minute job) is too old to show as current.
import type { PulseDocument } from "@storepulse/client";

export const STALE_AFTER_MS = 2 * 60 * 1000;

export function isStale(pulse: PulseDocument, now: number): boolean {
  return now - pulse.asOf.getTime() > STALE_AFTER_MS;
}
