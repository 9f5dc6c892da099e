import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { platypus, tempDir } from '../helpers/cli.js';

/** A bad-input run: the exit code, one line on stderr naming the problem, nothing on stdout, no stack trace. */
function assertCleanError(args: string[], code: number, pattern: RegExp): void {
  const r = platypus(args);
  assert.equal(r.code, code, `exit code for ${args.join(' ')}: ${r.stderr}`);
  const first = r.stderr.split('\n')[0]!;
  assert.match(first, /^platypus: error: /);
  assert.match(first, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '');
}

const require = createRequire(import.meta.url);
const dir = tempDir();
const file = (name: string, text: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test('a missing data file', () => {
  assertCleanError(['train', '--data', join(dir, 'nope.txt')], 2, /no such file: .*nope\.txt/);
});

test('ragged rows name the file and line', () => {
  const f = file('ragged.txt', 'a b y\n1 2 3\n4 5\n');
  assertCleanError(['train', '--data', f], 2, /ragged\.txt:3/);
});

test('non-numeric cells name the file, line and cell', () => {
  const f = file('text.txt', 'a b y\n1 2 3\n4 x 1\n');
  assertCleanError(['train', '--data', f], 2, /text\.txt:3.*["']x["'].*column/);
});

test('an unknown label column lists the columns', () => {
  const f = file('ok.txt', 'a b y\n1 2 3\n4 5 1\n');
  assertCleanError(['train', '--data', f, '--label', 'nothere'], 2, /nothere.*a, b, y|nothere.*columns/);
});

test('an IDX file with a wrong magic number or truncated data', () => {
  const d = tempDir();
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(10, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  writeFileSync(join(d, 't10k-images-idx3-ubyte.gz'), gzipSync(Buffer.concat([header, Buffer.alloc(100)])));
  const labels = Buffer.alloc(18);
  labels.writeUInt32BE(0x00000801, 0);
  labels.writeUInt32BE(10, 4);
  writeFileSync(join(d, 't10k-labels-idx1-ubyte.gz'), gzipSync(labels));
  const model = join(tempDir(), 'm.json');
  assert.equal(platypus(['train', '--data', 'blobs', '--model', 'softmax', '--epochs', '1', '--out', model]).code, 0);
  assertCleanError(['evaluate', model, '--data', 'mnist', '--data-dir', d], 2, /t10k-images-idx3-ubyte\.gz.*truncated/);
  const wrong = Buffer.from(header);
  wrong.writeUInt32BE(0x12345678, 0);
  writeFileSync(join(d, 't10k-images-idx3-ubyte.gz'), gzipSync(Buffer.concat([wrong, Buffer.alloc(7840)])));
  assertCleanError(['evaluate', model, '--data', 'mnist', '--data-dir', d], 2, /magic/);
});

test('a model whose input width differs from the data', () => {
  const model = join(tempDir(), 'wide.json');
  const f = file('three.txt', 'a b c y\n1 2 3 0\n4 5 6 1\n');
  assert.equal(platypus(['train', '--data', f, '--model', 'logistic', '--epochs', '1', '--out', model]).code, 0);
  assertCleanError(['evaluate', model, '--data', 'circles'], 2, /takes 3 input columns, the data has 2/);
  assertCleanError(['predict', model, '1,2'], 1, /has 2 values; the model takes 3/);
});

test('a corrupt, truncated or future model file', () => {
  const model = join(tempDir(), 'good.json');
  assert.equal(platypus(['train', '--data', 'circles', '--model', 'logistic', '--epochs', '1', '--out', model]).code, 0);
  const text = require('node:fs').readFileSync(model, 'utf8') as string;
  const truncated = file('truncated.json', text.slice(0, text.length / 2));
  assertCleanError(['predict', truncated, '1,2'], 2, /truncated\.json: not a Platypus model file/);
  const future = file('future.json', text.replace('"version":1', '"version":99'));
  assertCleanError(['predict', future, '1,2'], 2, /version 99 is newer/);
  const corrupt = file('corrupt.json', text.replace(/"data":"[A-Za-z0-9+/]{4}/, '"data":"!!!!'));
  assertCleanError(['predict', corrupt, '1,2'], 2, /corrupt\.json/);
});

test('usage errors exit 1 and point at --help', () => {
  assertCleanError(['train', '--data', 'circles', '--model', 'forest'], 1, /--model must be one of linear, logistic, softmax, perceptron/);
  assertCleanError(['train', '--data', 'circles', '--epochs', 'ten'], 1, /--epochs must be a whole number/);
  assertCleanError(['train', '--data', 'circles', '--lr', '-1'], 1, /--lr must be a number > 0/);
  assertCleanError(['train', '--data', 'no-such-generator'], 1, /no-such-generator/);
  const r = platypus(['train', '--data', 'circles', '--bogus']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unknown option '--bogus'/);
});

test('training that diverges stops with a hint and exit code 3, and saves nothing', () => {
  const model = join(tempDir(), 'never.json');
  const r = platypus(['train', '--data', 'line', '--model', 'linear', '--lr', '1000', '--epochs', '500', '--out', model]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /diverged.*smaller learning rate/);
  assert.equal(require('node:fs').existsSync(model), false);
});
