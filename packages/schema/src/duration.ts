// Durations as people write them in settings and options: a whole number and a unit.
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** "90s", "30m", "12h", "30d", "2w" → milliseconds; null for anything else, or zero. */
export function durationMs(text: string): number | null {
  const match = /^(\d{1,9})([smhdw])$/.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 ? ms : null;
}
