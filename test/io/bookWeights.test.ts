import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError } from '../../src/errors.js';
import { parseBookWeights } from '../../src/io/bookWeights.js';

test("the book's [w1, w2] loads as a network with the bias in row 0", () => {
  const net = parseBookWeights(JSON.stringify([[[0.5, -0.5], [1, 2], [3, 4]], [[0, 0], [1, -1], [-1, 1]]]), 'w.json');
  const state = net.learnedState();
  assert.equal(state.inputs, 2);
  assert.equal(state.outputs, 2);
});

test('regression (fuzz): rows are checked before the matrix is allocated from row 0 and the row count', () => {
  // A 60 KB file claiming 30000 rows of 30000 values. Before: Tensor.zeros([30000, 30000]) (7.2 GB) came
  // first, and only then was row 1 found to be empty.
  const text = `[[[${'1,'.repeat(29_999)}1]${',[]'.repeat(29_999)}],[[1,2]]]`;
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => parseBookWeights(text, 'w.json'), (e: unknown) => e instanceof ModelError && /w1 row 1 has 0 columns, row 0 has 30000/.test(e.message));
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024);
});
