import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encode } from 'fast-png';
import { gunzipSync } from 'node:zlib';
import { trainTestSplit } from '../../src/data/split.js';
import { Rng } from '../../src/tensor/rng.js';
import { platypus, tempDir } from '../helpers/cli.js';
import { available, sharedData } from '../helpers/paths.js';

const images = sharedData('mnist/t10k-images-idx3-ubyte.gz');
const skip = available(images) ? false : 'no MNIST test files in ../shared/data/mnist';

/** A 28×28 MNIST digit as a PNG: white ink on black as stored, or, drawn the way people draw, dark ink on white paper and 8× larger. */
function digitPng(pixels: Uint8Array, style: 'mnist' | 'paper'): Uint8Array {
  if (style === 'mnist') return encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 });
  const s = 8;
  const data = new Uint8Array(28 * s * 28 * s * 3);
  for (let y = 0; y < 28 * s; y++) {
    for (let x = 0; x < 28 * s; x++) {
      const v = 255 - pixels[Math.floor(y / s) * 28 + Math.floor(x / s)]!;
      data.set([v, v, v], 3 * (y * 28 * s + x));
    }
  }
  return encode({ width: 28 * s, height: 28 * s, data, channels: 3, depth: 8 });
}

test('predict reads PNG pictures of digits held out from training and names them right', { skip, timeout: 300_000 }, () => {
  const dir = tempDir();
  const model = join(dir, 'digits.json');
  // Train on 8,000 of the 10,000 MNIST test images; the other 2,000 are the held-out split (seed 0).
  const t = platypus(['train', '--data', images, '--model', 'mlp:100', '--activation', 'relu', '--optimizer', 'adam', '--init', 'he', '--epochs', '8', '--batch-size', '64', '--test-split', '0.2', '--seed', '0', '--out', model, '--json']);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(t.json!.train.rows, 8000);
  const raw = gunzipSync(readFileSync(images));
  const labels = gunzipSync(readFileSync(sharedData('mnist/t10k-labels-idx1-ubyte.gz')));
  const { test: held } = trainTestSplit(10000, { testFraction: 0.2, rng: new Rng(0) });
  const picked = Array.from(held.subarray(0, 60));
  const files: string[] = [];
  const truth: number[] = [];
  picked.forEach((row, k) => {
    const pixels = raw.subarray(16 + row * 784, 16 + (row + 1) * 784);
    const style = k % 2 === 0 ? 'mnist' : 'paper';
    const file = join(dir, `digit-${k}-${style}.png`);
    writeFileSync(file, digitPng(pixels, style));
    files.push(file);
    truth.push(labels[8 + row]!);
  });
  const p = platypus(['predict', model, ...files, '--json']);
  assert.equal(p.code, 0, p.stderr);
  const predicted = (p.json!.predictions as { class: number; probabilities: number[] }[]).map((r) => r.class);
  const right = predicted.filter((c, i) => c === truth[i]).length;
  assert.ok(right / truth.length >= 0.9, `${right} of ${truth.length} right`);
  const paperRight = predicted.filter((c, i) => i % 2 === 1 && c === truth[i]).length;
  assert.ok(paperRight / 30 >= 0.85, `${paperRight} of 30 drawn-on-paper digits right`);
  const human = platypus(['predict', model, files[0]!]);
  assert.match(human.stdout, new RegExp(`digit-0-mnist\\.png → ${truth[0]} \\(${truth[0]} \\d+\\.\\d%`));
});

test('predict refuses pictures it cannot read, with one line naming the file', { skip }, () => {
  const dir = tempDir();
  const model = join(dir, 'm.json');
  assert.equal(platypus(['train', '--data', images, '--model', 'softmax', '--epochs', '1', '--batch-size', '500', '--out', model]).code, 0);
  writeFileSync(join(dir, 'fake.png'), 'not a picture');
  const r = platypus(['predict', model, join(dir, 'fake.png')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^platypus: error: .*fake\.png: not a PNG or JPEG picture/);
  writeFileSync(join(dir, 'blank.png'), encode({ width: 10, height: 10, data: new Uint8Array(100).fill(255), channels: 1, depth: 8 }));
  const b = platypus(['predict', model, join(dir, 'blank.png')]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /^platypus: error: .*blank\.png: the picture is blank/);
});
