import "server-only";
import { appRouter, createPrincipalContext } from "@fleet/api";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache } from "react";
import { getDb } from "@/server/db";
import { currentPrincipal } from "@/server/session";
import { makeQueryClient } from "./query-client";

/** One QueryClient per server render, shared by everything that prefetches for it. */
export const getQueryClient = cache(makeQueryClient);

// The render's caller is the session the page resolved (currentPrincipal, once per render); the page
// view is counted against its key's rate limit once, like a request to the HTTP endpoints.
const createRenderContext = cache(async () =>
  createPrincipalContext(currentPrincipal, { db: await getDb() }),
);

/** Server-side tRPC calls, straight into the router (no HTTP), that fill the render's QueryClient. */
export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: createRenderContext,
  queryClient: getQueryClient,
});
