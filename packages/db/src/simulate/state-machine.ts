// The life of a cluster as the services that own it drive it: the only status changes they make.
import { STATUS_MIX, type Status } from "../seed/catalog.ts";

export const STATUSES: readonly Status[] = STATUS_MIX.map(([status]) => status);

/** The normal way forward; a status without an entry has none. */
export const NEXT_STATUS: Readonly<Partial<Record<Status, Status>>> = {
  pending: "starting",
  starting: "running",
  running: "stopping",
  stopping: "stopped",
};

export const CREATED_STATUS: Status = "pending";
export const FAILED_STATUS: Status = "error";
/** Only clusters that are over may be deleted. */
export const DELETABLE_STATUSES: readonly Status[] = ["stopped", "error"];
/** Share of transitions that are failures (any status → error) instead of a step forward. */
export const FAILURE_SHARE = 0.02;

/**
 * How much likelier a cluster in this status is to move on than a running one: the transitional
 * states last seconds or minutes, running lasts hours.
 */
export const ADVANCE_WEIGHT: Readonly<Partial<Record<Status, number>>> = {
  pending: 30,
  starting: 30,
  running: 1,
  stopping: 30,
};

export const isStatus = (value: string): value is Status => (STATUSES as readonly string[]).includes(value);

export function isAllowedTransition(from: Status, to: Status): boolean {
  return NEXT_STATUS[from] === to || (to === FAILED_STATUS && from !== FAILED_STATUS);
}
