"use client";

import type { ClusterFilter } from "@fleet/schema";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { applyChange, parseListState, toQueryString } from "@/lib/list-state";

/**
 * The list state of /clusters, read from and written to the URL. Writes use the History API, which
 * Next.js folds into its router: the page re-renders from the new search params without a server
 * round trip, and every change is a history entry, so back/forward step through them.
 */
export function useListState() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parseListState(new URLSearchParams(searchParams.toString())), [searchParams]);

  const navigate = useCallback(
    (next: Partial<ClusterFilter>, mode: "push" | "replace" = "push") => {
      const url = `${pathname}${toQueryString(next)}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );

  const change = useCallback(
    (patch: Partial<ClusterFilter>, mode: "push" | "replace" = "push") => {
      if (state.ok) navigate(applyChange(state.filter, patch), mode);
    },
    [state, navigate],
  );

  const reset = useCallback(() => navigate({}), [navigate]);

  // The query string this render was parsed from: the list marks which URL its rows belong to.
  const key = searchParams.toString();

  return { state, key, change, navigate, reset };
}
