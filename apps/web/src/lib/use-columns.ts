import { useCallback, useSyncExternalStore } from "react";

/** The list's columns a viewer may hide (name and status always show), in the table's order. */
export const OPTIONAL_COLUMNS = [
  { key: "gpus", label: "GPUs" },
  { key: "region", label: "Region" },
  { key: "project", label: "Project" },
  { key: "cost", label: "Cost / hr" },
  { key: "utilization", label: "GPU util." },
  { key: "created", label: "Created" },
  { key: "expires", label: "Expires" },
] as const;

export type ColumnKey = (typeof OPTIONAL_COLUMNS)[number]["key"];

const STORAGE_KEY = "fleet.hidden-columns";
const NONE_HIDDEN = new Set<ColumnKey>();
const listeners = new Set<() => void>();
let cached: { raw: string | null; hidden: Set<ColumnKey> } = { raw: null, hidden: NONE_HIDDEN };

function read(): Set<ColumnKey> {
  const raw = window.localStorage.getItem(STORAGE_KEY);
  if (raw !== cached.raw) {
    const keys = new Set<string>(OPTIONAL_COLUMNS.map((c) => c.key));
    let parsed: unknown = [];
    try {
      parsed = raw ? JSON.parse(raw) : [];
    } catch {
      // A value another version wrote, or a hand edit: nothing hidden.
    }
    const hidden = Array.isArray(parsed) ? parsed.filter((k): k is ColumnKey => keys.has(k)) : [];
    cached = { raw, hidden: new Set(hidden) };
  }
  return cached.hidden;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/**
 * The columns this browser hides, kept in localStorage (so per browser, across tabs and visits).
 * The server renders every column; the browser hides its own choice once hydrated.
 */
export function useHiddenColumns(): [Set<ColumnKey>, (key: ColumnKey, shown: boolean) => void] {
  const hidden = useSyncExternalStore(subscribe, read, () => NONE_HIDDEN);
  const setShown = useCallback((key: ColumnKey, shown: boolean) => {
    const next = new Set(read());
    if (shown) next.delete(key);
    else next.add(key);
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
    for (const listener of listeners) listener();
  }, []);
  return [hidden, setShown];
}
