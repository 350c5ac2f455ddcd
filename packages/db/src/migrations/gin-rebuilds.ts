// The schema engine reads a GIN index over a btree_gin column back without its operator class,
// while schema.prisma must name one (it rejects a plain String field in a GIN index:
// prisma/orm#13888), so every diff from the migrations asks to drop and create such an index again,
// unchanged. We drop exactly the pairs whose CREATE a committed migration already runs; any other
// change to an index still shows up in the diff.
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { committedSql } from "./migration-list.ts";

const DROP_INDEX = /^-- DropIndex\nDROP INDEX "([^"]+)";$/;
const CREATE_GIN_INDEX = /^-- CreateIndex\n(CREATE INDEX "([^"]+)" ON [^;]+ USING GIN [^;]+;)$/;

/** For a SQL script (`--script`), whose statements the engine separates by blank lines. */
export function dropUnchangedGinRebuilds(script: string, migrations: MigrationList): string {
  const committed = committedSql(migrations);
  const blocks = script.split(/\n{2,}/).map((block) => block.trim());
  const dropped = new Set(blocks.map((block) => DROP_INDEX.exec(block)?.[1]).filter(Boolean));
  const rebuilt = new Set(
    blocks
      .map((block) => CREATE_GIN_INDEX.exec(block))
      .filter((m) => m && dropped.has(m[2]) && committed.includes(m[1] ?? ""))
      .map((m) => m?.[2]),
  );
  if (rebuilt.size === 0) return script;
  const kept = blocks.filter((block) => {
    const name = DROP_INDEX.exec(block)?.[1] ?? CREATE_GIN_INDEX.exec(block)?.[2];
    return !(name && rebuilt.has(name));
  });
  return kept.length > 0 ? `${kept.join("\n\n")}\n` : "";
}

/** The quoted column lists of the committed GIN indexes, as the summary names them: "a, b". */
function committedGinColumns(migrations: MigrationList): Set<string> {
  const lists = new Set<string>();
  for (const [, columns] of committedSql(migrations).matchAll(
    /CREATE INDEX "[^"]+" ON "[^"]+" USING GIN \(([^;]+)\);/g,
  )) {
    lists.add([...(columns ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]).join(", "));
  }
  return lists;
}

/** For the human-readable summary ("[-] Removed index on columns (a, b)" beside "[+] Added …"). */
export function dropUnchangedGinRebuildsFromSummary(summary: string, migrations: MigrationList): string {
  const gin = committedGinColumns(migrations);
  const removed = (columns: string) => `  [-] Removed index on columns (${columns})\n`;
  const added = (columns: string) => `  [+] Added index on columns (${columns})\n`;
  let out = summary.endsWith("\n") ? summary : `${summary}\n`;
  for (const columns of gin) {
    if (out.includes(removed(columns)) && out.includes(added(columns))) {
      out = out.replace(removed(columns), "").replace(added(columns), "");
    }
  }
  // A table whose only changes were such rebuilds.
  return out.replace(/^\[\*\] Changed the `[^`]+` table\n(?! {2})/gm, "").replace(/^\n+/, "");
}
