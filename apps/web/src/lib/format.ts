/** Display formatting shared by the table, the cards and the detail panel. */

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const integer = new Intl.NumberFormat("en-US");
const exact = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "long",
  timeZone: "UTC",
});

export const formatUsd = (dollars: number) => usd.format(dollars);
export const formatCount = (value: number) => integer.format(value);
export const formatExact = (iso: string) => exact.format(new Date(iso));

/** The instant in the viewer's own time zone, named: "Dec 8, 2026, 1:41:12 PM GMT+9". */
export const formatLocal = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "long" }).format(new Date(iso));

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];
const relative = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });

/** "3 hours ago", "in 2 days": relative to `now`, in the largest unit that fits. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second")
      return relative.format(Math.trunc(seconds / size), unit);
  }
  return relative.format(0, "second");
}
