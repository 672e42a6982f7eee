// Listening the one way every read does: with metadata changes (so `live` flips when the server
// confirms what the cache showed), and an error that says what went wrong (a rules denial is
// never a silently empty view).
import {
  onSnapshot,
  onSnapshotsInSync,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type FirestoreError,
  type Query,
  type QuerySnapshot,
} from "firebase/firestore";
import { StorepulseError } from "./errors.js";

/** What a live read shows: `data` is undefined until the first snapshot (and after an error);
 * `live` is false while it comes from the local cache (offline, or not yet confirmed). */
export interface LiveState<T> {
  data: T | undefined;
  live: boolean;
  error: StorepulseError | undefined;
}

export type Listener<T> = (state: LiveState<T>) => void;
export type Unsubscribe = () => void;

/** What a read listens to: hooks compare these (queryEqual, refEqual) to follow a read by
 * what it asks for rather than by an object's identity. */
export type Target = Query | DocumentReference;

export interface LiveRead<T> {
  readonly targets: readonly Target[];
  subscribe(listener: Listener<T>): Unsubscribe;
}

export const NOTHING_YET: LiveState<never> = { data: undefined, live: false, error: undefined };

export function readError(error: FirestoreError): StorepulseError {
  const message =
    error.code === "permission-denied"
      ? "Not allowed: the security rules do not let the signed-in user read this."
      : `This read failed (${error.code}): ${error.message}`;
  return new StorepulseError(error.code, message, { firestore: error.message });
}

function reviveValue(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate();
  if (Array.isArray(value)) return value.map(reviveValue);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, reviveValue(field)]));
  }
  return value;
}

/** A document's fields with its Firestore timestamps as `Date`s, all the way down. */
export function revive(data: DocumentData): DocumentData {
  return reviveValue(data) as DocumentData;
}

export function documentRead<T>(ref: DocumentReference, read: (snapshot: DocumentSnapshot) => T): LiveRead<T> {
  return {
    targets: [ref],
    subscribe: (listener) =>
      onSnapshot(
        ref,
        { includeMetadataChanges: true },
        (snapshot) => {
          listener({ data: read(snapshot), live: !snapshot.metadata.fromCache, error: undefined });
        },
        (error) => {
          listener({ data: undefined, live: false, error: readError(error) });
        },
      ),
  };
}

export function queryRead<T>(target: Query, read: (snapshot: QuerySnapshot) => T): LiveRead<T> {
  return {
    targets: [target],
    subscribe: (listener) =>
      onSnapshot(
        target,
        { includeMetadataChanges: true },
        (snapshot) => {
          listener({ data: read(snapshot), live: !snapshot.metadata.fromCache, error: undefined });
        },
        (error) => {
          listener({ data: undefined, live: false, error: readError(error) });
        },
      ),
  };
}

/** A read whose data is `map` of another's. */
export function mapRead<A, T>(read: LiveRead<A>, map: (a: A) => T): LiveRead<T> {
  return {
    targets: read.targets,
    subscribe: (listener) =>
      read.subscribe((state) => {
        listener(state.data === undefined ? { data: undefined, live: state.live, error: state.error } : { ...state, data: map(state.data) });
      }),
  };
}

/**
 * Reads of one database shown as one: data once all have some, live when all are, the first
 * error. A change the server made to several at once (an order and its timeline entry, written in
 * one transaction) is shown once, when every listener has it (Firestore's snapshots-in-sync),
 * never half applied.
 */
export function joinAll<T>(db: Firestore, reads: readonly LiveRead<T>[]): LiveRead<T[]> {
  return {
    targets: reads.flatMap((read) => read.targets),
    subscribe: (listener) => {
      const states: LiveState<T>[] = reads.map(() => NOTHING_YET);
      let changed = false;
      let failed = false;
      const emit = (): void => {
        if (!changed || failed) return;
        changed = false;
        const data = states.map((state) => state.data);
        if (data.every((part): part is T => part !== undefined)) {
          listener({ data, live: states.every((state) => state.live), error: undefined });
        }
      };
      // An error ends a Firestore listener: say so at once (no in-sync event need follow it).
      const fail = (state: LiveState<unknown>): boolean => {
        if (state.error === undefined || failed) return failed;
        failed = true;
        listener({ data: undefined, live: false, error: state.error });
        return true;
      };
      const stops = reads.map((read, index) =>
        read.subscribe((state) => {
          states[index] = state;
          changed = !fail(state);
        }),
      );
      const stopSync = onSnapshotsInSync(db, emit);
      return () => {
        stopSync();
        for (const stop of stops) stop();
      };
    },
  };
}

/** Two reads of one database shown as one (`joinAll` of the two, then `join`). */
export function joinReads<A, B, T>(
  db: Firestore,
  first: LiveRead<A>,
  second: LiveRead<B>,
  join: (a: A, b: B) => T,
): LiveRead<T> {
  const pair = joinAll<unknown>(db, [first, second]);
  return mapRead(pair, ([a, b]) => join(a as A, b as B));
}
