/**
 * Fuzz targets for parseDelimited (text and bytes) and decodeUtf8.
 *
 * Valid tables are generated together with what they must parse to, so a wrong answer fails as surely
 * as a crash; mutated and random inputs must parse to a well-formed set or throw a DataError naming
 * the source. Invalid UTF-8 must be reported at the offset and line of its first bad byte.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_LINE_CHARS, parseDelimited } from '../../../src/data/parsers/delimited.js';
import type { LabeledSet } from '../../../src/data/dataset.js';
import { DataError } from '../../../src/errors.js';
import { TEXT_TOKENS, mutatedBytes, mutatedText } from '../mutations.js';
import { defineTarget, outcomeOf } from '../target.js';

const SOURCE = 'fuzz.txt';

/** A table as text, with the set it must parse to. */
export interface Table {
  text: string;
  label?: string;
  expected: {
    featureNames: string[];
    targetName: string;
    features: number[][];
    targets: number[];
    classNames?: string[];
  };
}

/** A number written as a table cell: integers, doubles in several notations, and edge spellings. */
const numberCell: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 })).map(([v, d]) => v.toExponential(d)),
  fc.tuple(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 20 })).map(([v, d]) => v.toFixed(d)),
  fc.constantFrom(
    '0', '-0', '+1', '.5', '-.5', '5.', '1e308', '-1.7976931348623157e308', '1.7976931348623157e308', '4.9e-324', '5e-324', '1e-400',
    '00012', '1E5', '1e+5', '1e-5', '123456789012345678901234567890', '0.1', '9'.repeat(308), `0.${'0'.repeat(400)}1`,
  ),
).filter((text) => Number.isFinite(Number(text))); // toExponential may round 1.8e308 up to "2e+308", out of range

/** Class names for a label column; the first row's name is never a number, so the column is read as names. */
const CLASS_NAMES = ['cat', 'dog', 'bird', 'Ankle-boot', 'T-shirt/top', 'ünï', 'x1', 'A'];
const LATER_CLASS_NAMES = [...CLASS_NAMES, '1', '2', '0.5', '-3'];

const headerName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.\-]{0,7}$/);

type Delimiter = 'comma' | 'tab' | 'whitespace';

/** Separators between cells of a data row, per delimiter. */
function separator(delimiter: Delimiter): fc.Arbitrary<string> {
  switch (delimiter) {
    case 'comma':
      return fc.constantFrom(',', ', ', ' ,', ' , ', ',\t');
    case 'tab':
      return fc.constantFrom('\t', ' \t', '\t ');
    case 'whitespace':
      return fc.constantFrom(' ', '  ', '\t', ' \t ', '    ');
  }
}

