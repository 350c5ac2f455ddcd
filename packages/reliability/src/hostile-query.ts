// fast-check generator of hostile query strings: adversarial keys and values, broken
// percent-encoding, odd separators, huge values. ASCII on the wire, like what a proxy forwards.
import fc from "fast-check";
import { PARAMS } from "./oracle.ts";

// Values chosen to hit parsers' edges: numbers, encodings, injection, prototype keys, structure.
export const NASTY_VALUES = [
  "1e309",
  "-0",
  "0x10",
  " 5",
  "5 ",
  "5.0",
  "+5",
  "05",
  "9007199254740993",
  "9007199254740991",
  "-9007199254740993",
  "1e3",
  "Infinity",
  "-Infinity",
  "NaN",
  "0",
  "-1",
  "101",
  "100",
  "1",
  "١٢",
  "５",
  "0b11",
  "0o7",
  "1_000",
  "",
  " ",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "[object Object]",
  "running",
  "RUNNING",
  "running,",
  ",running",
  "running,,stopped",
  "running,stopped",
  "A100,H100",
  "us-east-1",
  "created_at",
  "asc",
  "DESC",
  "%",
  "_",
  "\\",
  "%_\\",
  "' OR 1=1 --",
  "'; DROP TABLE clusters; --",
  "$1",
  "::text",
  "E'\\\\x00'",
  "\u0000",
  "a\u0000b",
  "\u202e",
  "\ufeff",
  "\ud83d",
  "\ud83d\ude80",
  "é",
  "İ",
  "ß",
  "2026-01-31",
  "2026-02-30",
  "2026-01-31T12:00:00Z",
  "2026-01-31T12:00:00+02:00",
  "2026-01-31T12:00:00",
  "2026-13-01",
  "0000-01-01",
  "9999-12-31T23:59:59Z",
  "2026-01-31T24:00:00Z",
  "+275760-09-13T00:00:00Z",
  "x".repeat(201),
  "y".repeat(5000),
];
const NASTY_KEYS = [
  ...PARAMS,
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "page[]",
  "status[]",
  "status[0]",
  "page[a][b]",
  "a[b][c][d]",
  "PAGE",
  "Page",
  " page",
  "page ",
  "sort-by",
  "sortBy",
  "limit\u0000",
  "é",
  "",
  "=",
  "&",
  "a.b",
  "search\u202e",
  "q",
];

/** Raw percent-encoding spellings, valid and broken: "%zz", truncated "%", invalid UTF-8, encoded NUL. */
const BROKEN_ENCODINGS = [
  "%",
  "%z",
  "%zz",
  "%FF",
  "%C3%28",
  "%ED%A0%80",
  "%F4%90%80%80",
  "%C0%AF",
  "%00",
  "%25",
  "%2",
  "%%",
  "%u0041",
  "%E2%80%AE",
  "%EF%BB%BF",
  "%0A",
  "%0D%0A",
];

/** Percent-encodes every UTF-8 byte; lone surrogates become U+FFFD's bytes instead of throwing. */
const encodeBytes = (s: string) =>
  Array.from(Buffer.from(s, "utf8"), (b) => `%${b.toString(16).padStart(2, "0")}`).join("");

const rawValue = fc.oneof(
  fc.constantFrom(...NASTY_VALUES).map(encodeBytes),
  fc.constantFrom(...NASTY_VALUES.filter((v) => /^[\x21-\x7e]*$/.test(v) && !/[&#%]/.test(v))),
  fc
    .array(fc.oneof(fc.constantFrom(...BROKEN_ENCODINGS), fc.constantFrom("a", "1", "-", ",", "+", "=")), {
      maxLength: 6,
    })
    .map((a) => a.join("")),
  fc.string({ unit: "binary", maxLength: 30 }).map(encodeBytes),
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x21-\x7e]|[&#%]/g, "")),
);
const rawKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_KEYS).map(encodeBytes) },
  { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).map(encodeBytes) },
);
const pair = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(rawKey, rawValue).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: rawKey }, // no '=' at all
  { weight: 1, arbitrary: fc.tuple(rawKey, rawValue, rawValue).map(([k, v, w]) => `${k}=${v}=${w}`) },
);

const knownKeyPairs = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...PARAMS), rawValue), {
    minLength: 1,
    maxLength: 3,
    selector: ([k]) => k,
  })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

/** An ASCII-only query string (what a proxy would forward), adversarial in every other way. */
export const hostileQuery = fc.oneof(
  fc
    .tuple(
      fc.array(pair, { minLength: 1, maxLength: 12 }),
      fc.constantFrom("&", "&", "&", "&&", ";", "&amp;"),
    )
    .map(([pairs, sep]) => pairs.join(sep)),
  // Documented keys with adversarial values: these are often valid, so results get compared too.
  knownKeyPairs,
);
