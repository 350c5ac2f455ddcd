// Cost accrual of a running cluster: whole cents are written, the fraction is carried to the next
// accrual, so many short intervals add up to exactly what one long one would.
import type { SimCluster } from "./fleet-model.ts";

const HOUR_MS = 3_600_000;

export interface Accrual {
  cents: number;
  /** What the cluster's `centsRemainder` becomes once `cents` is committed. */
  remainder: number;
}

export function accrue(
  cluster: Pick<SimCluster, "hourlyRateCents" | "billedUntilMs" | "centsRemainder">,
  nowMs: number,
): Accrual {
  const elapsedMs = Math.max(0, nowMs - cluster.billedUntilMs);
  const exact = (cluster.hourlyRateCents * elapsedMs) / HOUR_MS + cluster.centsRemainder;
  const cents = Math.floor(exact);
  return { cents, remainder: exact - cents };
}
