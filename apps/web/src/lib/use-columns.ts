import { LIST_COLUMNS, type ListColumn } from "@fleet/schema";
import { useCallback, useSyncExternalStore } from "react";

/** What each column a viewer may hide is called, in the table's order (the keys are the schema's). */
const COLUMN_LABELS: Record<ListColumn, string> = {
  gpus: "GPUs",
  region: "Region",
  project: "Project",
  cost: "Cost / hr",
  utilization: "GPU util.",
  created: "Created",
  expires: "Expires",
};

export const OPTIONAL_COLUMNS = LIST_COLUMNS.map((key) => ({ key, label: COLUMN_LABELS[key] }));

export type ColumnKey = ListColumn;

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
function write(hidden: Iterable<ColumnKey>): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...hidden]));
  for (const listener of listeners) listener();
}

export interface HiddenColumns {
  hidden: Set<ColumnKey>;
  /** Shows or hides one column. */
  setShown: (key: ColumnKey, shown: boolean) => void;
  /** Hides exactly these (a saved view's). */
  setHidden: (keys: readonly ColumnKey[]) => void;
}

export function useHiddenColumns(): HiddenColumns {
  const hidden = useSyncExternalStore(subscribe, read, () => NONE_HIDDEN);
  const setShown = useCallback((key: ColumnKey, shown: boolean) => {
    const next = new Set(read());
    if (shown) next.delete(key);
    else next.add(key);
    write(next);
  }, []);
  const setHidden = useCallback((keys: readonly ColumnKey[]) => write(keys), []);
  return { hidden, setShown, setHidden };
}
