// A cluster's fields as one short value, equal exactly when every field is: objects in key order
// (so the REST listing and the stream compare alike whatever order each writes), then SHA-1.
import { createHash } from "node:crypto";

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, canonical(object[key])]),
  );
}

export const clusterHash = (cluster: unknown): string =>
  createHash("sha1")
    .update(JSON.stringify(canonical(cluster)))
    .digest("base64");
