import type { CostReport } from "./report.ts";

/** The human-readable report: one row per project, its idle clusters indented below it. */

const money = (dollars: number) => dollars.toFixed(2);
const percent = (value: number) => `${value.toFixed(1)}%`;

type Row = [label: string, gpus: string, utilization: string, hourly: string];

const HEAD: Row = ["PROJECT / CLUSTER", "GPUS", "GPU UTIL", "USD/HOUR"];

export function formatReport(report: CostReport): string {
  const { total, projects } = report;
  const header = `Running clusters with GPU utilization below ${report.threshold}%: ${total.cluster_count} of ${report.running_clusters}`;
  if (projects.length === 0) return `${header}\nNothing idle: no GPU spend to reclaim.\n`;

  const body: Row[] = [];
  for (const project of projects) {
    body.push([project.project_id, String(project.gpu_count), "", money(project.hourly_cost)]);
    for (const c of project.clusters) {
      body.push([
        `  ${c.name} (${c.id})`,
        `${c.gpu_count}x ${c.gpu_type}`,
        percent(c.gpu_utilization),
        money(c.hourly_rate),
      ]);
    }
  }
  const plural = projects.length === 1 ? "" : "s";
  const foot: Row = [
    `TOTAL (${projects.length} project${plural}, ${total.cluster_count} clusters)`,
    String(total.gpu_count),
    "",
    money(total.hourly_cost),
  ];

  const all = [HEAD, ...body, foot];
  const widths = HEAD.map((_, col) => Math.max(...all.map((row) => row[col]?.length ?? 0)));
  // Labels left-aligned, numbers right-aligned.
  const line = (row: Row) =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [header, "", line(HEAD), rule, ...body.map(line), rule, line(foot), ""].join("\n");
}
