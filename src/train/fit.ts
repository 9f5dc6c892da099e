import { NumericError, UsageError } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { Features, Scaler } from '../data/features.js';
import { allRows } from '../data/features.js';
import { MiniBatches } from '../data/batches.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Rng } from '../tensor/rng.js';
import { allocateForKernels, kernelsFor, releaseForKernels } from '../tensor/backend.js';
import { type DType, Tensor } from '../tensor/tensor.js';
import type { EpochRecord, History } from './history.js';
import type { Objective } from './objective.js';

/** Rows of a feature matrix with their encoded targets, and the scaler applied to the rows as they are read. */
export interface TrainingData {
  features: Features;
  /** [features.rows, outputs], encoded for the objective */
  targets: Tensor;
  /** the rows to use (all when absent) */
  rows?: Int32Array;
  scaler?: Scaler;
  /**
   * Optional: each row's class when `targets` is its one-hot encoding (targets[r, labels[r]] = 1, every other
   * value 0; the caller guarantees it). Batches then build their targets from these few bytes instead of
   * reading rows of `targets` scattered over megabytes (measured on Fashion-MNIST's 60,000 rows: 25–32 µs a
   * batch of 256 from the one-hot rows, 2–3 µs from the labels).
   */
  labels?: ArrayLike<number>;
}

export interface BatchEvent {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  samples: number;
}

export interface FitOptions {
  epochs: number;
  /** rows per gradient step, or 'all' for full-batch gradient descent */
  batchSize: number | 'all';
  /** shuffle the rows before each epoch. @default true */
  shuffle?: boolean;
  rng: Rng;
  optimizer: Optimizer;
  dtype: DType;
  validation?: TrainingData;
  /** extra per-epoch measures, e.g. accuracy, on the training rows or the validation rows */
  measure?: (data: TrainingData, split: 'train' | 'validation') => { accuracy?: number };
  onBatch?: (event: BatchEvent) => void;
  /** called after each epoch; return false to stop training */
  onEpoch?: (record: EpochRecord) => boolean | void;
  /** polled after every batch, e.g. set by a Ctrl-C handler */
  shouldStop?: () => boolean;
  /** stop when the validation loss has not improved for this many epochs, keeping the best epoch's parameters */
  patience?: number;
  /**
   * The learning rate of each epoch (1-based), set on the optimizer before the epoch starts; absent keeps the
   * optimizer's. A function of the epoch number alone, so a resumed run follows the same schedule.
   */
  learningRateAt?: (epoch: number) => number;
  /** continue an earlier run: the loop starts after `epoch` with the row order and history it had then */
  resume?: { epoch: number; order: Int32Array; history: EpochRecord[] };
  /** called after each epoch with what a checkpoint needs to resume here (the Rng state is read from `rng`) */
  onCheckpoint?: (state: LoopCheckpoint) => void;
}

/** Where the loop stands after an epoch: enough, with the parameters and the optimizer state, to resume bit for bit. */
export interface LoopCheckpoint {
  epoch: number;
  /** the shuffled row order the next epoch starts from */
  order: Int32Array;
  history: EpochRecord[];
}

const DIVERGENCE_HINT =
  'try a smaller learning rate (--lr), standardize the inputs (--standardize), or check the data for extreme values';

/** Reads rows `indices` of data into the reusable batch tensors. */
function loadBatch(data: TrainingData, indices: Int32Array, x: Tensor, y: Tensor): void {
  data.features.gather(indices, x.data, data.scaler);
  copyTargets(data, indices, y);
}

/**
 * loadBatch for the batch after the current one, for features that can prefetch: its rows may be gathered on
 * the kernels' helper thread while this one trains (x is ready after settle); the targets are copied now.
 */
function prefetchBatch(data: TrainingData, indices: Int32Array, x: Tensor, y: Tensor): void {
  data.features.prefetch!(indices, x.data, data.scaler);
  copyTargets(data, indices, y);
}

/** Waits for a prefetchBatch into x. */
function settle(x: Tensor): void {
  kernelsFor(x.data).settle?.();
}

function copyTargets(data: TrainingData, indices: Int32Array, y: Tensor): void {
  const outputs = data.targets.cols;
  const targets = data.targets.data;
  const yd = y.data;
  const labels = data.labels;
  if (labels !== undefined) {
    yd.fill(0, 0, indices.length * outputs);
    for (let r = 0; r < indices.length; r++) yd[r * outputs + labels[indices[r]!]!] = 1;
    return;
  }
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r]! * outputs;
    const dst = r * outputs;
    // A few values per row (one-hot classes) copy faster one by one than through a subarray each.
    if (outputs <= 32) for (let j = 0; j < outputs; j++) yd[dst + j] = targets[src + j]!;
    else yd.set(targets.subarray(src, src + outputs), dst);
  }
}

/**
 * Makes [rows, features] and [rows, outputs] batch tensors over reusable buffers, which live where the kernels
 * use them without copies: each batch is gathered (and standardized) straight into the kernels' memory.
 * `release()` hands that memory back when the loop is done (garbage collection alone comes late: a
 * synchronous training run never lets the collector's callbacks run).
 */
