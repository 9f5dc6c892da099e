import { DenseFeatures, type Features } from '../data/features.js';
import { ShapeError } from '../errors.js';
import { Tensor, formatShape } from '../tensor/tensor.js';

/** What models accept as inputs: a [rows, features] tensor, or any Features source (e.g. images kept as bytes). */
export type Inputs = Tensor | Features;

export function asFeatures(x: Inputs, op: string): Features {
  if (x instanceof Tensor) {
    if (x.rank !== 2) throw new ShapeError(`${op}: inputs must be a matrix [rows, features], got ${formatShape(x.shape)}`);
    return new DenseFeatures(x.data, x.shape[0]!, x.shape[1]!);
  }
  return x;
}

export function checkTargets(features: Features, y: ArrayLike<number>, op: string): void {
  if (y.length !== features.rows) {
    throw new ShapeError(`${op}: ${features.rows} input rows but ${y.length} targets`);
  }
}
