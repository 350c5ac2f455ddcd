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

const STORAGE_KEY = "fleet.hidden-columns";
const NONE_HIDDEN = new Set<ListColumn>();
const listeners = new Set<() => void>();
let cached: { raw: string | null; hidden: Set<ListColumn> } = { raw: null, hidden: NONE_HIDDEN };

function read(): Set<ListColumn> {
  const raw = window.localStorage.getItem(STORAGE_KEY);
  if (raw !== cached.raw) {
    const keys = new Set<string>(LIST_COLUMNS);
    let parsed: unknown = [];
    try {
      parsed = raw ? JSON.parse(raw) : [];
    } catch {
      // A value another version wrote, or a hand edit: nothing hidden.
    }
    const hidden = Array.isArray(parsed) ? parsed.filter((k): k is ListColumn => keys.has(k)) : [];
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
function write(hidden: Iterable<ListColumn>): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...hidden]));
  for (const listener of listeners) listener();
}

export interface HiddenColumns {
  hidden: Set<ListColumn>;
  /** Shows or hides one column. */
  setShown: (key: ListColumn, shown: boolean) => void;
  /** Hides exactly these (a saved view's). */
  setHidden: (keys: readonly ListColumn[]) => void;
}

export function useHiddenColumns(): HiddenColumns {
  const hidden = useSyncExternalStore(subscribe, read, () => NONE_HIDDEN);
  const setShown = useCallback((key: ListColumn, shown: boolean) => {
    const next = new Set(read());
    if (shown) next.delete(key);
    else next.add(key);
    write(next);
  }, []);
  const setHidden = useCallback((keys: readonly ListColumn[]) => write(keys), []);
  return { hidden, setShown, setHidden };
}
