// The plans PostgreSQL runs for the listing statements the API issues: the listing is read twice
// through a reader that keeps its statements, cold (no count of the filter known yet) and warm (the
// second carries the first's count and anchor, as a warm listing does), then each read's last
// statement is run again under EXPLAIN (ANALYZE). For tests of which branch of a statement runs.
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

async function explained(db: Db, statement: Statement): Promise<PlanNode> {
  // Planned with its values here; a prepared one runs the same branches.
  const sql = "prepared" in statement ? statement.prepared : statement;
  const [plan] = await db.$rows<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
  );
  return plan?.["QUERY PLAN"][0].Plan as PlanNode;
}

/** The executed plans of the listing's cold and warm reads; `between` runs between the two. */
export async function listingPlans(
  db: Db,
  principal: Principal,
  input: ClusterFilterInput,
  between: () => Promise<unknown> = async () => {},
): Promise<{ cold: PlanNode; warm: PlanNode }> {
  const statements: Statement[] = [];
  const recording = {
    $rows: <Row>(statement: Statement) => {
      statements.push(statement);
      return db.$rows<Row>(statement);
    },
  };
  await readListingPage(recording, principal, ClusterFilter.parse(input), null);
  const cold = statements.at(-1) as Statement;
  await between();
  await readListingPage(recording, principal, ClusterFilter.parse(input), null);
  const warm = statements.at(-1) as Statement;
  return { cold: await explained(db, cold), warm: await explained(db, warm) };
}
