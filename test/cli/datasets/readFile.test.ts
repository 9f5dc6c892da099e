import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readDataFile, readFileBytes } from '../../../src/cli/datasets/readFile.js';
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
