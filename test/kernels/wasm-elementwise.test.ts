import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import { loadWasmKernels } from '../../src/kernels/wasm/index.js';
import { checkIdentical, firstMismatch, place, TestRng, variants } from './wasm-helpers.js';

/** rows × cols: single elements, lengths that are not multiples of 4 or 16, and larger ones. */
const SHAPES: Array<[number, number]> = [
  [1, 1],
  [5, 3],
  [3, 5],
  [2, 16],
  [7, 17],
  [4, 67],
  [257, 129],
  [64, 1000],
];

/** Values that probe the edges: signed zeros, tiny and huge magnitudes, infinities, NaN. */
const SPECIAL = [0, -0, 1e-8, -1e-8, 0.5, -0.5, 20, -20, 87, -87, 88.5, -88.5, 100, -100, 1e30, -1e30, Infinity, -Infinity, NaN];

function withSpecials(x: Float32Array, rng: TestRng): Float32Array {
  for (const v of SPECIAL) if (x.length > 40) x[rng.int(0, x.length - 1)] = v;
  return x;
}

function check(actual: Float32Array, expected: Float32Array, what: string): void {
  const bad = firstMismatch(actual, expected);
  assert.equal(bad, -1, `${what}: [${bad}] = ${actual[bad]}, expected ${expected[bad]}`);
}

for (const variant of variants()) {
  test(`wasm elementwise kernels match the portable loops (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(3);
    for (const [rows, cols] of SHAPES) {
      const size = rows * cols;
      for (const where of ['outside', 'inside'] as const) {
        const what = (kernel: string, alias = '') => `${kernel} ${rows}×${cols} ${where}${alias}`;
        const mark = kernels.arena.mark();
        const x = rng.fill(new Float32Array(size), 10);
        const y = rng.fill(new Float32Array(size), 10);
        const bias = rng.fill(new Float32Array(cols), 10);

        // Exact in float32 either way: addRowVector and sumRows add in the same order, relu selects,
        // axpy computes in float64 and rounds once like the portable loop.
        let expected = new Float32Array(size);
        jsKernels.addRowVector(x, bias, rows, cols, expected);
        let out = place(kernels, new Float32Array(size), where);
        kernels.addRowVector(place(kernels, x, where), place(kernels, bias, where), rows, cols, out);
        checkIdentical(out, expected, what('addRowVector'));
        const alias = place(kernels, x, where);
        kernels.addRowVector(alias, place(kernels, bias, where), rows, cols, alias);
        checkIdentical(alias, expected, what('addRowVector', ' out=x'));

        const sums = new Float32Array(cols);
        jsKernels.sumRows(x, rows, cols, sums);
        out = place(kernels, rng.fill(new Float32Array(cols)), where);
        kernels.sumRows(place(kernels, x, where), rows, cols, out);
        checkIdentical(out, sums, what('sumRows'));

        const special = withSpecials(x.slice(), rng);
        expected = new Float32Array(size);
        jsKernels.relu(special, expected);
        out = place(kernels, special, where);
        kernels.relu(out, out);
        checkIdentical(out, expected, what('relu', ' out=x'));

        for (const alpha of [-0.01, 0.1, 3]) {
          expected = new Float32Array(size);
          jsKernels.axpy(x, alpha, y, expected);
          out = place(kernels, new Float32Array(size), where);
          kernels.axpy(place(kernels, x, where), alpha, place(kernels, y, where), out);
          checkIdentical(out, expected, what(`axpy α=${alpha}`));
          const a = place(kernels, x, where);
          kernels.axpy(a, alpha, place(kernels, y, where), a);
          checkIdentical(a, expected, what(`axpy α=${alpha}`, ' out=a'));
          const b = place(kernels, y, where);
          kernels.axpy(place(kernels, x, where), alpha, b, b);
          checkIdentical(b, expected, what(`axpy α=${alpha}`, ' out=b'));
        }

        // e^x by polynomial: within 1e-5 relative (a few ulp in practice).
        expected = new Float32Array(size);
        jsKernels.sigmoid(special, expected);
        out = place(kernels, new Float32Array(size), where);
        kernels.sigmoid(place(kernels, special, where), out);
        check(out, expected, what('sigmoid'));
        out = place(kernels, special, where);
        kernels.sigmoid(out, out);
        check(out, expected, what('sigmoid', ' out=x'));

        expected = new Float32Array(size);
        jsKernels.softmaxRows(x, rows, cols, expected);
        out = place(kernels, new Float32Array(size), where);
        kernels.softmaxRows(place(kernels, x, where), rows, cols, out);
        check(out, expected, what('softmaxRows'));
        out = place(kernels, x, where);
        kernels.softmaxRows(out, rows, cols, out);
        check(out, expected, what('softmaxRows', ' out=x'));
        kernels.arena.release(mark);
      }
    }
    assert.equal(kernels.arena.bytesInUse, 0);
  });
}

test('wasm softmaxRows handles wide spreads, infinities and NaN like the portable loops', async () => {
  const kernels = await loadWasmKernels();
  const rows = [
    [0, -50, -100, -1000, 3, 3, 3],
    [1e30, 0, -1e30, 5, 6, 7, 8],
    [-Infinity, 0, 1, 2, 3, 4, 5],
    [Infinity, 0, 1, 2, 3, 4, 5],
    [NaN, 0, 1, 2, 3, 4, 5],
    [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
    [88, 87, -88, -87, 0, 1, 2],
  ];
  const x = new Float32Array(rows.flat());
  const expected = new Float32Array(x.length);
  jsKernels.softmaxRows(x, rows.length, 7, expected);
  const out = new Float32Array(x.length);
  kernels.softmaxRows(x, rows.length, 7, out);
  check(out, expected, 'softmaxRows specials');
});

test('wasm sigmoid is accurate to 1e-6 relative across [-87, 87]', async () => {
  const kernels = await loadWasmKernels();
  const x = new Float32Array(174001);
  for (let i = 0; i < x.length; i++) x[i] = -87 + i * 0.001;
  const out = new Float32Array(x.length);
  kernels.sigmoid(x, out);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const exact = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    worst = Math.max(worst, Math.abs(out[i]! - exact) / exact);
  }
  assert.ok(worst < 1e-6, `worst relative error ${worst}`);
});

test('wasm elementwise kernels reject short outputs and run float64 through the portable loops', async () => {
  const kernels = await loadWasmKernels();
  assert.throws(() => kernels.relu(new Float32Array(5), new Float32Array(4)), /relu: out has 4 elements, needs 5/);
  assert.throws(() => kernels.sumRows(new Float32Array(6), 2, 3, new Float32Array(2)), /sumRows: out has 2/);
  const x = new Float64Array([-1, 0.25, 3]);
  const out = new Float64Array(3);
  kernels.sigmoid(x, out);
  const expected = new Float64Array(3);
  jsKernels.sigmoid(x, expected);
  assert.deepEqual(out, expected);
});
