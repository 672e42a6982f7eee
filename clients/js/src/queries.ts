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

/** The declared query `name` for `values` (its equality fields and the `{placeholders}` of a
 * subcollection path), at most `max` documents. */
export function buildQuery(db: Firestore, name: QueryName, values: Readonly<Record<string, string>>, max?: number): Query {
  const spec: QuerySpec = declared[name];
  const valueOf = (field: string): string => {
    const value = values[field];
    if (value === undefined) throw new Error(`query ${name} needs a value for ${field}`);
    return value;
  };
  const path = spec.collection.replace(/\{(\w+)\}/g, (_, field: string) => valueOf(field));
  const constraints = [
    ...spec.equals.map((field) => where(field, "==", valueOf(field))),
    ...spec.orderBy.map(([field = "", direction]) => orderBy(field, direction === "desc" ? "desc" : "asc")),
    ...(max === undefined ? [] : [limit(max)]),
  ];
  return query(collection(db, path), ...constraints);
}
