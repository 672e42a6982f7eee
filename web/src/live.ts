// Listening the one way every page does: an error callback that says what went wrong (a rules
// denial is never a silently empty page) and a live / reconnecting flag from snapshot metadata.
import {
  onSnapshot,
  type DocumentReference,
  type DocumentSnapshot,
  type FirestoreError,
  type Query,
  type QueryDocumentSnapshot,
} from "firebase/firestore";
import { useEffect, useState } from "react";

export interface Live<T> {
  data: T | undefined;
  live: boolean;
  error: string | undefined;
}

export function describe(error: FirestoreError): string {
  return error.code === "permission-denied"
    ? "You are not allowed to see this."
    : `This view is unavailable right now (${error.code}).`;
}

export function useDocument<T>(ref: DocumentReference | undefined, read: (snap: DocumentSnapshot) => T): Live<T> {
  const [state, setState] = useState<Live<T>>({ data: undefined, live: false, error: undefined });
  useEffect(() => {
    if (!ref) return undefined;
    return onSnapshot(
      ref,
      { includeMetadataChanges: true },
      (snap) => {
        setState({ data: snap.exists() ? read(snap) : undefined, live: !snap.metadata.fromCache, error: undefined });
      },
      (error) => {
        setState({ data: undefined, live: false, error: describe(error) });
      },
    );
    // `read` is a pure mapping chosen by the caller; the listener follows the reference.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ref?.path]);
  return state;
}

export function useQuery<T>(target: Query | undefined, key: string, read: (snap: QueryDocumentSnapshot) => T): Live<T[]> {
  const [state, setState] = useState<Live<T[]>>({ data: undefined, live: false, error: undefined });
  useEffect(() => {
    if (!target) return undefined;
    return onSnapshot(
      target,
      { includeMetadataChanges: true },
      (snap) => {
        setState({ data: snap.docs.map(read), live: !snap.metadata.fromCache, error: undefined });
      },
      (error) => {
        setState({ data: undefined, live: false, error: describe(error) });
      },
    );
    // The listener follows `key` (what the query asks for); `read` is a pure mapping.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
