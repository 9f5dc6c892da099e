import { DataError } from '../../errors.js';
import type { LabeledSet } from '../dataset.js';
import { DenseFeatures } from '../features.js';
import { type Delimiter, detectDelimiter, isNonFiniteWord, parseNumber, quoteCell, splitCells } from './cells.js';
import { decodeUtf8 } from './utf8.js';

/** Lines longer than this many characters are refused (a binary file, or one without line breaks). */
export const MAX_LINE_CHARS = 1 << 20;

/** Feature values allocated before the first row is read (1 MiB of float64). */
const INITIAL_VALUES = 1 << 17;

export interface DelimitedOptions {
  /** Where the text came from (a file path), named in every error. */
  source: string;
  /** The column holding the targets. @default the last column */
  label?: string;
  /**
   * The classes of the label column, in order (e.g. those a model was trained on): each label is read as
   * the index of its name in this list, and a name not in it is an error. Without it, classes are numbered
   * in order of first appearance, so two files listing the same classes in another order number them
   * differently. @default undefined
   */
  classNames?: readonly string[];
}

/**
 * Parses a table with a header row: columns separated by commas, tabs or runs of whitespace
 * (detected from the header). Blank lines are skipped; LF, CRLF and CR line ends are accepted.
 *
 * Returns features [rows, columns − 1] as Float64Array and the label column as targets.
 * The label column alone may hold class names (e.g. "cat"): they become class indices in order
 * of first appearance, listed in `classNames`.
 *
 * Bytes are decoded as strict UTF-8. Every problem is a DataError naming `source` and the 1-based line.
 */
export function parseDelimited(input: string | Uint8Array, options: DelimitedOptions): LabeledSet {
  const { source } = options;
  let text = typeof input === 'string' ? input : decodeUtf8(input, source);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const lines = lineReader(text, source);
  const first = lines.next();
  if (first === undefined) throw new DataError('empty file: expected a header row and data rows', source);
  const headerLine = first.lineNumber;
  const delimiter = detectDelimiter(first.text);
  const header = readHeader(first.text, delimiter, source, headerLine);
  const cols = header.length;
  const labelColumn = findLabel(header, options.label, source, headerLine);
  const featureCount = cols - 1;

  // Room for the first rows; doubled as rows arrive, so memory follows the data, not the header's width.
  const firstRows = Math.max(1, Math.min(1024, Math.floor(INITIAL_VALUES / featureCount)));
  let features: Float64Array = new Float64Array(firstRows * featureCount);
  let targets: Float64Array = new Float64Array(firstRows);
  let rows = 0;
  // Class names, when the label column's first value is not a number (or when the classes are given).
  let classes: Map<string, number> | undefined;
  if (options.classNames) {
    classes = new Map();
    for (const name of options.classNames) if (!classes.has(name)) classes.set(name, classes.size);
  }
  const fixedClasses = options.classNames !== undefined;
  const labelName = header[labelColumn]!;

  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const cells = splitCells(line.text, delimiter, source, line.lineNumber);
    if (cells.length !== cols) {
      throw new DataError(`${cells.length} column${cells.length === 1 ? '' : 's'}, header has ${cols}`, source, line.lineNumber);
    }
    if (rows === targets.length) {
      features = grow(features, 2 * rows * featureCount);
      targets = grow(targets, 2 * rows);
    }
    let f = rows * featureCount;
    for (let c = 0; c < cols; c++) {
      const cell = cells[c]!;
      if (c === labelColumn) {
        if (rows === 0 && !fixedClasses && parseNumber(cell) === undefined && cell !== '' && !isNonFiniteWord(cell)) classes = new Map();
        targets[rows] = classes ? classIndex(classes, fixedClasses, cell, labelName, source, line.lineNumber) : numberCell(cell, labelName, source, line.lineNumber, true);
      } else {
        features[f++] = numberCell(cell, header[c]!, source, line.lineNumber, false);
      }
    }
    rows++;
  }
  if (rows === 0) throw new DataError('header only: no data rows after the header', source, headerLine);

  return {
    source,
    features: new DenseFeatures(features.slice(0, rows * featureCount), rows, featureCount),
    featureNames: header.filter((_, c) => c !== labelColumn),
    targetName: labelName,
    targets: targets.slice(0, rows),
    ...(classes ? { classNames: [...classes.keys()] } : {}),
  };
}

