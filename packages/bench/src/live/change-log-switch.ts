// Turns Fleet's count maintenance off and on again, to measure what it costs the writers. The
// maintenance is the change log: the row-change triggers on "clusters" that call
// cluster_changes_record() (the cluster_changes migration). clusters_derive (name_lower,
// updated_at) and TRUNCATE's reset record stay on: they are not count maintenance.
//
// A trigger is the table's, not an account's: while the log is off, no change to any account's
// clusters is recorded. So nothing but the measured writers may write clusters meanwhile; their
// account's counts and streams start over afterwards from a reset record, as after a TRUNCATE.
import { ALL_ACCOUNTS } from "@fleet/api";
import pg from "pg";

/** The function of the triggers that record every changed row in cluster_changes. */
export const CHANGE_LOG_FUNCTION = "cluster_changes_record";

interface LogTrigger {
  name: string;
  enabled: boolean;
}

async function logTriggers(client: pg.Client): Promise<LogTrigger[]> {
  const { rows } = await client.query<LogTrigger>(
    `SELECT tgname AS name, tgenabled <> 'D' AS enabled FROM pg_trigger
      WHERE tgrelid = 'clusters'::regclass AND tgfoid = $1::regproc ORDER BY tgname`,
    [CHANGE_LOG_FUNCTION],
  );
  if (rows.length === 0) throw new Error(`no trigger on clusters calls ${CHANGE_LOG_FUNCTION}()`);
  return rows;
}

const alterTriggers = (client: pg.Client, triggers: LogTrigger[], action: "ENABLE" | "DISABLE") =>
  `ALTER TABLE clusters ${triggers.map((t) => `${action} TRIGGER ${client.escapeIdentifier(t.name)}`).join(", ")}`;

/**
 * Re-enables the log and records a reset for `accountId`, in one transaction (one simple query is
 * one implicit transaction): no row, no image before or after, a key change. Its counts then count
 * afresh and its streams list again, instead of trusting a log with a hole.
 */
const enableWithReset = (client: pg.Client, triggers: LogTrigger[], accountId: string) =>
  client.query(
    `${alterTriggers(client, triggers, "ENABLE")};
     INSERT INTO cluster_changes (account_id, cluster_id, key_change) VALUES (${client.escapeLiteral(accountId)}, '', true)`,
  );

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "fleet-bench-writers" });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Runs `run` with the change log off, then turns it on again with a reset record for `accountId`. */
export function withChangeLogOff<T>(
  databaseUrl: string,
  accountId: string,
  run: () => Promise<T>,
): Promise<T> {
  return withClient(databaseUrl, async (client) => {
    const triggers = await logTriggers(client);
    await client.query(alterTriggers(client, triggers, "DISABLE"));
    try {
      return await run();
    } finally {
      await enableWithReset(client, triggers, accountId);
    }
  });
}

/** True when every trigger of the change log is on. */
export const changeLogIsOn = (databaseUrl: string) =>
  withClient(databaseUrl, async (client) => (await logTriggers(client)).every((t) => t.enabled));

/**
 * A run that died with the log off left it off (ALTER TABLE persists): turn it on, with a reset
 * for every account, since which accounts were written meanwhile is unknown. True when it had to.
 */
export function restoreChangeLog(databaseUrl: string): Promise<boolean> {
  return withClient(databaseUrl, async (client) => {
    const triggers = await logTriggers(client);
    if (triggers.every((t) => t.enabled)) return false;
    await enableWithReset(client, triggers, ALL_ACCOUNTS);
    return true;
  });
}
