// A table the reader sorts and searches: a column header is a button (so a keyboard can sort too)
// inside a th that says how the table is sorted (`aria-sort`), and a search box narrows the rows.
import { Table, TextInput, UnstyledButton } from "@mantine/core";
import { useState, type ReactNode } from "react";

export type Direction = "ascending" | "descending";

/** A column's sort key: a string sorts as words (any case), a number or a date by size. */
export type SortKey<T> = (row: T) => string | number | Date | null | undefined;

export interface Sorting<C extends string> {
  column: C;
  direction: Direction;
  /** Sort by `column`: ascending first, the other way when it already sorts the table. */
  toggle: (column: C) => void;
}

export function useSorting<C extends string>(column: C, direction: Direction): Sorting<C> {
  const [state, setState] = useState<{ column: C; direction: Direction }>({ column, direction });
  const toggle = (next: C) => {
    setState((now) =>
      now.column === next ? { column: next, direction: now.direction === "ascending" ? "descending" : "ascending" } : { column: next, direction: "ascending" },
    );
  };
  return { ...state, toggle };
}

const words = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

function compare(a: ReturnType<SortKey<never>>, b: ReturnType<SortKey<never>>): number {
  // Missing values go last whichever way the table is sorted.
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "string" && typeof b === "string") return words.compare(a, b);
  return Number(a) - Number(b);
}

/** The rows sorted by the chosen column's key. */
export function sorted<T, C extends string>(rows: readonly T[], sorting: Sorting<C>, keys: Record<C, SortKey<T>>): T[] {
  const key = keys[sorting.column];
  const sign = sorting.direction === "ascending" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === null || x === undefined || y === null || y === undefined) return compare(x, y);
    return sign * compare(x, y);
  });
}

/** Rows whose text contains the search (any case). */
export function matching<T>(rows: readonly T[], search: string, text: (row: T) => string): T[] {
  const wanted = search.trim().toLowerCase();
  return wanted ? rows.filter((row) => text(row).toLowerCase().includes(wanted)) : [...rows];
}

const ARROWS: Record<Direction, string> = { ascending: "▲", descending: "▼" };

/** A header that sorts its table by its column. */
export function SortTh<C extends string>({ column, sorting, children }: { column: C; sorting: Sorting<C>; children: ReactNode }) {
  const active = sorting.column === column;
  return (
    <Table.Th aria-sort={active ? sorting.direction : "none"} p={0}>
      <UnstyledButton
        onClick={() => {
          sorting.toggle(column);
        }}
        px="sm"
        py={6}
        w="100%"
        fw={700}
        fz="sm"
        style={{ whiteSpace: "nowrap" }}
      >
        {children}{" "}
        <span aria-hidden="true" style={{ opacity: active ? 1 : 0.3 }}>
          {active ? ARROWS[sorting.direction] : "↕"}
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}

export function SearchBox({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      label={label}
      type="search"
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value);
      }}
      maw={360}
      mb="sm"
    />
  );
}