/** A valid table with 2…7 columns and 1…25 rows, and the set it must parse to. */
export const validTable: fc.Arbitrary<Table> = fc
  .record({
    cols: fc.integer({ min: 2, max: 7 }),
    rows: fc.integer({ min: 1, max: 25 }),
    delimiter: fc.constantFrom<Delimiter>('comma', 'tab', 'whitespace'),
    eol: fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
    classLabels: fc.boolean(),
    labelChoice: fc.nat(),
    labelByName: fc.boolean(),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
    seed: fc.integer(),
  })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      names: fc.uniqueArray(headerName, { minLength: shape.cols, maxLength: shape.cols }),
      cells: fc.array(fc.array(numberCell, { minLength: shape.cols, maxLength: shape.cols }), { minLength: shape.rows, maxLength: shape.rows }),
      classes: fc.tuple(fc.constantFrom(...CLASS_NAMES), fc.array(fc.constantFrom(...LATER_CLASS_NAMES), { minLength: shape.rows, maxLength: shape.rows })),
      headerSeparators: fc.array(shape.delimiter === 'whitespace' ? fc.constantFrom(' ', '  ', '   ') : separator(shape.delimiter), { minLength: shape.cols, maxLength: shape.cols }),
      rowSeparators: fc.array(fc.array(separator(shape.delimiter), { minLength: shape.cols, maxLength: shape.cols }), { minLength: shape.rows, maxLength: shape.rows }),
      blankLines: fc.array(fc.tuple(fc.nat(), fc.constantFrom('', ' ', '\t', '   ')), { maxLength: 3 }),
      quoted: fc.array(fc.boolean(), { minLength: shape.cols * (shape.rows + 1), maxLength: shape.cols * (shape.rows + 1) }),
      eols: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: shape.rows + 4, maxLength: shape.rows + 4 }),
    }),
  )
  .map(({ shape, names, cells, classes, headerSeparators, rowSeparators, blankLines, quoted, eols }) => {
    const labelColumn = shape.labelChoice % shape.cols;
    const labelIsLast = labelColumn === shape.cols - 1;
    const rowsText: string[][] = cells.map((row) => [...row]);
    let classNames: string[] | undefined;
    const targets: number[] = [];
    if (shape.classLabels) {
      const seen = new Map<string, number>();
      rowsText.forEach((row, r) => {
        const name = r === 0 ? classes[0] : classes[1][r]!;
        row[labelColumn] = name;
        if (!seen.has(name)) seen.set(name, seen.size);
        targets.push(seen.get(name)!);
      });
      classNames = [...seen.keys()];
    } else {
      for (const row of rowsText) targets.push(Number(row[labelColumn]));
    }
    let q = 0;
    const cell = (text: string): string => (shape.delimiter === 'comma' && quoted[q++] ? `"${text}"` : text);
    const join = (parts: string[], seps: string[]): string => parts.map((p, i) => (i === 0 ? '' : seps[i]) + cell(p)).join('');
    const lines = [join(names, headerSeparators), ...rowsText.map((row, r) => join(row, rowSeparators[r]!))];
    for (const [at, blank] of blankLines) lines.splice(1 + (at % lines.length), 0, blank);
    const eol = (i: number): string => (shape.eol === 'mixed' ? eols[i % eols.length]! : shape.eol);
    let text = lines.map((line, i) => line + (i < lines.length - 1 || shape.trailingNewline ? eol(i) : '')).join('');
    if (shape.bom) text = `\uFEFF${text}`;
    const table: Table = {
      text,
      expected: {
        featureNames: names.filter((_, c) => c !== labelColumn),
        targetName: names[labelColumn]!,
        features: cells.map((row) => row.filter((_, c) => c !== labelColumn).map(Number)),
        targets,
        ...(classNames ? { classNames } : {}),
      },
    };
    if (!labelIsLast || shape.labelByName) table.label = names[labelColumn]!;
    return table;
  });

/** Lines of random cells from the troublesome tokens and numbers: reaches past the header more often than noise does. */
const tokenSoup: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.array(fc.oneof(fc.constantFrom(...TEXT_TOKENS), numberCell, headerName), { minLength: 1, maxLength: 6 }),
      fc.constantFrom(',', '\t', ' ', ' , '),
      fc.constantFrom('\n', '\r\n', '\r', ''),
    ),
    { maxLength: 8 },
  )
  .map((lines) => lines.map(([cells, sep, eol]) => cells.join(sep) + eol).join(''));

/** Checks what every successful parse must be, whatever the input. */
export function checkWellFormed(set: LabeledSet): void {
  const { rows, cols } = set.features;
  assert.ok(rows >= 1, 'at least one row');
  assert.ok(cols >= 1, 'at least one feature');
  assert.equal(set.featureNames.length, cols);
  assert.equal(set.targets.length, rows);
  assert.equal(new Set([...set.featureNames, set.targetName]).size, cols + 1, 'column names are unique');
  for (const name of [...set.featureNames, set.targetName]) assert.notEqual(name, '', 'column names are not empty');
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) assert.ok(Number.isFinite(set.features.get(r, c)), `feature (${r}, ${c}) is finite`);
    assert.ok(Number.isFinite(set.targets[r]!), `target ${r} is finite`);
  }
  if (set.classNames) {
    const k = set.classNames.length;
    assert.ok(k >= 1);
    assert.equal(new Set(set.classNames).size, k, 'class names are unique');
    const used = new Set<number>();
    for (const t of set.targets) {
      assert.ok(Number.isInteger(t) && t >= 0 && t < k, `target ${t} is a class index below ${k}`);
      used.add(t);
    }
    assert.equal(used.size, k, 'every class name is used by some row');
  }
}

function checkExpected(set: LabeledSet, expected: Table['expected']): void {
  assert.deepEqual(set.featureNames, expected.featureNames);
  assert.equal(set.targetName, expected.targetName);
  assert.equal(set.features.rows, expected.features.length);
  expected.features.forEach((row, r) =>
    row.forEach((v, c) => assert.ok(Object.is(set.features.get(r, c), v), `feature (${r}, ${c}): ${set.features.get(r, c)} should be ${v}`)),
  );
  assert.deepEqual(Array.from(set.targets), expected.targets);
  assert.deepEqual(set.classNames, expected.classNames);
}