class BatchBuffers {
  private readonly xData: FloatArray[] = [];
  private readonly yData: FloatArray[] = [];
  /**
   * `slots` pairs of buffers: two let the next batch be read into one while the current one trains from
   * the other.
   */
  constructor(
    private readonly maxRows: number,
    private readonly cols: number,
    private readonly outputs: number,
    dtype: DType,
    slots = 1,
  ) {
    for (let i = 0; i < slots; i++) {
      this.xData.push(allocateForKernels(maxRows * cols, dtype));
      this.yData.push(allocateForKernels(maxRows * outputs, dtype));
    }
  }
  /** Waits for a prefetch into any of the buffers, then gives them back. */
  release(): void {
    for (const x of this.xData) kernelsFor(x).settle?.();
    for (const x of this.xData) releaseForKernels(x);
    for (const y of this.yData) releaseForKernels(y);
  }
  view(rows: number, slot = 0): [Tensor, Tensor] {
    if (rows > this.maxRows) throw new UsageError(`batch of ${rows} rows exceeds the buffer of ${this.maxRows}`);
    return [
      new Tensor([rows, this.cols], this.xData[slot]!.subarray(0, rows * this.cols)),
      new Tensor([rows, this.outputs], this.yData[slot]!.subarray(0, rows * this.outputs)),
    ];
  }
}

/** The mean loss of the objective over all rows of data, in batches. */
export function evaluateLoss(objective: Objective, data: TrainingData, dtype: DType, batchSize = 1024): number {
  const rows = data.rows ?? allRows(data.features.rows);
  if (rows.length === 0) return Number.NaN;
  const buffers = new BatchBuffers(Math.min(batchSize, rows.length), data.features.cols, data.targets.cols, dtype);
  let total = 0;
  try {
    for (const indices of new MiniBatches(rows, { batchSize, shuffle: false }).epoch()) {
      const [x, y] = buffers.view(indices.length);
      loadBatch(data, indices, x, y);
      total += objective.loss(x, y) * indices.length;
    }
  } finally {
    buffers.release();
  }
  return total / rows.length;
}

function checkFinite(loss: number, objective: Objective, epoch: number, batch: number): void {
  let bad: string | undefined = Number.isFinite(loss) ? undefined : `the loss became ${loss}`;
  if (bad === undefined) {
    for (const p of objective.parameters()) {
      const d = p.value.data;
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i]!)) {
          bad = `parameter ${p.name} became ${d[i]}`;
          break;
        }
      }
      if (bad) break;
    }
  }
  if (bad !== undefined) throw new NumericError(`training diverged at epoch ${epoch}, batch ${batch}: ${bad}; ${DIVERGENCE_HINT}`);
}

/** Validated sizes of a run, shared by the synchronous and asynchronous drivers. */
function plan(data: TrainingData, options: FitOptions): { rows: Int32Array; batchSize: number } {
  const rows = data.rows ?? allRows(data.features.rows);
  if (rows.length === 0) throw new UsageError('cannot train on an empty dataset');
  if (!Number.isInteger(options.epochs) || options.epochs < 0) {
    throw new UsageError(`epochs must be a whole number ≥ 0, got ${options.epochs}`);
  }
  const batchSize = options.batchSize === 'all' ? rows.length : options.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(`batch size must be a whole number ≥ 1 or 'all', got ${options.batchSize}`);
  }
  if (options.patience !== undefined && !(Number.isInteger(options.patience) && options.patience >= 1)) {
    throw new UsageError(`patience must be a whole number ≥ 1, got ${options.patience}`);
  }
  if (options.patience !== undefined && !options.validation) throw new UsageError('early stopping (patience) needs a validation set');
  return { rows, batchSize };
}

/** Copies of every parameter's values, to restore the best epoch after early stopping. */
function snapshot(objective: Objective): FloatArray[] {
  return objective.parameters().map((p) => p.value.data.slice());
}

function restore(objective: Objective, values: FloatArray[]): void {
  objective.parameters().forEach((p, i) => p.value.data.set(values[i]!));
}

/**
 * The training loop as a generator that pauses after every batch, so one implementation serves a
 * synchronous caller (fit) and one that must let the event loop run, e.g. to see Ctrl-C or a pause
 * button (fitAsync). Fills `history` as it goes.
 */
