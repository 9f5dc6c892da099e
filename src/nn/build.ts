import { UsageError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import type { DType } from '../tensor/tensor.js';
import { Activation } from './activation.js';
import type { ActivationName } from './activations.js';
import { BatchNorm } from './batchNorm.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import type { InitName } from './init.js';
import type { Layer } from './layer.js';
import type { Loss } from './losses.js';
import { Sequential } from './sequential.js';

export interface MultilayerOptions {
  /** input columns */
  inputs: number;
  /** units of each hidden layer, e.g. [100] for the book's three-layer network */
  hidden: readonly number[];
  /** output columns (classes for softmax, 1 for a sigmoid or linear output) */
  outputs: number;
  /** the fused output loss */
  loss: Loss;
  /** activation of every hidden layer */
  activation: ActivationName;
  /** slope of 'leaky-relu' for x < 0. @default 0.01 */
  alpha?: number;
  init: InitName;
  /** draws the initial weights */
  rng: Rng;
  /** draws the dropout masks (a separate stream, so dropout does not shift the weights). @default rng */
  dropoutRng?: Rng;
  dtype: DType;
  /** dropout rate after each hidden activation; 0 for none. @default 0 */
  dropout?: number;
  /** batch normalization between each hidden Dense and its activation. @default false */
  batchNorm?: boolean;
  /** weight decay. @default 0 */
  l1?: number;
  l2?: number;
}

/**
 * A multilayer perceptron: for each hidden size h, Dense(h) → [BatchNorm] → Activation → [Dropout],
 * then Dense(outputs) producing the logits of the fused loss.
 */
export function multilayerPerceptron(o: MultilayerOptions): Sequential {
  for (const h of o.hidden) if (!Number.isInteger(h) || h < 1) throw new UsageError(`hidden layer sizes must be whole numbers ≥ 1, got ${h}`);
  const layers: Layer[] = [];
  let width = o.inputs;
  o.hidden.forEach((units, i) => {
    layers.push(new Dense({ inputs: width, units, rng: o.rng, init: o.init, dtype: o.dtype, name: `dense${i}` }));
    if (o.batchNorm) layers.push(new BatchNorm({ features: units, dtype: o.dtype, name: `batchNorm${i}` }));
    layers.push(new Activation(o.activation, o.alpha === undefined ? {} : { alpha: o.alpha }));
    if (o.dropout) layers.push(new Dropout({ rate: o.dropout, rng: o.dropoutRng ?? o.rng }));
    width = units;
  });
  layers.push(new Dense({ inputs: width, units: o.outputs, rng: o.rng, init: o.init, dtype: o.dtype, name: `dense${o.hidden.length}` }));
  return new Sequential(layers, o.loss, { l1: o.l1 ?? 0, l2: o.l2 ?? 0 });
}
