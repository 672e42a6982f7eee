// How the app writes numbers, money, plurals and times: `Intl`, in the browser's language. Money
// is kept in cents with its currency (`€16.79`); a time is relative ("2 min ago") with the exact
// one beside it for a tooltip or a title.

const numbers = new Intl.NumberFormat();
const rules = new Intl.PluralRules();
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });
const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** A count as people read it: 1,234. */
export function count(value: number): string {
  return numbers.format(value);
}

/** "1 redemption", "2 redemptions": the count with the word that fits it. */
export function plural(value: number, one: string, other: string): string {
  return `${count(value)} ${rules.select(value) === "one" ? one : other}`;
}

/** The currency of coupon discounts and affiliate commissions: the server's one platform setting
 * (PLATFORM_CURRENCY in storepulse.platform.currencies), as coupons and redemptions carry none. */
export const PLATFORM_CURRENCY = "EUR";

/** Money from cents and an ISO currency: €16.79. */
export function money(cents: number, currency = PLATFORM_CURRENCY): string {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`; // an unknown currency code
  }
}

const percentFormat = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

/** A share (0..1) as people read it: 0.4615 is 46.2%. */
export function percent(share: number): string {
  return percentFormat.format(share);
}

/** The exact date and time, for a title or a tooltip. */
export function exact(date: Date): string {
  return exactFormat.format(date);
}

/** A clock time: 14:05. */
export function clock(date: Date): string {
  return clockFormat.format(date);
}

const STEPS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
];

/** "just now", "2 min ago", "3 hr ago", "in 20 min": relative to `now`. */
export function relative(date: Date, now: number): string {
  let value = (date.getTime() - now) / 1000;
  if (Math.abs(value) < 30) return "just now";
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relativeFormat.format(Math.round(value), unit);
    value /= size;
  }
  return relativeFormat.format(Math.round(value), "year");
}
