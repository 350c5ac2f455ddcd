// streamClustersCsv: every matching cluster exactly once (keyset batches across equal timestamps),
// scoped like the listing, RFC 4180 quoting, and no spreadsheet formulas.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Principal, streamClustersCsv } from "../src/index.ts";
import { createAccount, createCluster, createKey, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let principal: Principal;
let acc: Awaited<ReturnType<typeof createAccount>>;
const ids: string[] = [];

beforeAll(async () => {
  app = await startApp();
  acc = await createAccount(app.db);
  const key = await createKey(app.db, acc.id);
  principal = { accountId: acc.id, apiKeyId: key.id, scopes: ["clusters:read"], projectIds: null };
  const tricky = ['comma, "quoted"', "multi\nline", '=HYPERLINK("http://x")', "+1", "@sum", "-2", "Ünïcödé"];
  for (let i = 0; i < 23; i++) {
    ids.push(
      await createCluster(app.db, acc.id, {
        projectId: acc.projects[i % 2] as string,
        name: tricky[i % tricky.length] as string,
        status: i % 3 ? "running" : "stopped",
        // Groups of five share a timestamp: batches must not lose or repeat rows across ties.
        createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 5))),
      }),
    );
  }
  const other = await createAccount(app.db);
  await createCluster(app.db, other.id, { projectId: other.projects[0] as string });
}, 60_000);
afterAll(() => app?.close());

const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

/** Minimal RFC 4180 parser for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

test.each([1, 4, 5, 7, 500])(
  "batch size %i: every cluster of the account exactly once, newest first",
  async (batchSize) => {
    const rows = parseCsv(await read(streamClustersCsv(app.db, principal, {}, { batchSize })));
    const [header, ...data] = rows;
    expect(header?.slice(0, 3)).toEqual(["id", "name", "description"]);
    const csvIds = data.map((r) => r[0] as string);
    expect(csvIds).toHaveLength(ids.length);
    expect([...csvIds].sort()).toEqual([...ids].sort());
    const created = data.map((r) => Date.parse(r[header?.indexOf("created_at") ?? -1] as string));
    expect(created).toEqual([...created].sort((x, y) => y - x));
  },
);

test("the filter and the key's projects apply", async () => {
  const restricted = { ...principal, projectIds: [acc.projects[0] as string] };
  const rows = parseCsv(
    await read(streamClustersCsv(app.db, restricted, { status: ["running"] }, { batchSize: 3 })),
  );
  const expected = await app.db.cluster.count({
    where: { accountId: acc.id, projectId: acc.projects[0] as string, status: "running" },
  });
  expect(rows.length - 1).toBe(expected);
  const statusColumn = rows[0]?.indexOf("status") ?? -1;
  for (const r of rows.slice(1)) expect(r[statusColumn]).toBe("running");
});

test("quoting round-trips and formula-like text is neutralised", async () => {
  const rows = parseCsv(await read(streamClustersCsv(app.db, principal, {})));
  const names = new Set(rows.slice(1).map((r) => r[1]));
  expect(names).toContain('comma, "quoted"');
  expect(names).toContain("multi\nline");
  expect(names).toContain("Ünïcödé");
  expect(names).toContain('\'=HYPERLINK("http://x")');
  expect(names).toContain("'+1");
  expect(names).toContain("'@sum");
  expect(names).toContain("'-2");
  const costColumn = rows[0]?.indexOf("hourly_rate_usd") ?? -1;
  expect(rows[1]?.[costColumn]).toBe("1.29");
});
