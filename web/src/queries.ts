// The only place the web app builds Firestore queries: each is declared in queries.json and is one
// of storepulse.queries (tests/tooling checks both, so every query the app runs is indexed and
// allowed by the rules for its role).
import {
  collection,
  limit as limitTo,
  orderBy,
  query,
  where,
  type Firestore,
  type Query,
  type QueryConstraint,
} from "firebase/firestore";
import declared from "./queries.json";

export interface QuerySpec {
  collection: string;
  equals: string[];
  orderBy: [string, "asc" | "desc"][];
}

export type QueryName = Exclude<keyof typeof declared, "_comment">;

export function spec(name: QueryName): QuerySpec {
  return declared[name] as QuerySpec;
}

/** The declared query `name` for `values`: equality fields (a list is an `in` filter, served by the
 * same index) and the `{placeholders}` of a subcollection path. */
export function build(db: Firestore, name: QueryName, values: Record<string, string | string[]>, max?: number): Query {
  const declaredSpec = spec(name);
  const path = declaredSpec.collection.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ""));
  const constraints: QueryConstraint[] = [
    ...declaredSpec.equals.map((field) => {
      const value = values[field];
      return Array.isArray(value) ? where(field, "in", value) : where(field, "==", value);
    }),
    ...declaredSpec.orderBy.map(([field, direction]) => orderBy(field, direction)),
  ];
  if (max !== undefined) constraints.push(limitTo(max));
  return query(collection(db, path), ...constraints);
}