function* trainingSteps(objective: Objective, data: TrainingData, options: FitOptions, history: History): Generator<void, void, undefined> {
  const { rows, batchSize } = plan(data, options);
  const fullBatch = batchSize >= rows.length;
  const shuffle = (options.shuffle ?? true) && !fullBatch;
  // Mini-batches read the next batch (on the kernels' helper thread, where they have one) while one trains.
  const prefetch = !fullBatch && data.features.prefetch !== undefined;
  const buffers = new BatchBuffers(Math.min(batchSize, rows.length), data.features.cols, data.targets.cols, options.dtype, prefetch ? 2 : 1);
  try {
    const batches = Math.ceil(rows.length / batchSize);
    const miniBatches = new MiniBatches(rows, { batchSize, shuffle, rng: options.rng });
    let full: [Tensor, Tensor] | undefined;
    if (fullBatch) {
      // One batch that never changes: read it once.
      full = buffers.view(rows.length);
      loadBatch(data, rows, full[0], full[1]);
    }
    let best = { loss: Infinity, epoch: 0, values: undefined as FloatArray[] | undefined };
    let first = 1;
    if (options.resume) {
      if (options.resume.epoch > options.epochs) throw new UsageError(`resume: the checkpoint is at epoch ${options.resume.epoch}, past the ${options.epochs} epochs asked for`);
      miniBatches.setOrder(options.resume.order);
      history.epochs.push(...options.resume.history);
      first = options.resume.epoch + 1;
    }
    for (let epoch = first; epoch <= options.epochs; epoch++) {
      if (options.learningRateAt) options.optimizer.learningRate = options.learningRateAt(epoch);
      const started = performance.now();
      let total = 0;
      let seen = 0;
      let batch = 0;
      let stopped = false;
      const epochBatches = fullBatch ? [rows][Symbol.iterator]() : miniBatches.epoch();
      let slot = 0;
      let prefetched = false;
      for (let next = epochBatches.next(); !next.done; ) {
        const indices = next.value;
        const size = indices.length;
        batch++;
        let x: Tensor;
        let y: Tensor;
        if (full) [x, y] = full;
        else {
          [x, y] = buffers.view(size, slot);
          if (prefetched) settle(x);
          else loadBatch(data, indices, x, y);
        }
        // The batch arrays are reused: `indices` is overwritten from here on.
        next = epochBatches.next();
        prefetched = prefetch && !next.done;
        if (prefetched) {
          slot = 1 - slot;
          const [nx, ny] = buffers.view(next.value!.length, slot);
          prefetchBatch(data, next.value!, nx, ny);
        }
        const loss = objective.lossAndGradient(x, y);
        // A parameter that turned NaN shows in the next batch's loss; the parameters are scanned each epoch.
        if (!Number.isFinite(loss)) checkFinite(loss, objective, epoch, batch);
        options.optimizer.step(objective.parameters());
        total += loss * size;
        seen += size;
        options.onBatch?.({ epoch, batch, batches, loss, samples: size });
        if (options.shouldStop?.()) {
          stopped = true;
          break;
        }
        yield;
      }
      // A batch read ahead but not trained (a stop) is not used: wait for it before the buffers change hands.
      if (prefetched) settle(buffers.view(0, slot)[0]);
      checkFinite(0, objective, epoch, batch);
      const record: EpochRecord = { epoch, loss: total / seen, seconds: 0 };
      if (options.measure) {
        const m = options.measure(data, 'train');
        if (m.accuracy !== undefined) record.accuracy = m.accuracy;
      }
      if (options.validation) {
        record.validationLoss = evaluateLoss(objective, options.validation, options.dtype);
        const m = options.measure?.(options.validation, 'validation');
        if (m?.accuracy !== undefined) record.validationAccuracy = m.accuracy;
      }
      record.seconds = (performance.now() - started) / 1000;
      history.epochs.push(record);
      options.onCheckpoint?.({ epoch, order: miniBatches.getOrder(), history: [...history.epochs] });
      if (stopped || options.onEpoch?.(record) === false) {
        history.endReason = 'stopped';
        return;
      }
      if (options.patience !== undefined && record.validationLoss !== undefined) {
        if (record.validationLoss < best.loss) best = { loss: record.validationLoss, epoch, values: snapshot(objective) };
        else if (epoch - best.epoch >= options.patience) {
          restore(objective, best.values!);
          history.endReason = 'early-stopping';
          history.bestEpoch = best.epoch;
          return;
        }
      }
    }
  } finally {
    buffers.release();
  }
}

/**
 * Gradient descent over epochs of mini-batches. Buffers for a batch are allocated once and reused.
 * Throws NumericError (with a hint) as soon as the loss or a parameter stops being finite.
 * With `patience`, stops once the validation loss has not improved for that many epochs and
 * restores the parameters of the best epoch.
 */
export function fit(objective: Objective, data: TrainingData, options: FitOptions): History {
  const history: History = { epochs: [], endReason: 'completed' };
  for (const _ of trainingSteps(objective, data, options, history));
  return history;
}

/** How long the asynchronous loop computes before it lets other work (signals, messages, redraws) run. */
export const YIELD_EVERY_MS = 50;

/**
 * fit() that hands control back to the event loop every YIELD_EVERY_MS, so a Ctrl-C handler, a worker's
 * pause message or a progress redraw can run while a long run trains. Same results as fit().
 */
export async function fitAsync(objective: Objective, data: TrainingData, options: FitOptions): Promise<History> {
  const history: History = { epochs: [], endReason: 'completed' };
  let last = performance.now();
  for (const _ of trainingSteps(objective, data, options, history)) {
    if (performance.now() - last >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
  }
  return history;
}
