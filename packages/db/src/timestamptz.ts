// pg's text parser for timestamptz, made fast for the form PostgreSQL prints: a listing parses four
// per row, and pg's own (a regex, then Date arithmetic) was the largest item of row parsing in the
// packages/bench profile. Anything unusual (infinity, BC, an offset with seconds) goes to pg's.
import pg from "pg";

export const TIMESTAMPTZ_OID = 1184;

const parseWithPg = pg.types.getTypeParser(TIMESTAMPTZ_OID, "text") as (text: string) => Date;

const ZERO = 48;
/** The number written by the digits at [start, end), or NaN if any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/** "2026-10-31 22:28:29.889+00", "… 22:28:29+05:30" (up to six fraction digits) → Date. */
export function parseTimestamptz(text: string): Date {
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === 46 /* . */) {
    const start = ++i;
    while (i < text.length && i - start < 6 && text.charCodeAt(i) >= ZERO && text.charCodeAt(i) <= ZERO + 9)
      i++;
    const fraction = text.slice(start, Math.min(i, start + 3)).padEnd(3, "0");
    millis = digits(fraction, 0, 3);
  }
  const sign = text.charCodeAt(i);
  const rest = text.length - i;
  if ((sign !== 43 && sign !== 45) || (rest !== 3 && rest !== 6) || (rest === 6 && text[i + 3] !== ":")) {
    return parseWithPg(text);
  }
  const offset =
    (sign === 45 ? -1 : 1) *
    (digits(text, i + 1, i + 3) * 60 + (rest === 6 ? digits(text, i + 4, i + 6) : 0));
  const year = digits(text, 0, 4);
  const utc = Date.UTC(
    year,
    digits(text, 5, 7) - 1,
    digits(text, 8, 10),
    digits(text, 11, 13),
    digits(text, 14, 16),
    digits(text, 17, 19),
    millis,
  );
  const separatorsOk =
    text[4] === "-" && text[7] === "-" && text[10] === " " && text[13] === ":" && text[16] === ":";
  // Date.UTC reads years 0–99 as 1900–1999: those, and anything malformed, are pg's to parse.
  if (!separatorsOk || !(year >= 100) || Number.isNaN(utc - offset)) return parseWithPg(text);
  return new Date(utc - offset * 60_000);
}
