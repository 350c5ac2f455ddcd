// Revisions name a committed state of the fleet. A change stream event's id is the change's
// position in commit order ("1234"). A list answer's revision is the sequencer's last position
// when the list was read together with the list's own snapshot ("1234:830:835:831,833": position,
// then PostgreSQL's pg_snapshot xmin:xmax:in-progress): the list holds every change up to the
// position, and also some positioned after it (committed before the list, positioned later), which
// the snapshot tells apart, so a stream from a list's revision neither repeats nor misses a change.

/** A parsed revision: a position, with the list's snapshot when it is a list's revision. */
export interface Revision {
  position: bigint;
  snapshot: Snapshot | null;
}

/** A pg_snapshot: transactions below xmin and those below xmax not in inProgress are visible. */
export interface Snapshot {
  xmin: bigint;
  xmax: bigint;
  inProgress: bigint[];
  /** pg_snapshot's text form. */
  text: string;
}

const DIGITS = /^(0|[1-9]\d{0,18})$/;
// A snapshot lists at most max_connections transactions in progress; this bounds what we parse.
const MAX_IN_PROGRESS = 10_000;
const INT8_MAX = 2n ** 63n - 1n;

const number = (text: string): bigint | null => {
  if (!DIGITS.test(text)) return null;
  const value = BigInt(text);
  return value <= INT8_MAX ? value : null;
};

export function parseSnapshot(text: string): Snapshot | null {
  const [xminText = "", xmaxText = "", xipText = "", ...rest] = text.split(":");
  if (rest.length > 0) return null;
  const xmin = number(xminText);
  const xmax = number(xmaxText);
  if (xmin === null || xmax === null || xmin > xmax || xmin === 0n) return null;
  const parts = xipText === "" ? [] : xipText.split(",");
  if (parts.length > MAX_IN_PROGRESS) return null;
  const inProgress: bigint[] = [];
  for (const part of parts) {
    const xid = number(part);
    // In order, distinct, and within [xmin, xmax), as PostgreSQL writes them.
    if (
      xid === null ||
      xid < xmin ||
      xid >= xmax ||
      (inProgress.length > 0 && xid <= (inProgress.at(-1) ?? 0n))
    ) {
      return null;
    }
    inProgress.push(xid);
  }
  return { xmin, xmax, inProgress, text };
}

/** A revision as sent (list header, event id, `since`), or null when it is not one. */
export function parseRevision(text: string): Revision | null {
  const colon = text.indexOf(":");
  const position = number(colon === -1 ? text : text.slice(0, colon));
  if (position === null) return null;
  if (colon === -1) return { position, snapshot: null };
  const snapshot = parseSnapshot(text.slice(colon + 1));
  return snapshot ? { position, snapshot } : null;
}

export const formatRevision = (revision: Revision) =>
  revision.snapshot ? `${revision.position}:${revision.snapshot.text}` : String(revision.position);

/** True when the transaction `xid` had committed for a reader holding `snapshot` (if it committed at all). */
export function visibleIn(snapshot: Snapshot, xid: bigint): boolean {
  if (xid < snapshot.xmin) return true;
  if (xid >= snapshot.xmax) return false;
  return !snapshot.inProgress.includes(xid);
}
