// Reading untyped Firestore fields safely in a page (one helper each, shared by every page).
import type { QueryDocumentSnapshot, Timestamp } from "firebase/firestore";

export type Row = Record<string, unknown> & { id: string };

export const row = (snap: QueryDocumentSnapshot): Row => ({ ...snap.data(), id: snap.id });
export const text = (value: unknown): string => (typeof value === "string" ? value : "");
export const count = (value: unknown): number => (typeof value === "number" ? value : 0);
export const time = (value: unknown): string => (value as Timestamp | null)?.toDate().toLocaleTimeString() ?? "";

/** The sum of a (nested) counter over every shard of a sharded document. */
export function sum(shards: Record<string, unknown>[] | undefined, path: string[]): number {
  return (shards ?? []).reduce((total, shard) => {
    let value: unknown = shard;
    for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
    return total + count(value);
  }, 0);
}
