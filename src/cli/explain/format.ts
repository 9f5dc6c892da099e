/** Shared text formatting of the explain topics: numbers, vectors, tables and wrapped prose. */

/** A number with `digits` significant digits; below 1e-4 or from 1e7 up, in scientific notation. */
export function num(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e7)) return value.toExponential(Math.max(0, digits - 1));
  return Number(value.toPrecision(digits)).toString();
}

/** A relative error or other tiny quantity in scientific notation, e.g. 3.1e-11. */
export function sci(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value === 0 ? '0' : value.toExponential(1);
}

/** [a, b, c] with `digits` significant digits; long vectors show their first `max` entries and a count. */
export function vector(values: ArrayLike<number>, digits = 4, max = 10): string {
  const shown = Array.from(values).slice(0, max).map((v) => num(v, digits));
  const more = values.length > max ? `, … (${values.length} values)` : '';
  return `[${shown.join(', ')}${more}]`;
}

/** Rows of cells as aligned columns: text left-aligned in the first column, numbers right-aligned after it. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent + cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

/** Prose wrapped at `width` columns, each line indented. */
export function wrap(text: string, indent = '', width = 100): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (current !== '' && indent.length + current.length + 1 + word.length > width) {
      lines.push(indent + current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(indent + current);
  return lines;
}

/** A numbered step heading, e.g. "2. exp(z − max)". */
export function step(n: number, title: string): string {
  return `${n}. ${title}`;
}
