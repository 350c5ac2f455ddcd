// fast-check generator of valid filters, each spelled as a query string in one of many equivalent
// ways (percent-encoding variants, parameter order, empty parameters, a raw '+' in offsets).
import fc from "fast-check";
import type { Row } from "./fleet-data.ts";
import { GPU_TYPES, PARAMS, REGIONS, SORT_KEYS, SORT_ORDERS, STATUSES } from "./oracle.ts";

type Pair = [string, string];

/** Percent-encodes a key or value, randomly in one of several equivalent spellings. */
const spelling = fc.record({ lowerHex: fc.boolean(), plusForSpace: fc.boolean(), extraEncode: fc.boolean() });
function encode(s: string, how: { lowerHex: boolean; plusForSpace: boolean; extraEncode: boolean }): string {
  let out = encodeURIComponent(s);
  if (how.extraEncode)
    out = out.replace(/[a-z]/g, (c, i: number) =>
      i % 3 === 0 ? `%${c.charCodeAt(0).toString(16).toUpperCase()}` : c,
    );
  if (how.plusForSpace) out = out.replaceAll("%20", "+");
  if (how.lowerHex) out = out.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  return out;
}

const subset = (values: string[]) => fc.subarray(values, { minLength: 1 }).map((v) => v.join(","));

/** Random case changes of a substring of some row's name or description: these searches do match. */
const matchingSearch = (rows: Row[]) =>
  fc
    .tuple(fc.constantFrom(...rows), fc.nat(), fc.nat({ max: 12 }), fc.boolean(), fc.boolean())
    .map(([row, start, length, useName, upper]) => {
      const source = useName || !row.description ? row.name : row.description;
      const chars = Array.from(source).filter((c) => !/\p{Cc}/u.test(c));
      const from = start % Math.max(1, chars.length);
      const piece = chars.slice(from, from + Math.max(1, length)).join("");
      return upper ? piece.toUpperCase() : piece;
    })
    // Full-case-mapping expansions (ß → SS) would not be the same string any more: keep only safe ones.
    .filter(
      (s) => s.length > 0 && s.length <= 200 && Array.from(s.toUpperCase()).length === Array.from(s).length,
    );

const META = [
  "%",
  "_",
  "\\",
  "'",
  '"',
  "%_",
  "\\%",
  "\\\\",
  "'; --",
  "*",
  "?",
  "[",
  "]",
  "^",
  "$",
  "(",
  ")",
  "|",
  "+",
  ".",
];
const anySearch = (rows: Row[]) =>
  fc.oneof(
    matchingSearch(rows),
    fc.constantFrom(...META),
    fc.array(fc.constantFrom(...META, "a", "e", " "), { minLength: 1, maxLength: 8 }).map((a) => a.join("")),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
    fc.string({ unit: "binary", minLength: 1, maxLength: 20 }).filter((s) => !/\p{Cc}/u.test(s)),
  );

const isoForms = (rows: Row[]) => {
  const times = rows.map((r) => r.createdAt.getTime());
  const [min, max] = [Math.min(...times) - 86_400_000, Math.max(...times) + 86_400_000];
  return fc
    .tuple(
      fc.integer({ min, max }),
      fc.constantFrom("date", "z", "zms", "offset", "rawplus"),
      fc.integer({ min: -12, max: 14 }),
    )
    .map(([t, form, hours]) => {
      const d = new Date(t);
      if (form === "date") return { value: d.toISOString().slice(0, 10), raw: false };
      if (form === "z") return { value: `${d.toISOString().slice(0, 19)}Z`, raw: false };
      if (form === "zms") return { value: d.toISOString(), raw: false };
      const local = new Date(t + hours * 3_600_000).toISOString().slice(0, 19);
      const offset = `${hours < 0 ? "-" : "+"}${String(Math.abs(hours)).padStart(2, "0")}:00`;
      // "rawplus": the '+' is sent unencoded and arrives as a space, which the API must read as '+'.
      return { value: `${local}${offset}`, raw: form === "rawplus" && hours >= 0 };
    });
};

/** A valid filter and the query string that spells it. */
export function validQuery(rows: Row[], projects: string[], templates: string[]) {
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
  const gpuPair = fc
    .tuple(fc.nat({ max: 17 }), fc.nat({ max: 17 }))
    .map(([x, y]) => [Math.min(x, y), Math.max(x, y)]);
  return fc
    .record({
      page: opt(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Number.MAX_SAFE_INTEGER))),
      limit: opt(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(1, 7, 100))),
      status: opt(subset(STATUSES)),
      gpu_type: opt(subset(GPU_TYPES)),
      region: opt(subset(REGIONS)),
      project_id: opt(fc.constantFrom(...projects, "prj_does_not_exist")),
      template_id: opt(fc.constantFrom(...templates)),
      sort_by: opt(fc.constantFrom(...SORT_KEYS)),
      sort_order: opt(fc.constantFrom(...SORT_ORDERS)),
      search: opt(anySearch(rows)),
      gpu: opt(fc.tuple(gpuPair, fc.boolean(), fc.boolean())),
      dates: opt(fc.tuple(isoForms(rows), isoForms(rows), fc.boolean(), fc.boolean())),
      empties: fc.subarray(PARAMS, { maxLength: 3 }),
      how: spelling,
      order: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
    })
    .map((q) => {
      const pairs: (Pair & { raw?: boolean })[] = [];
      // Every other field is one parameter, spelled as it is.
      const { gpu, dates, empties, how, order, ...plain } = q;
      for (const [key, value] of Object.entries(plain))
        if (value !== undefined) pairs.push([key, String(value)]);
      if (gpu) {
        const [[min, max], withMin, withMax] = gpu;
        if (withMin) pairs.push(["min_gpu_count", String(min)]);
        if (withMax) pairs.push(["max_gpu_count", String(max)]);
      }
      if (dates) {
        const [x, y, withAfter, withBefore] = dates;
        const [after, before] = new Date(x.value) < new Date(y.value) ? [x, y] : [y, x];
        if (withAfter && new Date(after.value) < new Date(before.value))
          pairs.push(Object.assign(["created_after", after.value] as Pair, { raw: after.raw }));
        if (withBefore)
          pairs.push(Object.assign(["created_before", before.value] as Pair, { raw: before.raw }));
      }
      // "An empty value counts as absent": add some empty parameters that are not already given.
      for (const key of empties) if (!pairs.some(([k]) => k === key)) pairs.push([key, ""]);
      // Parameter order must not matter.
      const shuffled = pairs
        .map((p, i) => ({ p, k: order[i] ?? i }))
        .sort((x, y) => x.k - y.k)
        .map((x) => x.p);
      return shuffled
        .map((p) => `${encode(p[0], how)}=${(p as { raw?: boolean }).raw ? p[1] : encode(p[1], how)}`)
        .join("&");
    });
}
