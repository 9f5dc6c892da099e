import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { ColumnScale } from '../../src/kernels/types.js';
import { loadWasmKernels, type WasmKernels } from '../../src/kernels/wasm/index.js';
import { TestRng, variants } from './wasm-helpers.js';

/** rows of x, columns, rows gathered: one column, odd counts, around the 16-byte vector, many rows (chunks). */
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [5, 1, 9],
  [7, 3, 4],
  [20, 15, 20],
  [20, 16, 33],
  [9, 17, 5],
  [40, 33, 64],
  [30, 100, 31],
  [100, 784, 256],
  [50, 784, 700], // more than one 1 MiB chunk when out is outside the memory
];

/** Bit-for-bit equality (NaN equal to NaN). */
function checkIdentical(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length);
  let bad = -1;
  for (let i = 0; i < expected.length && bad < 0; i++) if (!Object.is(actual[i], expected[i])) bad = i;
  assert.equal(bad, -1, `${what}: [${bad}] = ${actual[bad]}, expected ${expected[bad]}`);
}

function scaleFor(cols: number, rng: TestRng): ColumnScale {
  const shift = new Float64Array(cols);
  const factor = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    shift[j] = rng.next() * 255;
    factor[j] = j % 7 === 0 ? 1 : 1 / (1e-3 + rng.next() * 80);
  }
  return { shift, factor };
}

function bytesIn(kernels: WasmKernels, x: Uint8Array): Uint8Array {
  const block = kernels.arena.allocFloat32(Math.ceil(x.length / 4));
  const view = new Uint8Array(block.buffer, block.byteOffset, x.length);
  view.set(x);
  return view;
}

for (const variant of variants()) {
  test(`wasm gatherBytes gives the portable loops' bits: any shape, indices in any order (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(17);
    for (const [rows, cols, picked] of SHAPES) {
      const x = new Uint8Array(rows * cols);
      for (let i = 0; i < x.length; i++) x[i] = rng.int(0, 255);
      // Out of order and repeated.
      const indices = Int32Array.from({ length: picked }, () => rng.int(0, rows - 1));
      for (const scale of [scaleFor(cols, rng), undefined]) {
        const expected = new Float32Array(picked * cols);
        jsKernels.gatherBytes(x, cols, indices, expected, scale);
        for (const xWhere of ['outside', 'inside'] as const) {
          for (const outWhere of ['outside', 'inside'] as const) {
            const what = `${rows}×${cols} → ${picked} rows, x ${xWhere}, out ${outWhere}, ${scale ? 'scaled' : 'unscaled'}`;
            const mark = kernels.arena.mark();
            const xs = xWhere === 'inside' ? bytesIn(kernels, x) : x;
            const out = outWhere === 'inside' ? kernels.arena.allocFloat32(picked * cols) : new Float32Array(picked * cols);
            out.fill(NaN);
            kernels.gatherBytes(xs, cols, indices, out, scale);
            checkIdentical(out, expected, what);
            kernels.arena.release(mark);
          }
        }
      }
    }
    assert.equal(kernels.arena.bytesInUse, 0, 'scratch is released after each call');
  });
}

test('wasm gatherBytes: plain index arrays, a longer out, float64 out, empty batches, and bad rows refused', async () => {
  const kernels = await loadWasmKernels();
  const rng = new TestRng(5);
  const cols = 21;
  const x = new Uint8Array(6 * cols);
  for (let i = 0; i < x.length; i++) x[i] = rng.int(0, 255);
  const scale = scaleFor(cols, rng);
  const indices = [5, 0, 3, 3];
  const expected = new Float32Array(5 * cols).fill(-7);
  jsKernels.gatherBytes(x, cols, indices, expected, scale);
  const out = new Float32Array(5 * cols).fill(-7);
  kernels.gatherBytes(x, cols, indices, out, scale);
  checkIdentical(out, expected, 'a number[] of indices; the last row of out untouched');
  const out64 = new Float64Array(4 * cols);
  kernels.gatherBytes(x, cols, indices, out64, scale);
  for (let j = 0; j < cols; j++) assert.equal(out64[j], (x[5 * cols + j]! - scale.shift[j]!) * scale.factor[j]!);
  kernels.gatherBytes(x, cols, [], new Float32Array(0), scale);
  for (const bad of [6, -1, 1.5, NaN]) {
    assert.throws(() => kernels.gatherBytes(x, cols, [0, bad], new Float32Array(2 * cols), scale), RangeError, String(bad));
  }
  assert.throws(() => kernels.gatherBytes(x, cols, [0, 1], new Float32Array(cols), scale), RangeError, 'out too short');
  assert.equal(kernels.arena.bytesInUse, 0);
});
