// The one error every Storepulse call rejects with: the callable's code, the field the server
// named (when it named one) and its message.

/** The codes a callable answers with (Firebase's callable codes, kebab-case). */
export type StorepulseErrorCode =
  | "invalid-argument"
  | "unauthenticated"
  | "permission-denied"
  | "not-found"
  | "already-exists"
  | "failed-precondition"
  | "resource-exhausted"
  | "unavailable"
  | "deadline-exceeded"
  | "aborted"
  | "cancelled"
  | "out-of-range"
  | "unimplemented"
  | "data-loss"
  | "internal"
  | "unknown";

export interface FieldProblem {
  field: string;
  message: string;
}

export class StorepulseError extends Error {
  readonly code: StorepulseErrorCode;
  /** The first field the server named (invalid-argument), if any. */
  readonly field: string | undefined;
  /** Every field the server named, with its own message. */
  readonly fields: readonly FieldProblem[];
  readonly details: unknown;

  constructor(code: StorepulseErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "StorepulseError";
    this.code = code;
    this.details = details;
    this.fields = fieldsOf(details);
    this.field = this.fields[0]?.field;
  }
}

function fieldsOf(details: unknown): FieldProblem[] {
  if (typeof details !== "object" || details === null || !("fields" in details)) return [];
  const { fields } = details;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { field, message } = entry as Record<string, unknown>;
    return typeof field === "string" ? [{ field, message: typeof message === "string" ? message : "" }] : [];
  });
}

/** Any failure as a StorepulseError (the SDK's own errors pass through unchanged). */
export function asStorepulseError(error: unknown): StorepulseError {
  if (error instanceof StorepulseError) return error;
  return new StorepulseError("unknown", error instanceof Error ? error.message : String(error));
}
