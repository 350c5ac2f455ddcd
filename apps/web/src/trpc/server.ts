import "server-only";
import { appRouter, createContext } from "@fleet/api";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/server/db";
import { makeQueryClient } from "./query-client";

/** One QueryClient per server render, shared by everything that prefetches for it. */
export const getQueryClient = cache(makeQueryClient);

// The same context the HTTP endpoints build (session cookie → principal, rate limit counted once per page view).
const createRenderContext = cache(async () => {
  const request = new Request("http://portal.internal/render", { headers: await headers() });
  return createContext(request, { db: await getDb() });
});

/** Server-side tRPC calls, straight into the router (no HTTP), that fill the render's QueryClient. */
export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: createRenderContext,
  queryClient: getQueryClient,
});
