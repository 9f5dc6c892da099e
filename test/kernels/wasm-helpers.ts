// Shared by the WebAssembly kernel tests: the builds to run, seeded random data, tolerances, bit equality,
// where an argument lives.
import assert from 'node:assert/strict';
import type { GemmSpec } from '../../src/kernels/types.js';
import type { WasmKernels, WasmKernelsOptions } from '../../src/kernels/wasm/index.js';
import { sharedMemorySupported } from '../../src/kernels/wasm/index.js';
import { enableRelaxedSimdInNode } from '../../src/kernels/wasm/node-flags.js';

export interface Variant {
  label: string;
  options: WasmKernelsOptions;
}

/**
 * Every build this machine runs: plain and (where supported) relaxed SIMD, each with a shared and
 * an unshared memory. Small memories keep the tests light.
 */
export function variants(): Variant[] {
  const relaxed = enableRelaxedSimdInNode();
  const out: Variant[] = [];
  for (const relaxedSimd of relaxed ? [false, true] : [false]) {
    for (const sharedMemory of sharedMemorySupported() ? [true, false] : [false]) {
      out.push({
        label: `${relaxedSimd ? 'relaxed' : 'plain'} SIMD, ${sharedMemory ? 'shared' : 'unshared'} memory`,
        options: { relaxedSimd, sharedMemory, initialMemoryBytes: 2 << 20, maximumMemoryBytes: 64 << 20 },
      });
    }
  }
  return out;
}

/** A small seeded generator (mulberry32), so failures reproduce. */
export class TestRng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Fills x with values uniform in [-scale, scale). */
  fill(x: Float32Array, scale = 1): Float32Array {
    for (let i = 0; i < x.length; i++) x[i] = (this.next() * 2 - 1) * scale;
    return x;
  }
}

/** Float32 results: relative tolerance against the reference. */
export const RTOL = 1e-5;
/** Below this magnitude float32 results may flush to 0 (e^x under -88 gives 0, not a denormal). */
export const ATOL = 1e-37;

/**
 * Index of the first element where actual and expected differ by more than
 * RTOL · scale[i] + ATOL (scale defaults to |expected|); NaN must match NaN. -1 when all agree.
 */
export function firstMismatch(actual: Float32Array, expected: Float32Array, scale?: Float64Array): number {
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) && Number.isNaN(a)) continue;
      return i;
    }
    if (a === e) continue;
    const bound = RTOL * (scale ? scale[i]! : Math.abs(e)) + ATOL;
    if (!(Math.abs(a - e) <= bound)) return i;
  }
  return -1;
}

/** Bit-for-bit equality of two arrays of the same length, with NaN equal to NaN and +0 distinct from -0. */
export function checkIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let bad = -1;
  for (let i = 0; i < expected.length && bad < 0; i++) if (!Object.is(actual[i], expected[i])) bad = i;
  assert.equal(bad, -1, `${what}: [${bad}] = ${actual[bad]}, expected ${expected[bad]}`);
}

export type Placement = 'outside' | 'inside';

/** A copy of x outside the kernels' memory (copied in and out by each call) or inside it (used in place). */
export function place(kernels: WasmKernels, x: Float32Array, where: Placement): Float32Array {
  if (where === 'outside') return x.slice();
  const view = kernels.arena.allocFloat32(x.length);
  view.set(x);
  return view;
}

/**
 * Σ_p |op(A)[i,p]|·|op(B)[p,j]| (+ |C0[i,j]| when accumulating, + |bias[j]|): the scale of float32 rounding in
 * C[i,j] of a product.
 */
export function errorScale(spec: GemmSpec, a: Float32Array, b: Float32Array, c0: Float32Array, bias?: Float32Array): Float64Array {
  const { m, n, k } = spec;
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = (spec.accumulate ? Math.abs(c0[i * n + j]!) : 0) + (bias ? Math.abs(bias[j]!) : 0);
      for (let p = 0; p < k; p++) {
        const aip = spec.transA ? a[p * m + i]! : a[i * k + p]!;
        const bpj = spec.transB ? b[j * k + p]! : b[p * n + j]!;
        s += Math.abs(aip * bpj);
      }
      scale[i * n + j] = s;
    }
  }
  return scale;
}
