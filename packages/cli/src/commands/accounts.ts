import type { Command } from "commander";
import { withDb } from "../database.ts";
import { createOutput, table } from "../output.ts";

export function registerAccountCommands(program: Command): void {
  const accounts = program.command("accounts").description("Tenants");

  accounts
    .command("list")
    .description("List accounts with their cluster counts, largest first")
    .action(async (_options, command: Command) => {
      const out = createOutput(command.optsWithGlobals().json === true);
      await withDb(async (db) => {
        const rows = await db.account.findMany({
          select: { id: true, name: true, _count: { select: { clusters: true } } },
        });
        const list = rows
          .map((row) => ({ id: row.id, name: row.name, cluster_count: row._count.clusters }))
          .sort((a, b) => b.cluster_count - a.cluster_count || a.id.localeCompare(b.id));
        out.result(list, () =>
          list.length === 0
            ? ["No accounts. Create some with `pnpm fleet db seed`."]
            : table(
                ["ID", "NAME", "CLUSTERS"],
                list.map((a) => [a.id, a.name, a.cluster_count]),
              ),
        );
      });
    });
}