/** A parse of `input` must be a DataError naming the source, or a well-formed set. */
function parseChecked(input: string | Uint8Array, label: string | undefined): { set?: LabeledSet; error?: DataError } {
  const result = outcomeOf(DataError, () => parseDelimited(input, { source: SOURCE, ...(label !== undefined ? { label } : {}) }));
  if (!result.ok) {
    assert.equal(result.error.source, SOURCE, 'the error names the source');
    assert.ok(result.error.message.startsWith(SOURCE), result.error.message);
    return { error: result.error };
  }
  checkWellFormed(result.value);
  return { set: result.value };
}

/** Accepts nothing a table could not hold: the parse result and its garbage stay within 64 bytes per input character. */
const allocationLimit = (input: { length: number } | string | Uint8Array): number => 4 * 1024 * 1024 + 64 * input.length;

type Case = { kind: 'valid'; table: Table } | { kind: 'other'; text: string; label?: string };

const labelOption = fc.option(fc.oneof(headerName, fc.constantFrom('', 'label', 'cat', ' ')), { nil: undefined, freq: 4 });

export const delimitedText = defineTarget<Case>({
  arbitrary: fc.oneof(
    { weight: 3, arbitrary: validTable.map((table) => ({ kind: 'valid' as const, table })) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('other' as const), text: mutatedText(validTable.map((t) => t.text)), label: labelOption }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('other' as const), text: tokenSoup, label: labelOption }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('other' as const),
        text: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('', '\n', '\r\n\r\n', ' ', '\uFEFF', 'a,b', 'a,b\n', 'a b\n\n  \n')),
        label: labelOption,
      }),
    },
  ),
  check(c) {
    if (c.kind === 'valid') {
      const { set, error } = parseChecked(c.table.text, c.table.label);
      assert.ok(set, `a valid table was refused: ${error?.message}`);
      checkExpected(set, c.table.expected);
      return 'parsed';
    }
    return parseChecked(c.text, c.label).set ? 'parsed' : 'DataError';
  },
  allocationLimit: (c) => allocationLimit(c.kind === 'valid' ? c.table.text : c.text),
});

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, surrogates, cut-off sequences. */
const BAD_UTF8 = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xfe], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3]];

const withBadUtf8 = fc
  .tuple(validTable, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BAD_UTF8)), { minLength: 1, maxLength: 3 }))
  .map(([table, inserts]) => {
    let bytes = utf8(table.text);
    for (const [at, seq] of inserts) {
      const p = at % (bytes.length + 1);
      const out = new Uint8Array(bytes.length + seq.length);
      out.set(bytes.subarray(0, p));
      out.set(seq, p);
      out.set(bytes.subarray(p), p + seq.length);
      bytes = out;
    }
    return bytes;
  });

const fatal = new TextDecoder('utf-8', { fatal: true });
function decodes(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

type BytesCase = { kind: 'valid'; table: Table; bom: boolean } | { kind: 'other'; bytes: Uint8Array; label?: string };

export const delimitedBytes = defineTarget<BytesCase>({
  arbitrary: fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('valid' as const), table: validTable, bom: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('other' as const), bytes: mutatedBytes(validTable.map((t) => utf8(t.text))), label: labelOption }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('other' as const), bytes: withBadUtf8, label: labelOption }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('other' as const), bytes: fc.uint8Array({ maxLength: 400 }), label: labelOption }) },
  ),
  check(c) {
    if (c.kind === 'valid') {
      const body = utf8(c.table.text);
      const bytes = c.bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
      const { set, error } = parseChecked(bytes, c.table.label);
      assert.ok(set, `a valid table was refused: ${error?.message}`);
      checkExpected(set, c.table.expected);
      return 'parsed';
    }
    const { set, error } = parseChecked(c.bytes, c.label);
    if (set) {
      assert.ok(decodes(c.bytes), 'bytes that are not UTF-8 were parsed');
      return 'parsed';
    }
    const bad = /not valid UTF-8 .*at byte offset (\d+)/.exec(error!.message);
    if (!bad) {
      // Valid UTF-8: the same error as for the decoded text.
      assert.ok(decodes(c.bytes), `bytes that are not UTF-8 got another error: ${error!.message}`);
      const asText = parseChecked(new TextDecoder().decode(c.bytes), c.label);
      assert.equal(asText.error?.message, error!.message, 'bytes and their text get the same error');
      return 'DataError';
    }
    // Invalid UTF-8: everything before the reported offset decodes, the sequence at it does not.
    const offset = Number(bad[1]);
    assert.ok(!decodes(c.bytes), 'valid UTF-8 reported as invalid');
    assert.ok(decodes(c.bytes.subarray(0, offset)), `bytes before offset ${offset} should be valid`);
    assert.ok(!decodes(c.bytes.subarray(0, Math.min(c.bytes.length, offset + 4))), `the sequence at offset ${offset} should be invalid`);
    let line = 1;
    for (let i = 0; i < offset; i++) if (c.bytes[i] === 0x0a) line++;
    assert.equal(error!.line, line, 'the line of the first bad byte');
    return 'not UTF-8';
  },
  allocationLimit: (c) => allocationLimit(c.kind === 'valid' ? c.table.text : c.bytes),
});

