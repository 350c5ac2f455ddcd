// How commands print: a JSON document on stdout with --json, readable text otherwise.

export interface Output {
  json: boolean;
  /** Prints the command's result: `data` as JSON, or the text lines. */
  result(data: unknown, text: () => string[]): void;
  /** Progress for humans; silent with --json so stdout stays one JSON document. */
  info(line: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(data, text) {
      if (json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else for (const line of text()) process.stdout.write(`${line}\n`);
    },
    info(line) {
      if (!json) process.stdout.write(`${line}\n`);
    },
  };
}

/** A plain text table with left-aligned columns (right-aligned when every cell is a number). */
export function table(headers: string[], rows: (string | number)[][]): string[] {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const numeric = headers.map(
    (_, col) => rows.length > 0 && rows.every((row) => typeof row[col] === "number"),
  );
  const widths = headers.map((_, col) => Math.max(...cells.map((row) => (row[col] ?? "").length)));
  return cells.map((row) =>
    row
      .map((cell, col) => (numeric[col] ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** `postgresql://user:secret@host:5432/db` → `postgresql://user@host:5432/db` (never print passwords). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}
