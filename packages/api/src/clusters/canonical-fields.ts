/**
 * Named values as one text that is equal exactly when they mean the same: fields in name order,
 * undefined ones left out, dates as ISO instants, lists sorted. Names a listing (cursor.ts) and a
 * selection of clusters (cluster-where.ts).
 */
export function canonicalFields(fields: Record<string, unknown>): string {
  const canonical = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]): [string, unknown] => [
      name,
      value instanceof Date ? value.toISOString() : Array.isArray(value) ? [...value].sort() : value,
    ])
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(canonical);
}
