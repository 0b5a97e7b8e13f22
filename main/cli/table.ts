// The CLI's tables (ipcs, bench): fixed-width columns, two spaces apart, for a terminal.

/**
 * `rows` (the first is the header) as lines of columns as wide as their widest cell.
 * `labelColumns`: how many columns, counted from the left, are labels (left-aligned); the
 * others are figures (right-aligned). Default: every column left-aligned.
 * A row shorter than the header ends with a message that spans the remaining columns: it is
 * not measured and not padded. Trailing spaces are trimmed.
 */
export function formatTable(rows: readonly string[][], labelColumns = Infinity): string[] {
  const columns = rows[0]?.length ?? 0;
  const full = rows.filter((row) => row.length === columns);
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...full.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const spans = row.length < columns && i === row.length - 1;
        if (spans || (i === columns - 1 && i < labelColumns)) return cell;
        return i < labelColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]);
      })
      .join('  ')
      .trimEnd(),
  );
}
