import type { OptimizerState } from '../optim/optimizer.js';
import type { EpochRecord } from '../train/history.js';

/**
 * Where a training run stands after a whole epoch, beyond the parameters: with it a run continues exactly as
 * if it had never stopped (the same shuffles, dropout masks and optimizer moments).
 */
export interface TrainingState {
  /** epochs completed */
  epoch: number;
  history: EpochRecord[];
  /** the shuffled row order the next epoch starts from */
  order: Int32Array;
  /** the shuffling Rng's state */
  rng: number[];
  /** the dropout masks' Rng state (networks with dropout) */
  dropoutRng?: number[];
  optimizer: OptimizerState;
}
