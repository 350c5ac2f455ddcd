// A search listing reads its page through the search index while its matches are few, and walks
// the order's index when they are many (search-index.ts): both answer exactly like the reference
// listing, page by page and cursor by cursor, and the plan PostgreSQL runs is the one meant.
import { createPrismaClient, type Db, Prisma } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { ClusterFilter, type ClusterFilterInput, CURSOR_START } from "@fleet/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Principal } from "../src/auth/principal.ts";
import { listClusters } from "../src/clusters/list-clusters.ts";
import { createCluster } from "../src/testing/clusters.ts";
import { gatedBranch, listingPlans, type PlanNode, planNodes, ran } from "../src/testing/listing-plan.ts";
import { type ReferenceRow, referenceList } from "../src/testing/reference-list.ts";

/** A term that stands only past the first 1,000 characters (what the search keys cover) of one cluster. */
const PAST_THE_CUT = "zq-past-the-cut";

/** The page of one branch: under the Result whose one-time filter tests the total its way. */
const branch = (plan: PlanNode, which: "few" | "many") =>
  gatedBranch(plan, which === "few" ? "(meta.total <=" : "(meta.total >");
/** The term in capitals: it matches what the term does, and no read in this process has counted it yet. */
const uncounted = (term: string) => term.toUpperCase();
const searchIndexScans = (plan: PlanNode | undefined) =>
  plan ? planNodes(plan).filter((n) => n["Index Name"] === "clusters_search_keys_idx" && ran(n)) : [];

describe("search listings through the search index, or along the order", () => {
  let tdb: TestDatabase;
  let db: Db;
  let principal: Principal;
  let rows: ReferenceRow[];
  let rareName: string;
  let longId: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    const summary = await seed(tdb.url, { accounts: 1, clusters: 5000, seed: "search-plan", log: () => {} });
    const accountId = summary.largestAccount?.id ?? "";
    principal = { accountId, apiKeyId: "k", scopes: ["clusters:read"], projectIds: null };
    const { id: projectId } = await db.project.findFirstOrThrow({ where: { accountId } });
    longId = await createCluster(db, accountId, {
      projectId,
      description: `${"lorem ipsum ".repeat(100)}${PAST_THE_CUT}`,
    });
    await db.$rows(Prisma.sql`VACUUM ANALYZE clusters`);
    rows = await db.cluster.findMany({ where: { accountId } });
    rareName =
      [...rows].sort((a, b) => b.name.length - a.name.length || (a.id < b.id ? -1 : 1))[0]?.name ?? "";
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await tdb?.drop();
  });

  const matchesOf = (search: string) => referenceList(rows, { search }).length;

  test("the terms cover both sides of the threshold", () => {
    expect(matchesOf("train")).toBeGreaterThan(1000);
    expect(matchesOf(rareName)).toBeGreaterThan(0);
    expect(matchesOf(rareName)).toBeLessThan(10);
  });

  test.each<[string, () => string]>([
    ["many matches", () => "train"],
    ["few matches", () => rareName],
    ["a few hundred, mixed case", () => "H100-0"],
    ["no three letters or digits in a row", () => "-0"],
    ["no match", () => "zzqx-nothing"],
  ])("%s: every page and cursor equals the reference listing", async (_, termOf) => {
    const search = termOf();
    const expected = referenceList(rows, { search, sort_by: "name", sort_order: "asc" }).map((c) => c.id);
    const input: ClusterFilterInput = { search, sort_by: "name", sort_order: "asc", limit: 50 };
    for (const page of [1, 2, 7]) {
      const list = await listClusters(db, principal, ClusterFilter.parse({ ...input, page }));
      expect(list.pagination.total).toBe(expected.length);
      expect(list.data.map((c) => c.id)).toEqual(expected.slice((page - 1) * 50, page * 50));
    }
    const walked: string[] = [];
    let cursor: string | null = CURSOR_START;
    for (let pages = 0; cursor && pages < 3; pages++) {
      const list = await listClusters(db, principal, ClusterFilter.parse({ ...input, cursor }));
      walked.push(...list.data.map((c) => c.id));
      cursor = list.pagination.next_cursor;
    }
    expect(walked).toEqual(expected.slice(0, walked.length));
    expect(walked.length).toBe(Math.min(150, expected.length));
  });

  test("a term past a long description's first 1,000 characters is found, through the index", async () => {
    expect(referenceList(rows, { search: PAST_THE_CUT }).map((c) => c.id)).toEqual([longId]);
    const list = await listClusters(db, principal, ClusterFilter.parse({ search: PAST_THE_CUT }));
    expect(list.data.map((c) => c.id)).toEqual([longId]);
    const { cold } = await listingPlans(db, principal, { search: uncounted(PAST_THE_CUT) });
    expect(searchIndexScans(branch(cold, "few"))).not.toEqual([]);
  });

  test("few matches: the page is read through the search index; the walk does not run", async () => {
    const { cold, warm } = await listingPlans(db, principal, { search: uncounted(rareName) });
    expect(ran(branch(cold, "few"))).toBe(true);
    expect(ran(branch(cold, "many"))).toBe(false);
    expect(searchIndexScans(branch(cold, "few"))).not.toEqual([]);
    // Warm, the total its last read remembered chose the branch: the statement holds that one alone.
    expect(branch(warm, "few")).toBeUndefined();
    expect(searchIndexScans(warm)).not.toEqual([]);
  });

  test("many matches: the page walks the order's index; the search index is not read for it", async () => {
    const { cold, warm } = await listingPlans(db, principal, { search: uncounted("train") });
    expect(ran(branch(cold, "few"))).toBe(false);
    expect(ran(branch(cold, "many"))).toBe(true);
    expect(searchIndexScans(branch(cold, "many"))).toEqual([]);
    expect(branch(warm, "many")).toBeUndefined();
    // The warm count is carried from the change log, so no part of the statement reads the index.
    expect(searchIndexScans(warm)).toEqual([]);
  });
});
