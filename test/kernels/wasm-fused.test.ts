// The fused kernels of the book network: the sigmoid's gradient, softmax cross-entropy, and a product's
// epilogue (bias and activation), on the WebAssembly backend against the portable loops and against the
// unfused calls they replace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { EpilogueActivation, FloatArray, GemmEpilogue, GemmSpec, Kernels } from '../../src/kernels/types.js';
import { loadWasmKernels } from '../../src/kernels/wasm/index.js';
import { checkIdentical, errorScale, firstMismatch, place, TestRng, variants } from './wasm-helpers.js';

// --- sigmoidBackward --------------------------------------------------------------------------------------

/** Lengths: tiny and odd (the scalar tail alone, or one vector and a tail), several blocks, a few random ones. */
function sigmoidLengths(rng: TestRng): number[] {
  return [1, 2, 3, 4, 5, 7, 257 * 129, ...Array.from({ length: 4 }, () => rng.int(1, 3000))];
}

/** y: sigmoid outputs in (0, 1) with a few values outside (the formula holds for any y); dy of either sign. */
function sigmoidInputs(n: number, rng: TestRng): { y: Float32Array; dy: Float32Array } {
  const y = new Float32Array(n).map(() => (rng.next() < 0.9 ? rng.next() : rng.next() * 6 - 3));
  const dy = rng.fill(new Float32Array(n), 2);
  return { y, dy };
}