function readHeader(line: string, delimiter: Delimiter, source: string, lineNumber: number): string[] {
  const header = splitCells(line, delimiter, source, lineNumber);
  if (header.length < 2) {
    throw new DataError(`header has ${header.length} column: need at least one feature column and a label column`, source, lineNumber);
  }
  const empty = header.indexOf('');
  if (empty >= 0) throw new DataError(`column ${empty + 1} of the header has no name`, source, lineNumber);
  if (header.every((name) => parseNumber(name) !== undefined)) {
    throw new DataError(`the first line looks like data, not a header: expected column names, got ${header.join(' ')}`, source, lineNumber);
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new DataError(`duplicate column name ${quoteCell(name)} in the header`, source, lineNumber);
    seen.add(name);
  }
  return header;
}

function findLabel(header: string[], label: string | undefined, source: string, lineNumber: number): number {
  if (label === undefined) return header.length - 1;
  const index = header.indexOf(label);
  if (index < 0) {
    throw new DataError(`no column named ${quoteCell(label)} for the label; columns are: ${header.join(', ')}`, source, lineNumber);
  }
  return index;
}

function numberCell(cell: string, column: string, source: string, lineNumber: number, isLabel: boolean): number {
  if (cell === '') throw new DataError(`empty cell in column ${quoteCell(column)}`, source, lineNumber);
  if (isNonFiniteWord(cell)) throw new DataError(`${quoteCell(cell)} in column ${quoteCell(column)}: NaN and Infinity are not allowed`, source, lineNumber);
  const value = parseNumber(cell);
  if (value === undefined) {
    const hint = isLabel ? ' (class names are allowed in the label column only when its first value is a name too)' : '';
    throw new DataError(`${quoteCell(cell)} in column ${quoteCell(column)} is not a number${hint}`, source, lineNumber);
  }
  if (!Number.isFinite(value)) throw new DataError(`${quoteCell(cell)} in column ${quoteCell(column)} is out of range`, source, lineNumber);
  return value;
}

function classIndex(classes: Map<string, number>, fixed: boolean, cell: string, column: string, source: string, lineNumber: number): number {
  if (cell === '') throw new DataError(`empty cell in column ${quoteCell(column)}`, source, lineNumber);
  let index = classes.get(cell);
  if (index === undefined && fixed) {
    const known = [...classes.keys()].map(quoteCell).join(', ');
    throw new DataError(`${quoteCell(cell)} in column ${quoteCell(column)} is not one of the classes ${known}`, source, lineNumber);
  }
  if (index === undefined) {
    index = classes.size;
    classes.set(cell, index);
  }
  return index;
}

function grow(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(Math.max(size, 1));
  b.set(a);
  return b;
}

interface Line {
  text: string;
  lineNumber: number;
}

/** Non-blank lines with their 1-based numbers; a line over MAX_LINE_CHARS is an error. */
function lineReader(text: string, source: string): { next(): Line | undefined } {
  let pos = 0;
  let lineNumber = 0;
  return {
    next(): Line | undefined {
      while (pos < text.length) {
        lineNumber++;
        let end = pos;
        while (end < text.length) {
          const c = text.charCodeAt(end);
          if (c === 10 || c === 13) break;
          if (end - pos >= MAX_LINE_CHARS) {
            throw new DataError(`line longer than ${MAX_LINE_CHARS} characters: is this a text table?`, source, lineNumber);
          }
          end++;
        }
        const line = text.slice(pos, end);
        pos = end;
        if (text.charCodeAt(pos) === 13) pos++;
        if (text.charCodeAt(pos) === 10) pos++;
        if (line.trim() !== '') return { text: line, lineNumber };
      }
      return undefined;
    },
  };
}
