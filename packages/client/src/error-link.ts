import type { AppRouter } from "@fleet/api/types";
import type { TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { FleetApiError } from "./errors.ts";

/** Turns every failure into a FleetApiError, so `client.x.y.query()` callers see one error type. */
export const fleetErrorLink: TRPCLink<AppRouter> =
  () =>
  ({ next, op }) =>
    observable((observer) =>
      next(op).subscribe({
        next: (value) => observer.next(value),
        complete: () => observer.complete(),
        error: (error) => observer.error(FleetApiError.fromUnknown(error)),
      }),
    );
