import type { FloatArray } from '../kernels/types.js';
import { ShapeError } from '../errors.js';

export type DType = 'float32' | 'float64';
export type Shape = readonly number[];

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

export function allocate(size: number, dtype: DType): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

function checkShape(shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`invalid shape ${formatShape(shape)}: dimensions must be whole numbers ≥ 0`);
  }
}

/**
 * A dense row-major array of floats with a shape. The data may be a view into a larger buffer
 * (for example WebAssembly memory), so a Tensor never assumes it owns `data.buffer`.
 */
export class Tensor {
  readonly shape: Shape;
  readonly data: FloatArray;

  constructor(shape: Shape, data: FloatArray) {
    checkShape(shape);
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ShapeError(`tensor of shape ${formatShape(shape)} needs ${size} values, got ${data.length}`);
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  static zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
    checkShape(shape);
    return new Tensor(shape, allocate(sizeOf(shape), dtype));
  }

  static full(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
    const t = Tensor.zeros(shape, dtype);
    t.data.fill(value);
    return t;
  }

  /** A tensor from a flat list of values, or from nested arrays whose shape is read off. */
  static from(values: ArrayLike<number> | readonly unknown[], shape?: Shape, dtype: DType = 'float32'): Tensor {
    const flat: number[] = [];
    const inferred = flatten(values, flat);
    const target = shape ?? inferred;
    const data = allocate(flat.length, dtype);
    data.set(flat);
    return new Tensor(target, data);
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The number of rows of a matrix, or the length of a vector. */
  get rows(): number {
    return this.shape[0] ?? 1;
  }

  /** The number of columns of a matrix (1 for a vector). */
  get cols(): number {
    return this.rank < 2 ? 1 : this.size / this.rows;
  }

  /** Element (i, j) of a matrix. */
  at(i: number, j = 0): number {
    return this.data[i * this.cols + j]!;
  }

  /** The same data under another shape of the same size. */
  reshape(shape: Shape): Tensor {
    if (sizeOf(shape) !== this.size) {
      throw new ShapeError(`reshape: cannot view ${formatShape(this.shape)} (${this.size} values) as ${formatShape(shape)}`);
    }
    return new Tensor(shape, this.data);
  }

  clone(): Tensor {
    return new Tensor(this.shape, this.data.slice());
  }

  /** A copy in another float type. */
  astype(dtype: DType): Tensor {
    const data = allocate(this.size, dtype);
    data.set(this.data);
    return new Tensor(this.shape, data);
  }

  /** Nested plain arrays, for printing and JSON. */
  toArray(): unknown[] {
    return nest(Array.from(this.data), this.shape);
  }

  toString(): string {
    return `Tensor${formatShape(this.shape)} ${this.dtype}`;
  }
}

function flatten(values: unknown, out: number[]): number[] {
  if (typeof values === 'number') {
    out.push(values);
    return [];
  }
  if (ArrayBuffer.isView(values)) {
    const view = values as unknown as ArrayLike<number>;
    for (let i = 0; i < view.length; i++) out.push(view[i]!);
    return [view.length];
  }
  if (!Array.isArray(values)) throw new ShapeError(`Tensor.from: expected numbers or arrays, got ${typeof values}`);
  let inner: number[] | undefined;
  for (const v of values) {
    const shape = flatten(v, out);
    if (inner === undefined) inner = shape;
    else if (shape.length !== inner.length || shape.some((d, i) => d !== inner![i])) {
      throw new ShapeError('Tensor.from: ragged nested arrays');
    }
  }
  return [values.length, ...(inner ?? [])];
}

function nest(flat: number[], shape: Shape): unknown[] {
  if (shape.length <= 1) return flat;
  const [first, ...rest] = shape;
  const step = sizeOf(rest);
  const out: unknown[] = [];
  for (let i = 0; i < first!; i++) out.push(nest(flat.slice(i * step, (i + 1) * step), rest));
  return out;
}
