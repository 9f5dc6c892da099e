// Shared by the WebAssembly kernel tests: the builds to run, seeded random data, tolerances.
import type { WasmKernelsOptions } from '../../src/kernels/wasm/index.js';
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