for (const variant of variants()) {
  test(`wasm sigmoidBackward gives the portable float32 loop's bits on any length, in place, copied and aliased (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(23);
    for (const n of sigmoidLengths(rng)) {
      const { y, dy } = sigmoidInputs(n, rng);
      const expected = new Float32Array(n);
      jsKernels.sigmoidBackward(y, dy, expected);
      for (const yWhere of ['outside', 'inside'] as const) {
        for (const dWhere of ['outside', 'inside'] as const) {
          const what = `n=${n} y ${yWhere}, dy and dx ${dWhere}`;
          const mark = kernels.arena.mark();
          const dx = place(kernels, new Float32Array(n).fill(NaN), dWhere);
          kernels.sigmoidBackward(place(kernels, y, yWhere), place(kernels, dy, dWhere), dx);
          checkIdentical(dx, expected, what);
          const alias = place(kernels, dy, dWhere);
          kernels.sigmoidBackward(place(kernels, y, yWhere), alias, alias);
          checkIdentical(alias, expected, `${what}, dx = dy`);
          kernels.arena.release(mark);
        }
      }
    }
    assert.equal(kernels.arena.bytesInUse, 0, 'scratch copies are released after each call');
  });
}

test('the portable sigmoidBackward rounds after each float32 operation, and computes float64 arrays in float64', async () => {
  const kernels = await loadWasmKernels();
  const rng = new TestRng(29);
  const f = Math.fround;
  const { y, dy } = sigmoidInputs(1001, rng);
  const dx = new Float32Array(y.length);
  jsKernels.sigmoidBackward(y, dy, dx);
  let roundedDiffers = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    assert.ok(Object.is(dx[i], f(dy[i]! * f(v * f(1 - v)))), `[${i}]`);
    if (f(dy[i]! * (v * (1 - v))) !== dx[i]) roundedDiffers++;
  }
  assert.ok(roundedDiffers > 0, 'float64 arithmetic rounded once would give other bits somewhere');
  const y64 = Float64Array.from(y, (v, i) => v + i * 1e-12);
  const dy64 = Float64Array.from(dy);
  for (const k of [jsKernels, kernels] as const) {
    const dx64 = new Float64Array(y64.length);
    k.sigmoidBackward(y64, dy64, dx64);
    for (let i = 0; i < y64.length; i++) assert.equal(dx64[i], dy64[i]! * (y64[i]! * (1 - y64[i]!)), `${k.name} float64 [${i}]`);
    const alias = dy64.slice();
    k.sigmoidBackward(y64, alias, alias);
    assert.deepEqual(alias, dx64, `${k.name} float64, dx = dy`);
  }
});

test('wasm sigmoidBackward rejects inputs shorter than dx', async () => {
  const kernels = await loadWasmKernels();
  assert.throws(() => kernels.sigmoidBackward(new Float32Array(4), new Float32Array(5), new Float32Array(5)), /sigmoidBackward: y has 4 elements, needs 5/);
  assert.throws(() => kernels.sigmoidBackward(new Float32Array(5), new Float32Array(4), new Float32Array(5)), /sigmoidBackward: dy has 4 elements, needs 5/);
});

// --- softmaxCrossEntropy -----------------------------------------------------------------------------------

const SCE_COLS = [1, 3, 4, 10, 17];
const SCE_ROWS = [1, 2, 7, 33];

/**
 * Targets: one-hot rows, rows of probabilities (random mixtures), or weighted rows that do not sum to 1 (Σt then
 * scales the softmax term of the gradient).
 */
function targetsFor(rows: number, cols: number, kind: 'one-hot' | 'probabilities' | 'weighted', rng: TestRng): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    if (kind === 'one-hot') {
      t[r * cols + rng.int(0, cols - 1)] = 1;
      continue;
    }
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += t[r * cols + j] = rng.next() + (r % 2 === 0 ? 0.01 : 0);
    if (kind === 'weighted') sum /= 0.25 + 2 * rng.next();
    for (let j = 0; j < cols; j++) t[r * cols + j]! /= sum;
  }
  return t;
}

/**
 * The size of the two terms of grad = (softmax·Σt − t)/rows: float32 exponentials are accurate to that, not to
 * their difference, which cancels where a row's softmax is close to its target (probability targets).
 */
function gradScale(grad: Float32Array, t: Float32Array, rows: number): Float64Array {
  return Float64Array.from(grad, (g, i) => Math.abs(g) + (2 * Math.abs(t[i]!)) / rows);
}

function relativeClose(actual: number, expected: number, rtol: number): boolean {
  return Math.abs(actual - expected) <= rtol * Math.abs(expected);
}

for (const variant of variants()) {
  test(`wasm softmaxCrossEntropy matches the portable loops within 1e-5: one-hot, probability and weighted targets, 1 to 17 classes (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(31);
    for (const cols of SCE_COLS) {
      for (const rows of SCE_ROWS) {
        for (const kind of ['one-hot', 'probabilities', 'weighted'] as const) {
          for (const where of ['outside', 'inside'] as const) {
            const what = `${rows}×${cols} ${kind} ${where}`;
            const mark = kernels.arena.mark();
            const z = rng.fill(new Float32Array(rows * cols), 4);
            const t = targetsFor(rows, cols, kind, rng);
            const expected = new Float32Array(rows * cols);
            const loss = jsKernels.softmaxCrossEntropy(z, t, rows, cols, expected);
            const grad = place(kernels, new Float32Array(rows * cols).fill(NaN), where);
            const actual = kernels.softmaxCrossEntropy(place(kernels, z, where), place(kernels, t, where), rows, cols, grad);
            assert.ok(relativeClose(actual, loss, 1e-5), `${what}: loss ${actual}, expected ${loss}`);
            const bad = firstMismatch(grad, expected, gradScale(expected, t, rows));
            assert.equal(bad, -1, `${what}: grad[${bad}] = ${grad[bad]}, expected ${expected[bad]}`);
            kernels.arena.release(mark);
          }
        }
      }
    }
    assert.equal(kernels.arena.bytesInUse, 0);
  });

  test(`wasm softmaxCrossEntropy stays finite on extreme logits (±80, ±1e4) and agrees with the portable loops there (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const cols = 6;
    const z = new Float32Array([
      80, -80, 0, 1, 2, 3,
      -80, -80, -80, -80, -80, -79,
      1e4, -1e4, 0, 5, -5, 1e4,
      -1e4, -1e4, -1e4, -1e4, -1e4, -1e4,
      1e4, 1e4 - 1, 1e4 - 2, -1e4, 80, -80,
    ]);
    const rows = z.length / cols;
    for (const kind of ['one-hot', 'probabilities'] as const) {
      // The target on the smallest logit too: the largest loss a row can have.
      const t = targetsFor(rows, cols, kind, new TestRng(37));
      if (kind === 'one-hot') {
        t.fill(0);
        [1, 5, 1, 3, 3].forEach((j, r) => (t[r * cols + j] = 1));
      }
      const expected = new Float32Array(z.length);
      const loss = jsKernels.softmaxCrossEntropy(z, t, rows, cols, expected);
      const grad = new Float32Array(z.length);
      const actual = kernels.softmaxCrossEntropy(z, t, rows, cols, grad);
      assert.ok(Number.isFinite(loss) && Number.isFinite(actual), `${kind}: losses ${loss} and ${actual}`);
      assert.ok(loss > 1e3, `${kind}: a target on a logit 2e4 below its row's maximum costs about that much, got ${loss}`);
      assert.ok(relativeClose(actual, loss, 1e-5), `${kind}: loss ${actual}, expected ${loss}`);
      assert.ok(grad.every(Number.isFinite) && expected.every(Number.isFinite), `${kind}: a gradient is not finite`);
      const bad = firstMismatch(grad, expected, gradScale(expected, t, rows));
      assert.equal(bad, -1, `${kind}: grad[${bad}] = ${grad[bad]}, expected ${expected[bad]}`);
    }
  });

  test(`a NaN logit makes softmaxCrossEntropy's loss NaN on both backends, wherever it is in the row (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(41);
    for (const cols of SCE_COLS) {
      for (const at of new Set([0, cols - 1, Math.floor(cols / 2)])) {
        const rows = 3;
        const z = rng.fill(new Float32Array(rows * cols), 3);
        z[cols + at] = NaN; // in the middle row
        const t = targetsFor(rows, cols, 'one-hot', rng);
        for (const k of [jsKernels, kernels] as Kernels[]) {
          const loss = k.softmaxCrossEntropy(z, t, rows, cols, new Float32Array(rows * cols));
          assert.ok(Number.isNaN(loss), `${k.name}: ${cols} classes, NaN at ${at}: loss ${loss}`);
        }
      }
    }
  });
}

test('the portable softmaxCrossEntropy is −Σ t·log softmax(z) / rows with gradient (softmax·Σt − t)/rows, in float64', async () => {
  const wasm = await loadWasmKernels();
  const rng = new TestRng(43);
  for (const cols of SCE_COLS) {
    for (const rows of SCE_ROWS) {
      for (const kind of ['one-hot', 'probabilities', 'weighted'] as const) {
        const z = Float64Array.from(rng.fill(new Float32Array(rows * cols), 5), (v) => v + rng.next() * 1e-9);
        const t = Float64Array.from(targetsFor(rows, cols, kind, rng), (v) => v + (kind === 'one-hot' ? 0 : rng.next() * 1e-9));
        let loss = 0;
        const direct = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) {
          let sum = 0;
          let tSum = 0;
          for (let j = 0; j < cols; j++) {
            sum += Math.exp(z[r * cols + j]!);
            tSum += t[r * cols + j]!;
          }
          for (let j = 0; j < cols; j++) {
            const p = Math.exp(z[r * cols + j]!) / sum;
            loss -= t[r * cols + j]! * Math.log(p);
            direct[r * cols + j] = (p * tSum - t[r * cols + j]!) / rows;
          }
        }
        loss /= rows;
        const what = `${rows}×${cols} ${kind}`;
        const grad = new Float64Array(rows * cols);
        const portable = jsKernels.softmaxCrossEntropy(z, t, rows, cols, grad);
        assert.ok(Math.abs(portable - loss) <= 1e-12 * Math.max(1, Math.abs(loss)), `${what}: loss ${portable}, direct ${loss}`);
        for (let i = 0; i < grad.length; i++) {
          assert.ok(Math.abs(grad[i]! - direct[i]!) <= 1e-13, `${what}: grad[${i}] = ${grad[i]}, direct ${direct[i]}`);
        }
        // Float64 arrays run the same loops on the WebAssembly backend.
        const grad2 = new Float64Array(rows * cols);
        assert.equal(wasm.softmaxCrossEntropy(z, t, rows, cols, grad2), portable, what);
        assert.deepEqual(grad2, grad, what);
      }
    }
  }
});

test('wasm softmaxCrossEntropy rejects arrays too short for rows × cols and gives NaN for no rows', async () => {
  const kernels = await loadWasmKernels();
  const six = new Float32Array(6);
  assert.throws(() => kernels.softmaxCrossEntropy(new Float32Array(5), six, 2, 3, six.slice()), /softmaxCrossEntropy: z has 5 elements, needs 6/);
  assert.throws(() => kernels.softmaxCrossEntropy(six, new Float32Array(5), 2, 3, six.slice()), /t has 5 elements/);
  assert.throws(() => kernels.softmaxCrossEntropy(six, six, 2, 3, new Float32Array(5)), /grad has 5 elements/);
  assert.ok(Number.isNaN(kernels.softmaxCrossEntropy(six, six, 0, 3, six.slice())));
  assert.ok(Number.isNaN(jsKernels.softmaxCrossEntropy(six, six, 0, 3, six.slice())));
});

// --- gemm with an epilogue ---------------------------------------------------------------------------------

/**
 * m·k·n: one row, a few, many (row blocks on two threads); 10, 100, 128 columns (A read in place, but for a
 * transposed A past 32 columns) and 129 (packed); k = 0 (the epilogue alone); a deep product (two half-depth products, then the epilogue), and
 * another with an odd depth and partial panels.
 */
const EPILOGUE_SHAPES: Array<[number, number, number]> = [
  [1, 7, 10],
  [5, 33, 100],
  [257, 65, 128],
  [257, 19, 129],
  [1, 300, 129],
  [5, 1, 128],
  [130, 785, 10],
  [1, 0, 10],
  [5, 0, 129],
  [257, 0, 100],
  [9, 4096, 16],
  [5, 3001, 20],
];

/** NN, TN and NT, each overwriting and accumulating. */
const EPILOGUE_SPECS = [
  { transA: false, transB: false },
  { transA: true, transB: false },
  { transA: false, transB: true },
].flatMap((t) => [false, true].map((accumulate) => ({ ...t, accumulate })));

/** Bias only, activation only, both. */
const EPILOGUES: Array<{ bias: boolean; activation?: EpilogueActivation }> = [
  { bias: true },
  { bias: false, activation: 'sigmoid' },
  { bias: false, activation: 'relu' },
  { bias: true, activation: 'sigmoid' },
  { bias: true, activation: 'relu' },
];

function describeEpilogue(spec: GemmSpec, e: { bias: boolean; activation?: EpilogueActivation }): string {
  const t = `${spec.transA ? 'T' : 'N'}${spec.transB ? 'T' : 'N'}`;
  return `${spec.m}·${spec.k}·${spec.n} ${t}${spec.accumulate ? ' accumulate' : ''} ${e.bias ? 'bias' : ''}${e.bias && e.activation ? '+' : ''}${e.activation ?? ''}`;
}

/** What the epilogue replaces: the product, then addRowVector, then the activation kernel, on `kernels`. */
function unfused(kernels: Kernels, spec: GemmSpec, a: FloatArray, b: FloatArray, c: FloatArray, epilogue: GemmEpilogue): void {
  kernels.gemm(spec, a, b, c);
  const size = spec.m * spec.n;
  const out = c.subarray(0, size);
  if (epilogue.bias) kernels.addRowVector(out, epilogue.bias, spec.m, spec.n, out);
  if (epilogue.activation === 'sigmoid') kernels.sigmoid(out, out);
  if (epilogue.activation === 'relu') kernels.relu(out, out);
}

for (const variant of variants()) {
  test(`wasm gemm with an epilogue gives the bits of gemm, addRowVector and the activation kernel, and the portable values within 1e-5 (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(47);
    let cases = 0;
    for (const [m, k, n] of EPILOGUE_SHAPES) {
      for (const flags of EPILOGUE_SPECS) {
        const spec: GemmSpec = { m, n, k, ...flags };
        const a = rng.fill(new Float32Array(m * k));
        const b = rng.fill(new Float32Array(k * n));
        // One extra element past m·n: never written.
        const c0 = rng.fill(new Float32Array(m * n + 1), 2);
        const bias = rng.fill(new Float32Array(n), 2);
        for (const e of EPILOGUES) {
          const what = describeEpilogue(spec, e);
          const epilogue: GemmEpilogue = { ...(e.bias ? { bias } : {}), ...(e.activation ? { activation: e.activation } : {}) };
          const expected = c0.slice();
          unfused(kernels, spec, a, b, expected, epilogue);

          const copied = c0.slice();
          kernels.gemm(spec, a, b, copied, epilogue);
          checkIdentical(copied, expected, `${what}, copied`);

          const mark = kernels.arena.mark();
          const c = place(kernels, c0, 'inside');
          const inBias = e.bias ? { bias: place(kernels, bias, 'inside') } : {};
          kernels.gemm(spec, place(kernels, a, 'inside'), place(kernels, b, 'inside'), c, { ...epilogue, ...inBias });
          checkIdentical(c, expected, `${what}, in place`);
          // C in the memory, the bias outside it.
          const mixed = place(kernels, c0, 'inside');
          kernels.gemm(spec, a, place(kernels, b, 'inside'), mixed, epilogue);
          checkIdentical(mixed, expected, `${what}, mixed`);
          kernels.arena.release(mark);

          const portable = c0.slice();
          jsKernels.gemm(spec, a, b, portable, epilogue);
          const scale = errorScale(spec, a, b, c0, e.bias ? bias : undefined).map((s, i) => s + Math.abs(portable[i]!));
          const bad = firstMismatch(copied.subarray(0, m * n), portable.subarray(0, m * n), scale);
          assert.equal(bad, -1, `${what}: C[${bad}] = ${copied[bad]}, portable ${portable[bad]}`);
          assert.equal(copied[m * n], c0[m * n], `${what}: C past m·n is left alone`);
          cases++;
        }
      }
    }
    assert.equal(cases, EPILOGUE_SHAPES.length * EPILOGUE_SPECS.length * EPILOGUES.length);
    assert.equal(kernels.arena.bytesInUse, 0, 'scratch is released after each call');
  });
}

