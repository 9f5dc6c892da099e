import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MiniBatches } from '../../src/data/batches.js';
import { Rng } from '../../src/tensor/rng.js';

/** Copies each batch as it comes: the buffers are reused, so collecting them first would not work. */
function epoch(b: MiniBatches): number[][] {
  const out: number[][] = [];
  for (const batch of b.epoch()) out.push(Array.from(batch));
  return out;
}

test('worked example: rows 0…4, batch 2, in order → [0,1] [2,3] [4]', () => {
  const b = new MiniBatches([0, 1, 2, 3, 4], { batchSize: 2, shuffle: false });
  assert.equal(b.count, 3);
  assert.deepEqual(epoch(b), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(epoch(b), [[0, 1], [2, 3], [4]]);
});

test('batches follow the given index array, not 0…n-1', () => {
  const b = new MiniBatches(Int32Array.from([9, 7, 5]), { batchSize: 2, shuffle: false });
  assert.deepEqual(epoch(b), [[9, 7], [5]]);
});

test("batch size 'all' is one full batch", () => {
  const b = new MiniBatches([3, 1, 2], { batchSize: 'all', shuffle: false });
  assert.equal(b.count, 1);
  assert.deepEqual(epoch(b), [[3, 1, 2]]);
});

test('a batch size above n gives one batch of n', () => {
  assert.deepEqual(epoch(new MiniBatches([0, 1], { batchSize: 10, shuffle: false })), [[0, 1]]);
});

test('shuffled epochs cover every row once, differ between epochs, and repeat with the seed', () => {
  const rows = Array.from({ length: 10 }, (_, i) => i);
  const a = new MiniBatches(rows, { batchSize: 3, rng: new Rng(5) });
  const first = epoch(a);
  const second = epoch(a);
  assert.deepEqual(first.map((x) => x.length), [3, 3, 3, 1]);
  assert.deepEqual(first.flat().sort((x, y) => x - y), rows);
  assert.deepEqual(second.flat().sort((x, y) => x - y), rows);
  assert.notDeepEqual(first, second);
  const b = new MiniBatches(rows, { batchSize: 3, rng: new Rng(5) });
  assert.deepEqual(epoch(b), first);
  assert.deepEqual(epoch(b), second);
});

test('the same buffers are reused for every batch', () => {
  const b = new MiniBatches(Array.from({ length: 7 }, (_, i) => i), { batchSize: 3, shuffle: false });
  const seen = new Set<Int32Array>();
  for (let e = 0; e < 3; e++) for (const batch of b.epoch()) seen.add(batch);
  assert.equal(seen.size, 2); // one full-batch buffer and one for the last partial batch
});

test('no rows, no batches', () => {
  assert.equal(new MiniBatches([], { batchSize: 'all', shuffle: false }).count, 0);
  assert.deepEqual(epoch(new MiniBatches([], { batchSize: 4, shuffle: false })), []);
});

test('bad options are usage errors', () => {
  assert.throws(() => new MiniBatches([0], { batchSize: 0, shuffle: false }), { name: 'UsageError' });
  assert.throws(() => new MiniBatches([0], { batchSize: 1.5, shuffle: false }), { name: 'UsageError' });
  assert.throws(() => new MiniBatches([0], { batchSize: 1 }), { name: 'UsageError', message: /needs an rng/ });
});
