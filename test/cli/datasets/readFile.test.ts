import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readDataFile, readFileBytes, withFileSource } from '../../../src/cli/datasets/readFile.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.remove());

test('reads and parses a text table, naming the path in parse errors', () => {
  const path = join(tmp.path, 'ok.txt');
  writeFileSync(path, 'x y\n1 2\n3 4\n');
  const set = readDataFile(path);
  assert.equal(set.source, path);
  assert.equal(set.features.rows, 2);
  assert.equal(readDataFile(path, { label: 'x' }).targetName, 'x');
  writeFileSync(path, 'x y\n1 2\n3\n');
  assert.throws(() => readDataFile(path), { name: 'DataError', message: new RegExp(`^${path}:3: 1 column, header has 2`) });
});

test('a missing file', () => {
  const path = join(tmp.path, 'nope.txt');
  assert.throws(() => readFileBytes(path), { name: 'DataError', message: `no such file: ${path}` });
  assert.throws(() => readDataFile(join(tmp.path, 'nope', 'x.txt')), { message: /^no such file: / });
});

test('a directory', () => {
  const dir = join(tmp.path, 'adir');
  mkdirSync(dir);
  assert.throws(() => readDataFile(dir), { name: 'DataError', message: `${dir} is a directory, not a file` });
});

test('an unreadable file', { skip: process.getuid?.() === 0 ? 'root can read anything' : false }, () => {
  const path = join(tmp.path, 'secret.txt');
  writeFileSync(path, 'a b\n1 2\n');
  chmodSync(path, 0o000);
  assert.throws(() => readDataFile(path), { name: 'DataError', message: `cannot read ${path}: permission denied` });
});

test('withFileSource: reads any range of the file, with the same errors as readFileBytes', () => {
  const path = join(tmp.path, 'source.bin');
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31 + (i >> 8)) & 255);
  writeFileSync(path, bytes);
  const result = withFileSource(path, (source) => {
    assert.equal(source.byteLength, bytes.length);
    for (const [position, length] of [[0, 10], [123_456, 70_000], [bytes.length - 1, 1], [5, 0]] as const) {
      const out = new Uint8Array(length);
      source.readInto(position, out);
      assert.deepEqual(out, bytes.subarray(position, position + length));
    }
    return 'done';
  });
  assert.equal(result, 'done');
  assert.throws(() => withFileSource(join(tmp.path, 'nope.bin'), () => 0), { name: 'DataError', message: `no such file: ${join(tmp.path, 'nope.bin')}` });
  const dir = join(tmp.path, 'sourcedir');
  mkdirSync(dir);
  assert.throws(() => withFileSource(dir, () => 0), { name: 'DataError', message: `${dir} is a directory, not a file` });
});

test('withFileSource: a file that shrinks while it is read is a DataError', () => {
  const path = join(tmp.path, 'shrinks.bin');
  writeFileSync(path, new Uint8Array(1000));
  assert.throws(
    () =>
      withFileSource(path, (source) => {
        truncateSync(path, 100);
        source.readInto(50, new Uint8Array(100));
      }),
    { name: 'DataError', message: `cannot read ${path}: it ended at byte 100, before the 1000 bytes it had when opened` },
  );
});