test('the portable epilogue is its own gemm, then addRowVector, then sigmoid or relu, in float32 and float64', () => {
  const rng = new TestRng(53);
  for (const [m, k, n] of [[1, 7, 10], [5, 0, 3], [6, 9, 129], [9, 40, 16]] as Array<[number, number, number]>) {
    for (const flags of EPILOGUE_SPECS) {
      const spec: GemmSpec = { m, n, k, ...flags };
      for (const e of EPILOGUES) {
        for (const Type of [Float32Array, Float64Array]) {
          const a = Type.from(rng.fill(new Float32Array(m * k)));
          const b = Type.from(rng.fill(new Float32Array(k * n)));
          const c0 = Type.from(rng.fill(new Float32Array(m * n + 2), 3));
          const bias = Type.from(rng.fill(new Float32Array(n), 3));
          const epilogue: GemmEpilogue = { ...(e.bias ? { bias } : {}), ...(e.activation ? { activation: e.activation } : {}) };
          const expected = c0.slice();
          unfused(jsKernels, spec, a, b, expected, epilogue);
          const c = c0.slice();
          jsKernels.gemm(spec, a, b, c, epilogue);
          checkIdentical(c, expected, `${describeEpilogue(spec, e)} ${Type.name}`);
          if (e.activation === 'sigmoid') assert.ok(c.subarray(0, m * n).every((v) => v > 0 && v < 1));
          if (e.activation === 'relu') assert.ok(c.subarray(0, m * n).every((v) => v >= 0));
        }
      }
    }
  }
});

