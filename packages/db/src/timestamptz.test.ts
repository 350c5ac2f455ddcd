import pg from "pg";
import { expect, test } from "vitest";
import { parseTimestamptz, TIMESTAMPTZ_OID } from "./timestamptz.ts";

const pgParse = pg.types.getTypeParser(TIMESTAMPTZ_OID, "text") as (text: string) => Date | null;
const same = (text: string) => {
  const ours = parseTimestamptz(text) as Date | null;
  const theirs = pgParse(text);
  expect(ours?.getTime?.() ?? ours, text).toEqual(theirs?.getTime?.() ?? theirs);
};

test("reads every form PostgreSQL prints exactly as pg's own parser does", () => {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  for (let i = 0; i < 5_000; i++) {
    const fraction = [
      "",
      `.${pad(random(10), 1)}`,
      `.${pad(random(1000), 3)}`,
      `.${pad(random(1_000_000), 6)}`,
    ][random(4)];
    const offsetMinutes = ["", ":30", ":45"][random(3)];
    const text = `${pad(100 + random(9900), 4)}-${pad(1 + random(12))}-${pad(1 + random(28))} ${pad(random(24))}:${pad(random(60))}:${pad(random(60))}${fraction}${random(2) ? "+" : "-"}${pad(random(15))}${offsetMinutes}`;
    same(text);
  }
});

test("leaves the unusual to pg's parser: infinity, BC, seconds in the offset, early years, garbage", () => {
  for (const text of [
    "infinity",
    "-infinity",
    "0044-03-15 12:00:00+00 BC",
    "1900-01-01 00:00:00+00:09:21",
    "0099-01-01 00:00:00+00",
    "2026-1-31 22:28:29+00",
    "2026-10-31T22:28:29+00",
    "2026-10-31 22:28:29.+00",
    "2026-10-31 22:28:29.1234567+00",
  ]) {
    same(text);
  }
});
