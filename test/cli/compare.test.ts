import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { platypus, tempDir } from '../helpers/cli.js';

test('compare trains every setting of the grid and ranks them by validation accuracy', () => {
  const dir = join(tempDir(), 'cmp');
  const r = platypus(['compare', '--data', 'spiral', '--hidden', '4,16', '--lr', '0.01,0.05', '--optimizer', 'adam', '--epochs', '60', '--batch-size', '32', '--report', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const runs = r.json!.runs as { name: string; validation: { accuracy: number }; history: unknown[] }[];
  assert.deepEqual(runs.map((x) => x.name).sort(), ['hidden 16, lr 0.01', 'hidden 16, lr 0.05', 'hidden 4, lr 0.01', 'hidden 4, lr 0.05']);
  for (let i = 1; i < runs.length; i++) assert.ok(runs[i - 1]!.validation.accuracy >= runs[i]!.validation.accuracy, 'sorted best first');
  for (const x of runs) assert.equal(x.history.length, 60);
  // Every run's curves share one chart: the loss chart names all four runs.
  const svg = readFileSync(join(dir, 'loss.svg'), 'utf8');
  for (const x of runs) assert.ok(svg.includes(x.name), x.name);
  const human = platypus(['compare', '--data', 'circles', '--model', 'logistic', '--lr', '0.1,1', '--epochs', '50']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /rank\s+run\s+val accuracy\s+val loss\s+seconds\n\s+1\s+lr /);
});

test('compare refuses a grid it cannot run', () => {
  const big = platypus(['compare', '--data', 'circles', '--lr', Array.from({ length: 70 }, (_, i) => String(i + 1)).join(',')]);
  assert.equal(big.code, 1);
  assert.match(big.stderr, /the grid has 70 runs; at most 64/);
  const hidden = platypus(['compare', '--data', 'circles', '--model', 'logistic', '--hidden', '3']);
  assert.equal(hidden.code, 1);
  assert.match(hidden.stderr, /--hidden applies to --model mlp/);
  const lr = platypus(['compare', '--data', 'circles', '--lr', '0.1,,1']);
  assert.equal(lr.code, 1);
  assert.match(lr.stderr, /--lr: an empty item/);
});
