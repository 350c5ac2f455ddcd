"use client";

import { useEffect, useState } from "react";

/** How long the live stream may be down (reconnecting or failed) before the page counts it offline. */
const OFFLINE_AFTER_MS = 5_000;

/** True once `down` has held for OFFLINE_AFTER_MS without a break; false again as soon as it ends. */
export function useOfflineAfter(down: boolean): boolean {
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => setOffline(true), OFFLINE_AFTER_MS);
    return () => {
      clearTimeout(timer);
      setOffline(false);
    };
  }, [down]);
  return down && offline;
}
