import type { FloatArray, Kernels } from '../kernels/types.js';
import { jsKernels } from '../kernels/js/index.js';

let active: Kernels = jsKernels;

/** Makes every op above use these kernels (e.g. the WebAssembly SIMD backend once it is loaded). */
export function useKernels(kernels: Kernels): void {
  active = kernels;
}

/** The kernels in use for float32 work. */
export function activeKernels(): Kernels {
  return active;
}

/** The kernels for one array: fast backends are float32-only, so float64 work always runs the portable loops. */
export function kernelsFor(data: FloatArray): Kernels {
  return data instanceof Float64Array ? jsKernels : active;
}
