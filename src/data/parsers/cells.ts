import { DataError } from '../../errors.js';

/** How the cells of a delimited line are separated. */
export type Delimiter = 'comma' | 'tab' | 'whitespace';

/**
 * Picks the delimiter from the header line: a comma if it has one; a tab if splitting on
 * single tabs gives only non-empty names (so names may contain spaces); otherwise runs of whitespace
 * (the book's files, aligned with spaces).
 */
export function detectDelimiter(header: string): Delimiter {
  if (header.includes(',')) return 'comma';
  if (header.includes('\t') && header.split('\t').every((name) => name.trim() !== '')) return 'tab';
  return 'whitespace';
}

/** The cells of one line, trimmed. Comma lines may quote cells ("a, b" and "" for a quote). */
export function splitCells(line: string, delimiter: Delimiter, source: string, lineNumber: number): string[] {
  switch (delimiter) {
    case 'whitespace': {
      const trimmed = line.trim();
      return trimmed === '' ? [] : trimmed.split(/\s+/);
    }
    case 'tab':
      return line.split('\t').map((cell) => cell.trim());
    case 'comma':
      return splitCommaLine(line, source, lineNumber);
  }
}

function splitCommaLine(line: string, source: string, lineNumber: number): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      let cell = '';
      let j = i + 1;
      for (;;) {
        const close = line.indexOf('"', j);
        if (close < 0) throw new DataError(`unterminated quote in column ${cells.length + 1}`, source, lineNumber);
        cell += line.slice(j, close);
        if (line[close + 1] === '"') {
          cell += '"';
          j = close + 2;
        } else {
          j = close + 1;
          break;
        }
      }
      while (line[j] === ' ' || line[j] === '\t') j++;
      if (j < line.length && line[j] !== ',') {
        throw new DataError(`unexpected text after the closing quote in column ${cells.length + 1}`, source, lineNumber);
      }
      cells.push(cell);
      i = j;
    } else {
      let j = line.indexOf(',', i);
      if (j < 0) j = line.length;
      cells.push(line.slice(i, j).trim());
      i = j;
    }
    if (i >= line.length) return cells;
    i++; // past the comma
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_FINITE = /^[+-]?(?:nan|inf(?:inity)?)$/i;

/** The cell as a finite number, or undefined when it is not written as a decimal number. */
export function parseNumber(cell: string): number | undefined {
  if (!NUMBER.test(cell)) return undefined;
  return Number(cell);
}

/** True for NaN / Infinity spellings, which are refused with their own message. */
export function isNonFiniteWord(cell: string): boolean {
  return NOT_FINITE.test(cell);
}

/** Quotes a cell for a message, shortened when long. */
export function quoteCell(cell: string): string {
  const shown = cell.length > 40 ? `${cell.slice(0, 37)}...` : cell;
  return JSON.stringify(shown);
}
