// The platform pulse document (platformPulse/current): aggregates only.
import type { DocumentSnapshot, Timestamp } from "firebase/firestore";

export interface HourBucket {
  hour: string;
  redemptions: number;
  actions: number;
  pageViews: number;
  scans: number;
  orders: number;
  total: number;
}

export interface Pulse {
  totalUsers: number;
  customers: number;
  shops: number;
  affiliates: number;
  activeToday: number;
  onlineNow: { signedIn: number; anonymous: number; total: number };
  lastHours: HourBucket[];
  tierDistribution: Record<"bronze" | "silver" | "gold" | "platinum", number>;
  asOf: Date;
}

export const STALE_AFTER_MS = 2 * 60 * 1000;

export function readPulse(snap: DocumentSnapshot): Pulse {
  const data = snap.data() as Omit<Pulse, "asOf"> & { asOf: Timestamp };
  return { ...data, asOf: data.asOf.toDate() };
}

export function isStale(pulse: Pulse, now: number): boolean {
  return now - pulse.asOf.getTime() > STALE_AFTER_MS;
}