test('wasm gemm refuses a bias shorter than n and an unknown activation before touching C; float64 runs the portable epilogue', async () => {
  const kernels = await loadWasmKernels();
  const a = new Float32Array([1, 2, 3, 4, 5, 6]);
  const b = new Float32Array([1, -1, 2, 0.5, 0, 3]);
  const c = new Float32Array(6).fill(7);
  for (const spec of [{ m: 2, n: 3, k: 1 }, { m: 2, n: 3, k: 0 }]) {
    assert.throws(() => kernels.gemm(spec, a, b, c, { bias: new Float32Array(2) }), (e: unknown) => e instanceof RangeError && /bias has 2 elements, needs 3/.test(e.message));
    assert.throws(() => kernels.gemm(spec, a, b, c, { bias: new Float32Array(2), activation: 'relu' }), RangeError);
    assert.throws(() => kernels.gemm(spec, a, b, c, { activation: 'tanh' as EpilogueActivation }), (e: unknown) => e instanceof RangeError && /unknown epilogue activation tanh/.test(e.message));
  }
  assert.deepEqual(c, new Float32Array(6).fill(7));
  // A longer bias is fine: its first n values are used.
  kernels.gemm({ m: 2, n: 3, k: 1 }, a, b, c, { bias: new Float32Array([10, 20, 30, 40]) });
  assert.deepEqual(c, new Float32Array([11, 19, 32, 12, 18, 34]));
  // Float64: the portable loops, epilogue included.
  const [a64, b64, bias64] = [a, b, new Float64Array([0.5, -3, 1])].map((x) => Float64Array.from(x));
  const c64 = new Float64Array(6);
  const expected = new Float64Array(6);
  kernels.gemm({ m: 2, n: 3, k: 1 }, a64!, b64!, c64, { bias: bias64!, activation: 'sigmoid' });
  jsKernels.gemm({ m: 2, n: 3, k: 1 }, a64!, b64!, expected, { bias: bias64!, activation: 'sigmoid' });
  assert.deepEqual(c64, expected);
});
