import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import { loadWasmKernels } from '../../src/kernels/wasm/index.js';
import { RTOL, TestRng, variants } from './wasm-helpers.js';

/** rows × cols: single values, column counts off multiples of 2 and 4, a convolution-sized one. */
const SHAPES: Array<[number, number]> = [[1, 1], [5, 3], [3, 5], [7, 17], [257, 129], [3136, 16], [600, 36]];

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = RTOL): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= rtol * Math.max(1, Math.abs(e)), `${what}: [${i}] = ${a}, expected ${e}`);
  }
}

function identical(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  for (let i = 0; i < expected.length; i++) assert.ok(actual[i] === expected[i] || (Number.isNaN(actual[i]) && Number.isNaN(expected[i])), `${what}: [${i}] = ${actual[i]}, expected ${expected[i]}`);
}

for (const variant of variants()) {
  test(`wasm training kernels match the portable loops (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(17);
    for (const [rows, cols] of SHAPES) {
      const size = rows * cols;
      const what = (k: string) => `${k} ${rows}×${cols}`;
      const x = rng.fill(new Float32Array(size), 3).map((v, i) => (i % 7 === 0 ? v + 5 : v));
      const y = rng.fill(new Float32Array(size), 2);
      const col = () => rng.fill(new Float32Array(cols), 2);

      const dx = [new Float32Array(size), new Float32Array(size)];
      jsKernels.reluBackward(x, y, dx[0]!);
      kernels.reluBackward(x, y, dx[1]!);
      identical(dx[1]!, dx[0]!, what('reluBackward'));

      // Sums in float32 over blocks of rows, float64 across blocks: within float32 rounding of the float64 loops.
      const moments = [0, 1].map(() => [new Float32Array(cols), new Float32Array(cols)] as const);
      jsKernels.columnMoments(x, rows, cols, moments[0]![0], moments[0]![1]);
      kernels.columnMoments(x, rows, cols, moments[1]![0], moments[1]![1]);
      close(moments[1]![0], moments[0]![0], what('columnMoments mean'), 1e-5);
      close(moments[1]![1], moments[0]![1], what('columnMoments variance'), 1e-5);

      const dots = [0, 1].map(() => [new Float32Array(cols), new Float32Array(cols)] as const);
      jsKernels.columnDots(x, y, rows, cols, dots[0]![0], dots[0]![1]);
      kernels.columnDots(x, y, rows, cols, dots[1]![0], dots[1]![1]);
      // Sums of rows·cols values of size ~3: compare against their scale.
      close(dots[1]![0], dots[0]![0], what('columnDots Σa'), 1e-5 * rows);
      close(dots[1]![1], dots[0]![1], what('columnDots Σab'), 1e-5 * rows);

      const [center, scale, gain, bias] = [col(), col(), col(), col()];
      const h = [new Float32Array(size), new Float32Array(size)];
      const out = [new Float32Array(size), new Float32Array(size)];
      jsKernels.columnAffine(x, rows, cols, center, scale, gain, bias, h[0], out[0]!);
      kernels.columnAffine(x, rows, cols, center, scale, gain, bias, h[1], out[1]!);
      close(h[1]!, h[0]!, what('columnAffine h'));
      close(out[1]!, out[0]!, what('columnAffine out'));
      const noH = new Float32Array(size);
      kernels.columnAffine(x, rows, cols, center, scale, gain, bias, undefined, noH);
      identical(noH, out[1]!, what('columnAffine without h'));

      const [ka, kb, k] = [col(), col(), col()];
      const combined = [new Float32Array(size), new Float32Array(size)];
      jsKernels.columnCombine(x, y, rows, cols, ka, kb, k, combined[0]!);
      kernels.columnCombine(x, y, rows, cols, ka, kb, k, combined[1]!);
      close(combined[1]!, combined[0]!, what('columnCombine'));
    }
  });

  test(`wasm batch-norm moments stay accurate when the mean is far larger than the spread (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rows = 5000;
    const x = new Float32Array(rows * 4).map((_, i) => 1000 + (i % 7) * 0.01 + Math.floor(i / 4) * 1e-6);
    const mean = new Float32Array(4);
    const variance = new Float32Array(4);
    const refMean = new Float32Array(4);
    const refVariance = new Float32Array(4);
    jsKernels.columnMoments(x, rows, 4, refMean, refVariance);
    kernels.columnMoments(x, rows, 4, mean, variance);
    close(mean, refMean, 'mean', 1e-7);
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(variance[j]! - refVariance[j]!) <= 1e-3 * refVariance[j]!, `variance ${variance[j]} vs ${refVariance[j]}`);
  });

  test(`wasm Adam steps give the portable loop's bits, also on odd lengths (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(5);
    for (const n of [1, 2, 3, 5, 1000, 1001]) {
      const w = rng.fill(new Float32Array(n));
      const copies = [0, 1].map(() => ({ w: w.slice(), m: new Float32Array(n), v: new Float32Array(n) }));
      for (let t = 1; t <= 3; t++) {
        const g = rng.fill(new Float32Array(n));
        const hyper = { beta1: 0.9, beta2: 0.999, eta: 0.001, c1: 1 / (1 - 0.9 ** t), c2: 1 / (1 - 0.999 ** t), epsilon: 1e-8 };
        jsKernels.adamStep(copies[0]!.w, g, copies[0]!.m, copies[0]!.v, hyper);
        kernels.adamStep(copies[1]!.w, g, copies[1]!.m, copies[1]!.v, hyper);
      }
      for (const key of ['w', 'm', 'v'] as const) identical(copies[1]![key], copies[0]![key], `adam ${key} n=${n}`);
    }
  });
}
