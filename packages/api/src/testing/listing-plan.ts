// The plan PostgreSQL runs for a listing statement the API issues: the listing is read twice through
// a reader that keeps its statements (the second carries the first's count and anchor, as a warm
// listing does), then the last one is run again under EXPLAIN (ANALYZE). For tests of which gated
// branch of the statement runs.
import { type Db, Prisma, type Statement } from "@fleet/db";
import { ClusterFilter, type ClusterFilterInput } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { readListingPage } from "../clusters/list-query.ts";

/** One EXPLAIN (ANALYZE, FORMAT JSON) plan node, with its children. */
export type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

export const planNodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(planNodes)];

/** Whether the node ran at least once. */
export const ran = (node: PlanNode | undefined) => Number(node?.["Actual Loops"] ?? 0) > 0;

/** The page of the gated branch under the Result whose one-time filter starts with `filter`. */
export const gatedBranch = (plan: PlanNode, filter: string) =>
  planNodes(plan).find((n) => String(n["One-Time Filter"] ?? "").startsWith(filter))?.Plans?.[0];

/** The executed plan of the listing's second read; `between` runs between the two reads. */
export async function listingPlan(
  db: Db,
  principal: Principal,
  input: ClusterFilterInput,
  between: () => Promise<unknown> = async () => {},
): Promise<PlanNode> {
  const statements: Statement[] = [];
  const recording = {
    $rows: <Row>(statement: Statement) => {
      statements.push(statement);
      return db.$rows<Row>(statement);
    },
  };
  await readListingPage(recording, principal, ClusterFilter.parse(input), null);
  await between();
  await readListingPage(recording, principal, ClusterFilter.parse(input), null);
  const last = statements.at(-1) as Statement;
  // Planned with its values here; a prepared one runs the same branches.
  const sql = "prepared" in last ? last.prepared : last;
  const [explained] = await db.$rows<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
  );
  return explained?.["QUERY PLAN"][0].Plan as PlanNode;
}
