import { UsageError } from '../errors.js';
import { Adam } from './adam.js';
import { Momentum } from './momentum.js';
import type { Optimizer } from './optimizer.js';
import { Rmsprop } from './rmsprop.js';
import { Sgd } from './sgd.js';

export type OptimizerName = 'sgd' | 'momentum' | 'rmsprop' | 'adam';

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'rmsprop', 'adam'];

/** A fresh optimizer by name, with its other hyperparameters at their defaults. */
export function createOptimizer(name: OptimizerName, learningRate: number): Optimizer {
  switch (name) {
    case 'sgd':
      return new Sgd({ learningRate });
    case 'momentum':
      return new Momentum({ learningRate });
    case 'rmsprop':
      return new Rmsprop({ learningRate });
    case 'adam':
      return new Adam({ learningRate });
    default:
      throw new UsageError(`unknown optimizer ${String(name)}; expected one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
