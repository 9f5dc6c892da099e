/** What one epoch of training measured. Metrics other than loss are present when the model computes them. */
export interface EpochRecord {
  /** 1-based */
  epoch: number;
  /** mean training loss over the epoch's batches, each measured before its update */
  loss: number;
  accuracy?: number;
  validationLoss?: number;
  validationAccuracy?: number;
  seconds: number;
}

/** Every epoch's record and why training ended. */
export interface History {
  epochs: EpochRecord[];
  /** 'completed', 'stopped' (a callback asked to stop), or 'early-stopping' */
  endReason: 'completed' | 'stopped' | 'early-stopping';
  /** with early stopping: the epoch whose parameters were kept */
  bestEpoch?: number;
}
