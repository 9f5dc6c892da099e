import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DataError } from '../../../src/errors.js';
import { MAX_LINE_CHARS, parseDelimited } from '../../../src/data/parsers/delimited.js';
import { sharedData, utf8 } from '../fixtures.js';

const src = { source: 'mem.txt' };

/** Asserts a DataError whose message starts with "mem.txt:<line>: " and matches `pattern`. */
function throwsAt(input: string | Uint8Array, line: number | undefined, pattern: RegExp, options: { label?: string; classNames?: string[] } = {}): void {
  assert.throws(
    () => parseDelimited(input, { ...src, ...options }),
    (e: unknown) => {
      assert.ok(e instanceof DataError, `expected DataError, got ${String(e)}`);
      assert.equal(e.source, 'mem.txt');
      assert.equal(e.line, line);
      assert.ok(e.message.startsWith(line === undefined ? 'mem.txt: ' : `mem.txt:${line}: `), e.message);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

function column(set: ReturnType<typeof parseDelimited>, col: number): number[] {
  return Array.from({ length: set.features.rows }, (_, r) => set.features.get(r, col));
}

describe('parseDelimited: the book files', () => {
  const books: [string, number, string[], string][] = [
    ['pizza.txt', 30, ['Reservations'], 'Pizzas'],
    ['pizza_2_vars.txt', 30, ['Reservations', 'Temperature'], 'Pizzas'],
    ['pizza_3_vars.txt', 30, ['Reservations', 'Temperature', 'Tourists'], 'Pizzas'],
    ['police.txt', 30, ['Reservations', 'Temperature', 'Tourists'], 'Police'],
    ['circles.txt', 300, ['Input_A', 'Input_B'], 'Label'],
    ['echidna.txt', 855, ['Input_A', 'Input_B'], 'Label'],
    ['linearly_separable.txt', 300, ['Input_A', 'Input_B'], 'Label'],
    ['non_linearly_separable.txt', 300, ['Input_A', 'Input_B'], 'Label'],
    ['life-expectancy-without-country-names.txt', 167, ['Pollution', 'Healthcare', 'Water'], 'Life'],
  ];
  for (const [file, rows, featureNames, targetName] of books) {
    const path = sharedData(`book/${file}`);
    test(file, { skip: path === undefined ? `${file} is not in shared/data/book` : false }, () => {
      const set = parseDelimited(readFileSync(path!), { source: path! });
      assert.equal(set.features.rows, rows);
      assert.equal(set.features.cols, featureNames.length);
      assert.deepEqual(set.featureNames, featureNames);
      assert.equal(set.targetName, targetName);
      assert.equal(set.targets.length, rows);
      assert.equal(set.classNames, undefined);
      assert.ok(set.targets.every(Number.isFinite));
    });
  }

  const pizza = sharedData('book/pizza.txt');
  test('pizza.txt values (CRLF file)', { skip: pizza === undefined ? 'pizza.txt absent' : false }, () => {
    const set = parseDelimited(readFileSync(pizza!, 'utf8'), { source: pizza! });
    assert.deepEqual(column(set, 0).slice(0, 3), [13, 2, 14]);
    assert.deepEqual(Array.from(set.targets.slice(0, 3)), [33, 16, 32]);
  });

  const police = sharedData('book/police.txt');
  test('police.txt with another label column', { skip: police === undefined ? 'police.txt absent' : false }, () => {
    const set = parseDelimited(readFileSync(police!), { source: police!, label: 'Reservations' });
    assert.deepEqual(set.featureNames, ['Temperature', 'Tourists', 'Police']);
    assert.equal(set.targetName, 'Reservations');
    assert.equal(set.targets[0], 13);
    assert.equal(set.features.get(0, 2), 1);
  });
});

describe('parseDelimited: formats', () => {
  test('whitespace, comma and tab delimiters give the same table', () => {
    const texts = ['a  b   y\n1 2 3\n4\t5 6\n', 'a,b,y\r\n1, 2 ,3\r\n4,5,6\r\n', 'a\tb\ty\n1\t2\t3\n4\t5\t6'];
    for (const text of texts) {
      const set = parseDelimited(text, src);
      assert.deepEqual(set.featureNames, ['a', 'b']);
      assert.deepEqual(column(set, 0), [1, 4]);
      assert.deepEqual(column(set, 1), [2, 5]);
      assert.deepEqual(Array.from(set.targets), [3, 6]);
    }
  });

  test('tab-separated names may contain spaces', () => {
    const set = parseDelimited('Life expectancy\tWater use\tY\n1\t2\t3\n', src);
    assert.deepEqual(set.featureNames, ['Life expectancy', 'Water use']);
  });

  test('quoted comma cells', () => {
    const set = parseDelimited('"x, first","say ""hi""",label\n1,2,"cat, big"\n3,4,dog\n', src);
    assert.deepEqual(set.featureNames, ['x, first', 'say "hi"']);
    assert.deepEqual(set.classNames, ['cat, big', 'dog']);
  });

  test('blank lines, a BOM, CR-only line ends and no final newline', () => {
    const set = parseDelimited('\uFEFF\n a b\r\r1 2\r\n   \n3 4', src);
    assert.deepEqual(set.featureNames, ['a']);
    assert.deepEqual(Array.from(set.targets), [2, 4]);
  });

  test('numbers: signs, exponents, leading dot', () => {
    const set = parseDelimited('a b\n-1.5e2 +.5\n3. -0\n', src);
    assert.deepEqual(column(set, 0), [-150, 3]);
    assert.deepEqual(Array.from(set.targets), [0.5, -0]);
  });

  test('class names in the label column map to indices in order of first appearance', () => {
    const set = parseDelimited('w h kind\n1 2 cat\n3 4 dog\n5 6 cat\n7 8 emu\n', src);
    assert.deepEqual(set.classNames, ['cat', 'dog', 'emu']);
    assert.deepEqual(Array.from(set.targets), [0, 1, 0, 2]);
  });

  test('features are a Float64Array', () => {
    const set = parseDelimited('a b\n1 2\n', src);
    const out = new Float64Array(1);
    set.features.gather([0], out);
    assert.deepEqual(Array.from(out), [1]);
  });

  test('UTF-8 bytes, including non-ASCII names', () => {
    const set = parseDelimited(utf8('température,ünits\n1,2\n'), src);
    assert.deepEqual(set.featureNames, ['température']);
    assert.equal(set.targetName, 'ünits');
  });
});

describe('parseDelimited: errors name the source and line', () => {
  test('empty file', () => throwsAt('', undefined, /empty file/));
  test('only blank lines', () => throwsAt('\n  \r\n\n', undefined, /empty file/));
  test('header only', () => throwsAt('a b\n\n', 1, /header only/));
  test('ragged row: too few', () => throwsAt('a b c d\n1 2 3 4\n\n1 2 3\n', 4, /3 columns, header has 4/));
  test('ragged row: too many', () => throwsAt('a,b\n1,2\n1,2,3\n', 3, /3 columns, header has 2/));
  test('non-numeric feature cell quotes the cell and column', () =>
    throwsAt('Reservations Pizzas\n13 33\n1x 4\n', 3, /"1x" in column "Reservations" is not a number/));
  test('hex and empty-looking numbers are not numbers', () => throwsAt('a b\n0x10 1\n', 2, /"0x10"/));
  test('NaN cell', () => throwsAt('a b\n1 2\nNaN 3\n', 3, /"NaN" in column "a": NaN and Infinity are not allowed/));
  test('Infinity cell', () => throwsAt('a b\n1 -Infinity\n', 2, /"-Infinity" in column "b": NaN and Infinity/));
  test('inf cell', () => throwsAt('a,b\n1,inf\n', 2, /NaN and Infinity/));
  test('overflowing number', () => throwsAt('a b\n1e999 2\n', 2, /"1e999" in column "a" is out of range/));
  test('empty comma cell', () => throwsAt('a,b\n1,\n', 2, /empty cell in column "b"/));
  test('non-numeric label after numeric labels', () => throwsAt('a y\n1 0\n2 cat\n', 3, /"cat" in column "y" is not a number \(class names/));
  test('class-name feature column is refused', () => throwsAt('kind y\ncat 1\n', 2, /"cat" in column "kind" is not a number/));
  test('unknown label column lists the columns', () =>
    throwsAt('a b c\n1 2 3\n', 1, /no column named "z" for the label; columns are: a, b, c/, { label: 'z' }));
  test('duplicate column names', () => throwsAt('a b a\n1 2 3\n', 1, /duplicate column name "a"/));
  test('a header of numbers is taken for data', () => throwsAt('13 33\n2 16\n', 1, /looks like data, not a header/));
  test('a single column', () => throwsAt('y\n1\n', 1, /at least one feature column/));
  test('an unnamed tab column falls back to whitespace', () => {
    // "a\t\tb" has an empty name between tabs, so the header is read as whitespace-separated.
    const set = parseDelimited('a\t\tb\n1\t\t2\n', src);
    assert.deepEqual(set.featureNames, ['a']);
  });
  test('unterminated quote', () => throwsAt('a,b\n"1,2\n', 2, /unterminated quote in column 1/));
  test('text after a closing quote', () => throwsAt('a,b\n"1"x,2\n', 2, /after the closing quote in column 1/));
  test('extremely long line', () => throwsAt(`a b\n1 2\n${'9'.repeat(MAX_LINE_CHARS + 5)} 1\n`, 3, /line longer than/));
  test('non-UTF-8 bytes name the line and byte offset', () => {
    const bytes = utf8('a b\n1 2\n3 X\n');
    bytes[10] = 0xff;
    throwsAt(bytes, 3, /not valid UTF-8 text \(byte 0xff at byte offset 10\)/);
  });
  test('a truncated multi-byte sequence at the end', () => {
    const bytes = utf8('a b\n1 é');
    throwsAt(bytes.subarray(0, bytes.length - 1), 2, /incomplete sequence at the end|byte 0xc3/);
  });
  test('overlong and surrogate encodings are refused', () => {
    throwsAt(new Uint8Array([0x61, 0x20, 0x62, 0x0a, 0xc0, 0xaf]), 2, /byte 0xc0 at byte offset 4/);
    throwsAt(new Uint8Array([0x61, 0x20, 0x62, 0x0a, 0xed, 0xa0, 0x80]), 2, /byte 0xed at byte offset 4/);
  });
});

describe('parseDelimited: regressions found by fuzzing (test/fuzz)', () => {
  test('a wide header does not allocate room for 1024 rows of it', () => {
    // Before: features started at 1024 × (columns − 1) float64s, so this 0.8 MB table allocated 820 MB.
    const cols = 100_000;
    const header = Array.from({ length: cols }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: cols }, (_, i) => String(i % 10)).join(',');
    const before = process.memoryUsage().arrayBuffers;
    const set = parseDelimited(`${header}\n${row}\n${row}\n`, src);
    const grew = process.memoryUsage().arrayBuffers - before;
    assert.equal(set.features.cols, cols - 1);
    assert.equal(set.features.rows, 2);
    assert.ok(grew < 32 * 1024 * 1024, `allocated ${grew} bytes for a 2-row table`);
  });
});

describe('parseDelimited: given class names', () => {
  test('labels are numbered by the given list, not by first appearance', () => {
    const set = parseDelimited('a,kind\n1,dog\n2,cat\n3,dog\n', { ...src, classNames: ['cat', 'dog'] });
    assert.deepEqual(Array.from(set.targets), [1, 0, 1]);
    assert.deepEqual(set.classNames, ['cat', 'dog']);
  });
  test('names that look like numbers are names too', () => {
    const set = parseDelimited('a,digit\n1,7\n2,3\n', { ...src, classNames: ['3', '7'] });
    assert.deepEqual(Array.from(set.targets), [1, 0]);
  });
  test('a name not in the list is an error naming the line', () =>
    throwsAt('a,kind\n1,cat\n2,emu\n', 3, /"emu" in column "kind" is not one of the classes "cat", "dog"/, { classNames: ['cat', 'dog'] }));
});
