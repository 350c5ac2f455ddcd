// A bounded map of counts, each valid for one version of its account's clusters. Oldest entries go
// first when full (Map keeps insertion order; a hit re-inserts).

interface Entry {
  version: bigint | null;
  total: number;
}

export class CountCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  /** The cached total, only if it was computed at exactly this version. */
  get(key: string, version: bigint | null): number | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.total;
  }

  set(key: string, version: bigint | null, total: number): void {
    this.entries.delete(key);
    this.entries.set(key, { version, total });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
