// Whether a cluster row recorded in the change log (a JSON image of the `clusters` row) matches a
// read's WHERE: the image is turned back into a `clusters` row and the very same WHERE that lists
// clusters is applied to it, so a change and a listing can never disagree about a filter.
import { Prisma } from "@fleet/db";

/** SQL: true when the image (`cluster_changes.old_row` or `.new_row`; null never matches) matches `where`. */
export const imageMatches = (image: Prisma.Sql, where: Prisma.Sql) =>
  Prisma.sql`EXISTS (SELECT FROM jsonb_populate_record(NULL::clusters, ${image}) AS clusters WHERE ${where})`;
