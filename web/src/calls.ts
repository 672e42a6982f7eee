// Acting only through the callables. Every mutating call carries a fresh idempotency key, so a
// retried click never acts twice.
import { httpsCallable, type Functions } from "firebase/functions";

export async function call<T>(functions: Functions, name: string, data: Record<string, unknown>): Promise<T> {
  const callable = httpsCallable<Record<string, unknown>, T>(functions, name);
  const result = await callable({ idempotencyKey: `web-${crypto.randomUUID()}`, ...data });
  return result.data;
}

/** A callable that only answers (it changes nothing, so it takes no idempotency key). */
export async function ask<T>(functions: Functions, name: string, data: Record<string, unknown>): Promise<T> {
  const result = await httpsCallable<Record<string, unknown>, T>(functions, name)(data);
  return result.data;
}

export function explain(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
