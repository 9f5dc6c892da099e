import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { GemmSpec } from '../../src/kernels/types.js';
import { loadWasmKernels, type WasmKernels } from '../../src/kernels/wasm/index.js';
import { errorScale, firstMismatch, TestRng, variants } from './wasm-helpers.js';

/** m·k·n: degenerate, odd, edge tiles in every direction, several k blocks, the small-n path. */
const FIXED_SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [5, 3, 1],
  [5, 1, 3],
  [1, 5, 3],
  [5, 7, 3],
  [4, 256, 8],
  [257, 129, 33],
  [257, 33, 129],
  [3, 129, 257],
  [67, 513, 65], // three k blocks of 171
  [130, 785, 10], // n ≤ 64: A read in place; 130 rows end in a partial panel
  [66, 300, 72], // just past the in-place threshold
  [9, 1, 17],
  [9, 4100, 16], // deep and narrow: two half-depth products added
  [5, 3001, 20], // the same with an odd depth, a partial panel and a partial row panel
];

function shapes(rng: TestRng): Array<[number, number, number]> {
  const out = [...FIXED_SHAPES];
  for (let i = 0; i < 6; i++) out.push([rng.int(1, 90), rng.int(1, 300) | 1, rng.int(1, 90)]);
  return out;
}

const SPECS = [false, true].flatMap((transA) =>
  [false, true].flatMap((transB) => [false, true].map((accumulate) => ({ transA, transB, accumulate }))),
);

/** A copy of x in the kernels' memory. */
function inside(kernels: WasmKernels, x: Float32Array): Float32Array {
  const view = kernels.arena.allocFloat32(x.length);
  view.set(x);
  return view;
}

function describeCase(spec: GemmSpec): string {
  return `${spec.m}·${spec.k}·${spec.n} transA=${spec.transA} transB=${spec.transB} accumulate=${spec.accumulate}`;
}

for (const variant of variants()) {
  test(`wasm gemm matches the portable loops within 1e-5 of Σ|a||b|, all transposes (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(42);
    let cases = 0;
    for (const [m, k, n] of shapes(rng)) {
      for (const flags of SPECS) {
        const spec: GemmSpec = { m, n, k, ...flags };
        const a = rng.fill(new Float32Array(m * k));
        const b = rng.fill(new Float32Array(k * n));
        const c0 = rng.fill(new Float32Array(m * n));
        const expected = c0.slice();
        jsKernels.gemm(spec, a, b, expected);

        // Arguments outside the memory: copied in and out.
        const outside = c0.slice();
        kernels.gemm(spec, a, b, outside);
        const bad = firstMismatch(outside, expected, errorScale(spec, a, b, c0));
        assert.equal(bad, -1, `${describeCase(spec)}: C[${bad}] = ${outside[bad]}, expected ${expected[bad]}`);

        // Arguments in the memory (used in place), and a mix: the same kernel, so the same bits.
        const mark = kernels.arena.mark();
        const c = inside(kernels, c0);
        kernels.gemm(spec, inside(kernels, a), inside(kernels, b), c);
        assert.deepEqual(c, outside, `${describeCase(spec)}: in place differs from copied`);
        const mixed = c0.slice();
        kernels.gemm(spec, inside(kernels, a), b, mixed);
        assert.deepEqual(mixed, outside, `${describeCase(spec)}: mixed placement differs`);
        kernels.arena.release(mark);
        cases++;
      }
    }
    assert.equal(kernels.arena.bytesInUse, 0, 'scratch copies are released after each call');
    assert.ok(cases >= 150);
  });
}

test('wasm gemm with an empty dimension writes zeros (k = 0) or nothing (m = 0, n = 0)', async () => {
  const kernels = await loadWasmKernels();
  const c = new Float32Array([1, 2, 3, 4, 5, 6]);
  kernels.gemm({ m: 2, n: 3, k: 0, accumulate: true }, new Float32Array(0), new Float32Array(0), c);
  assert.deepEqual(c, new Float32Array([1, 2, 3, 4, 5, 6]));
  kernels.gemm({ m: 2, n: 3, k: 0 }, new Float32Array(0), new Float32Array(0), c);
  assert.deepEqual(c, new Float32Array(6));
  kernels.gemm({ m: 0, n: 3, k: 4 }, new Float32Array(0), new Float32Array(12), c);
  assert.deepEqual(c, new Float32Array(6));
});

test('wasm gemm rejects arrays too short for the shape, and sizes that are not sizes', async () => {
  const kernels = await loadWasmKernels();
  const a = new Float32Array(6);
  assert.throws(() => kernels.gemm({ m: 2, n: 2, k: 3 }, a, new Float32Array(5), new Float32Array(4)), /b has 5 elements, needs 6/);
  assert.throws(() => kernels.gemm({ m: 2, n: 2, k: 3 }, a, new Float32Array(6), new Float32Array(3)), /c has 3 elements/);
  assert.throws(() => kernels.gemm({ m: 2.5, n: 2, k: 3 }, a, a, a), /m = 2.5 is not a size/);
});

test('wasm gemm on float64 arrays runs the portable loops (bit-identical)', async () => {
  const kernels = await loadWasmKernels();
  const rng = new TestRng(7);
  const a = Float64Array.from(rng.fill(new Float32Array(35)));
  const b = Float64Array.from(rng.fill(new Float32Array(21)));
  const c = new Float64Array(15);
  const expected = new Float64Array(15);
  const spec = { m: 5, n: 3, k: 7, transB: true };
  kernels.gemm(spec, a, b, c);
  jsKernels.gemm(spec, a, b, expected);
  assert.deepEqual(c, expected);
});
