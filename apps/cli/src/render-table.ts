/** Rows of cells under named columns, as a verb hands them to the terminal. */
export interface Table {
  columns: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
}

export interface RenderOptions {
  /** Bold headings; only for a terminal, never for a pipe or a file. */
  colour: boolean;
  /** Headings off for a list of fields (`name  value`). */
  headings?: boolean;
}

const GAP = '  ';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';
// Control and format characters (ESC, newline, RTL override, zero-width…) would let a stored value
// move the cursor, recolour the terminal or break the columns; each is shown as one `?`.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A cell as it is shown: printable, one line. */
export function cellText(value: string): string {
  return value.replace(UNPRINTABLE, '?');
}

/** How many columns a shown cell takes: one per code point. */
export function cellWidth(shown: string): number {
  return [...shown].length;
}

/**
 * Aligned columns two spaces apart, every line ending without trailing blanks, one line per row
 * under a line of headings. A row shorter than the columns is padded with empty cells.
 */
export function renderTable(table: Table, opts: RenderOptions): string {
  const headings = opts.headings ?? true;
  const rows = table.rows.map((row) => table.columns.map((_, i) => cellText(row[i] ?? '')));
  const head = table.columns.map(cellText);
  const widths = head.map((h, i) => Math.max(headings ? cellWidth(h) : 0, ...rows.map((r) => cellWidth(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - cellWidth(c))))
      .join(GAP)
      .trimEnd();
  const lines = rows.map(line);
  if (headings) {
    const top = line(head);
    lines.unshift(opts.colour && top ? `${BOLD}${top}${RESET}` : top);
  }
  return lines.map((l) => `${l}\n`).join('');
}
