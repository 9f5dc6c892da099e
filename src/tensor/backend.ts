import type { FloatArray, Kernels } from '../kernels/types.js';
import { jsKernels } from '../kernels/js/index.js';
import { type DType, type Shape, Tensor, sizeOf } from './tensor.js';

let active: Kernels = jsKernels;

/** The kernels that made each array of allocateForKernels that came from a backend's own memory. */
const owners = new WeakMap<Float32Array, Kernels>();

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

/**
 * A zeroed array of `size` for a buffer that lives across many kernel calls: parameters and their
 * gradients, optimizer state, layer outputs, batches. float32 goes where the active kernels use it
 * without copies (the WebAssembly memory) while they have room; otherwise, and for float64, it is a plain
 * typed array. Either way it is an ordinary Float32Array / Float64Array to every other piece of code.
 * Keep the returned array (not only subarrays of it) while its memory is in use: its memory comes back
 * when it is garbage-collected, or at once with releaseForKernels.
 */
export function allocateForKernels(size: number, dtype: DType): FloatArray {
  if (dtype === 'float64') return new Float64Array(size);
  const kernels = active;
  const array = kernels.allocateBuffer?.(size);
  if (array === undefined) return new Float32Array(size);
  owners.set(array, kernels);
  return array;
}

/**
 * A zeroed byte array of `length` for a data set: in the active kernels' memory when they have one and room
 * (they then gather batches from it in place), else a plain Uint8Array. Its memory comes back once neither it
 * nor any subarray cut from it is reachable.
 */
export function allocateBytesForKernels(length: number): Uint8Array {
  return active.allocateBytes?.(length) ?? new Uint8Array(length);
}

/** A tensor of zeros over allocateForKernels: parameters, gradients and other long-lived tensors. */
export function zerosForKernels(shape: Shape, dtype: DType): Tensor {
  return new Tensor(shape, allocateForKernels(sizeOf(shape), dtype));
}

/**
 * Gives an array from allocateForKernels back to the kernels that made it, now (e.g. a buffer replaced by a
 * larger one); it must not be used afterwards. Plain arrays are left to the garbage collector.
 */
export function releaseForKernels(data: FloatArray): void {
  if (data instanceof Float64Array) return;
  const kernels = owners.get(data);
  if (kernels === undefined) return;
  owners.delete(data);
  kernels.freeBuffer?.(data);
}
