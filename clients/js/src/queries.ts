// The only place the SDK builds Firestore queries: each is declared in queries.json and is one of
// storepulse.queries (tests/unit/test_web_queries.py checks both), so every query an app runs
// through the SDK is indexed and allowed by the rules for its role.
import { collection, limit, orderBy, query, where, type Firestore, type Query } from "firebase/firestore";
import declared from "./queries.json" with { type: "json" };

export type QueryName = Exclude<keyof typeof declared, "_comment">;

interface QuerySpec {
  collection: string;
  equals: string[];
  orderBy: string[][];
}

/** An equality field's value; a list is an `in` filter (one of them), served by the same index. */
export type QueryValue = string | readonly string[];

/** The declared query `name` for `values` (its equality fields and the `{placeholders}` of a
 * subcollection path), at most `max` documents. */
export function buildQuery(db: Firestore, name: QueryName, values: Readonly<Record<string, QueryValue>>, max?: number): Query {
  const spec: QuerySpec = declared[name];
  const valueOf = (field: string): QueryValue => {
    const value = values[field];
    if (value === undefined) throw new Error(`query ${name} needs a value for ${field}`);
    return value;
  };
  const segment = (field: string): string => {
    const value = valueOf(field);
    if (typeof value !== "string") throw new Error(`query ${name}: the path's ${field} is one id, not a list`);
    return value;
  };
  const path = spec.collection.replace(/\{(\w+)\}/g, (_, field: string) => segment(field));
  const constraints = [
    ...spec.equals.map((field) => {
      const value = valueOf(field);
      return typeof value === "string" ? where(field, "==", value) : where(field, "in", value);
    }),
    ...spec.orderBy.map(([field = "", direction]) => orderBy(field, direction === "desc" ? "desc" : "asc")),
    ...(max === undefined ? [] : [limit(max)]),
  ];
  return query(collection(db, path), ...constraints);
}