type LongCase =
  | { kind: 'longLine'; length: number; where: 'header' | 'row' | 'last'; eol: string }
  | { kind: 'wideHeader'; cols: number; rows: number }
  | { kind: 'manyRows'; rows: number; cols: number }
  | { kind: 'longNumber'; digits: number; fraction: boolean };

/** Lines around MAX_LINE_CHARS, very wide headers, many rows, numbers with thousands of digits. */
export const delimitedLarge = defineTarget<LongCase>({
  arbitrary: fc.oneof(
    fc.record({
      kind: fc.constant('longLine' as const),
      length: fc.oneof(fc.integer({ min: MAX_LINE_CHARS - 2, max: MAX_LINE_CHARS + 2 }), fc.integer({ min: 1000, max: 2 * MAX_LINE_CHARS })),
      where: fc.constantFrom('header' as const, 'row' as const, 'last' as const),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
    }),
    fc.record({ kind: fc.constant('wideHeader' as const), cols: fc.integer({ min: 2, max: 120_000 }), rows: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('manyRows' as const), rows: fc.integer({ min: 1, max: 200_000 }), cols: fc.integer({ min: 2, max: 4 }) }),
    fc.record({ kind: fc.constant('longNumber' as const), digits: fc.integer({ min: 310, max: 500_000 }), fraction: fc.boolean() }),
  ),
  check(c) {
    switch (c.kind) {
      case 'longLine': {
        // A header of `length` characters (names c0, c1, …) over short rows, or a row of `length`
        // characters (a number written with many zeros) under a short header.
        let long: string;
        let text: string;
        if (c.where === 'header') {
          const names: string[] = [];
          for (let size = 0, i = 0; size < c.length; i++) {
            names.push(`c${i}`);
            size += names[i]!.length + 1;
          }
          long = names.join(',');
          long = long.slice(0, c.length).replace(/,?[^,]*$/, (tail) => `,${'x'.repeat(Math.max(0, tail.length - 1))}`);
          const width = long.split(',').length;
          text = `${long}${c.eol}${'1,'.repeat(width - 1)}1${c.eol}`;
        } else {
          long = `${'0'.repeat(c.length - 4)},1,2`;
          text = c.where === 'row' ? `a,b,c${c.eol}${long}${c.eol}3,4,5` : `a,b,c${c.eol}3,4,5${c.eol}${long}`;
        }
        const { set, error } = parseChecked(text, undefined);
        if (long.length > MAX_LINE_CHARS) {
          assert.match(error?.message ?? 'parsed', /line longer than/);
          return 'refused: long line';
        }
        assert.ok(set, `a ${long.length}-character line is allowed: ${error?.message}`);
        return 'parsed';
      }
      case 'wideHeader': {
        const header = Array.from({ length: c.cols }, (_, i) => `c${i}`).join(',');
        const row = Array.from({ length: c.cols }, (_, i) => String(i % 10)).join(',');
        const text = [header, ...Array.from({ length: c.rows }, () => row)].join('\n');
        const { set } = parseChecked(text, undefined);
        assert.ok(set, 'a wide table parses');
        assert.equal(set.features.cols, c.cols - 1);
        return 'parsed';
      }
      case 'manyRows': {
        const header = Array.from({ length: c.cols }, (_, i) => `c${i}`).join(',');
        const row = Array.from({ length: c.cols }, (_, i) => String(i)).join(',');
        const { set } = parseChecked(`${header}\n${`${row}\n`.repeat(c.rows)}`, undefined);
        assert.equal(set?.features.rows, c.rows);
        return 'parsed';
      }
      case 'longNumber': {
        const digits = '7'.repeat(c.digits);
        const cell = c.fraction ? `0.${digits}` : digits;
        const { set, error } = parseChecked(`a,b\n${cell},1\n`, undefined);
        if (c.fraction) assert.ok(set && Math.abs(set.features.get(0, 0) - 0.7777777777777778) < 1e-15, error?.message);
        else assert.match(error?.message ?? '', /out of range/);
        return set ? 'parsed' : 'DataError';
      }
    }
  },
  allocationLimit: () => 64 * 1024 * 1024,
  maxCaseMs: 10_000,
});
