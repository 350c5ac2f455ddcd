// Liveness (/healthz: the process answers, no database) and readiness (/readyz: the database answers).
import { type Db, Prisma } from "@fleet/db";
import { FleetError } from "../errors.ts";

const READY_TIMEOUT_MS = 2_000;

export function healthz(requestId: string): Response {
  return Response.json(
    { status: "ok" },
    { headers: { "Cache-Control": "no-store", "X-Request-Id": requestId } },
  );
}

/** Resolves to a 200 response, or throws SERVICE_UNAVAILABLE within READY_TIMEOUT_MS. */
export async function readyz(db: Db, requestId: string): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FleetError("SERVICE_UNAVAILABLE")), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.$rows(Prisma.sql`SELECT 1`), timeout]);
  } catch (error) {
    throw error instanceof FleetError
      ? error
      : new FleetError("SERVICE_UNAVAILABLE", { detail: "The database is unreachable.", cause: error });
  } finally {
    clearTimeout(timer);
  }
  return Response.json(
    { status: "ok", database: "up" },
    { headers: { "Cache-Control": "no-store", "X-Request-Id": requestId } },
  );
}
