import type { Features } from '../data/features.js';
import { allRows } from '../data/features.js';
import { type Standardizer, fitStandardizer } from '../data/standardize.js';
import { ModelError, ShapeError } from '../errors.js';
import { Sgd } from '../optim/sgd.js';
import { matmul } from '../tensor/ops/matmul.js';
import { addRowVector } from '../tensor/ops/arithmetic.js';
import { sumRows } from '../tensor/ops/reduce.js';
import type { Parameter } from '../tensor/parameter.js';
import { Rng } from '../tensor/rng.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { allocateForKernels, releaseForKernels, zerosForKernels } from '../tensor/backend.js';
import { type FitOptions, type TrainingData, fit, fitAsync } from '../train/fit.js';
import type { History } from '../train/history.js';
import type { Objective } from '../train/objective.js';
import { type Inputs, asFeatures, checkTargets } from './inputs.js';
import type { FitCallbacks, LinearModelOptions, ResolvedLinearOptions } from './options.js';
import { resolveLinearOptions } from './options.js';
import type { TrainingState } from './trainingState.js';

/** Rows scored per step when predicting, so memory stays bounded on large sets. */
const PREDICT_BATCH = 1024;

/** The learned state of a linear model: z = x·W + b. */
export interface LinearState {
  /** [features, outputs] */
  weights: Tensor;
  /** [outputs] */
  bias: Tensor;
  standardizer?: Standardizer;
}

/**
 * The book's linear models share one shape, z = x·W + b with W: [features, outputs], and differ only in
 * how targets are encoded and in the loss on z. Each subclass gives the loss and ∂loss/∂z; the chain rule
 * to W and b (∂W = xᵀ·∂z, ∂b = Σ_rows ∂z) lives here once.
 */
export abstract class LinearModel implements Objective {
  readonly options: ResolvedLinearOptions;
  history: History | undefined;
  protected state: LinearState | undefined;
  private grads: { weights: Tensor; bias: Tensor } | undefined;
  private logits: { buffer: ReturnType<typeof allocate>; grad: ReturnType<typeof allocate> } | undefined;

  constructor(options: LinearModelOptions = {}, defaults: Partial<LinearModelOptions> = {}) {
    this.options = resolveLinearOptions(options, defaults);
  }

  /** A short name such as 'linear' or 'softmax'. */
  abstract readonly kind: string;

  /** Number of outputs (columns of z) for these targets. */
  protected abstract outputCount(y: ArrayLike<number>, source: string): number;

  /** Targets encoded as [rows, outputs] in the model's dtype. */
  protected abstract encodeTargets(y: ArrayLike<number>, outputs: number): Tensor;

  /**
   * Mean loss of logits z [batch, outputs] against encoded targets y; when gradZ is given, writes ∂loss/∂z into it.
   */
  protected abstract lossOnLogits(z: Tensor, y: Tensor, gradZ?: Tensor): number;

  /** The last completed epoch's training state (see TrainingState); undefined before any epoch completed. */
  trainingState(): TrainingState | undefined {
    return this.checkpoint;
  }

  private checkpoint: TrainingState | undefined;

  /** For classifiers: how many rows of the batch the logits z classify as the encoded targets y do. */
  protected countCorrect?(z: Tensor, y: Tensor): number;

  /** Rows classified right / rows seen since the last epoch record: the running training accuracy. */
  private running = { correct: 0, seen: 0 };

  /**
   * Accuracy for the epoch record: on training rows, the running count from the batches the epoch
   * already scored (as Keras reports it, at no extra cost); on validation rows, a full pass.
   */
  private measure(features: Features, rows: Int32Array, targets: Tensor, scaler: Standardizer | undefined, split: string): { accuracy?: number } {
    if (!this.countCorrect) return {};
    if (split === 'train') {
      const accuracy = this.running.correct / this.running.seen;
      this.running = { correct: 0, seen: 0 };
      return { accuracy };
    }
    const s = this.learned;
    const outputs = s.weights.shape[1]!;
    let correct = 0;
    for (let start = 0; start < rows.length; start += PREDICT_BATCH) {
      const idx = rows.subarray(start, Math.min(start + PREDICT_BATCH, rows.length));
      const x = Tensor.zeros([idx.length, features.cols], s.weights.dtype);
      features.gather(idx, x.data, scaler);
      const y = Tensor.zeros([idx.length, outputs], s.weights.dtype);
      for (let r = 0; r < idx.length; r++) y.data.set(targets.data.subarray(idx[r]! * outputs, (idx[r]! + 1) * outputs), r * outputs);
      const z = matmul(x, s.weights);
      addRowVector(z, s.bias, z);
      correct += this.countCorrect(z, y);
    }
    return { accuracy: correct / rows.length };
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  /** The learned weights, bias and standardization; throws before fit. */
  get learned(): LinearState {
    if (!this.state) throw new ModelError(`${this.constructor.name}: call fit() before using the model`);
    return this.state;
  }

  /** Restores learned state (e.g. from a model file). */
  setLearned(state: LinearState): this {
    if (state.weights.rank !== 2 || state.bias.size !== state.weights.shape[1]) {
      throw new ShapeError(`${this.constructor.name}: weights [features, outputs] and bias [outputs] do not fit`);
    }
    this.state = state;
    this.grads = undefined;
    return this;
  }

  parameters(): readonly Parameter[] {
    const s = this.learned;
    if (!this.grads) {
      this.grads = { weights: zerosForKernels(s.weights.shape, s.weights.dtype), bias: zerosForKernels(s.bias.shape, s.bias.dtype) };
    }
    return [
      { name: 'weights', value: s.weights, grad: this.grads.weights },
      { name: 'bias', value: s.bias, grad: this.grads.bias, regularize: false },
    ];
  }

  /**
   * Trains by gradient descent on x [rows, features] and targets y [rows], and returns this.
   * With `standardize`, column statistics of x are fitted first and kept for prediction.
   */
  fit(x: Inputs, y: ArrayLike<number>, callbacks: FitCallbacks = {}): this {
    const [data, options] = this.prepare(x, y, callbacks);
    this.history = fit(this, data, options);
    return this;
  }

  /** fit() that lets the event loop run while it trains (Ctrl-C, redraws); same result for the same seed. */
  async fitAsync(x: Inputs, y: ArrayLike<number>, callbacks: FitCallbacks = {}): Promise<this> {
    const [data, options] = this.prepare(x, y, callbacks);
    this.history = await fitAsync(this, data, options);
    return this;
  }

  /** Fresh parameters (and standardization) for x, and the loop's data and options. */
  private prepare(x: Inputs, y: ArrayLike<number>, callbacks: FitCallbacks): [TrainingData, FitOptions] {
    const features = asFeatures(x, `${this.kind}.fit`);
    checkTargets(features, y, `${this.kind}.fit`);
    if (features.rows === 0) throw new ShapeError(`${this.kind}.fit: no training rows`);
    const o = this.options;
    const outputs = this.outputCount(y, `${this.kind}.fit`);
    const rng = new Rng(o.seed);
    let state: LinearState;
    if (callbacks.resume) {
      // Keep the weights a checkpoint restored and continue its shuffling stream (gradient descent keeps no other state).
      state = this.learned;
      if (state.weights.shape[0] !== features.cols || state.weights.shape[1] !== outputs) {
        throw new ShapeError(`${this.kind}: the checkpoint's weights are [${state.weights.shape.join(',')}], the data needs [${features.cols},${outputs}]`);
      }
      rng.setState(callbacks.resume.rng);
    } else {
      const weights = zerosForKernels([features.cols, outputs], o.dtype);
      if (o.init === 'random') {
        const std = Math.sqrt(1 / Math.max(1, features.cols));
        for (let i = 0; i < weights.size; i++) weights.data[i] = rng.normal(0, std);
      }
      state = { weights, bias: zerosForKernels([outputs], o.dtype) };
      if (o.standardize) state.standardizer = fitStandardizer(features, undefined, o.standardize === 'global' ? 'global' : 'per-feature');
      this.setLearned(state);
    }
    this.checkpoint = undefined;
    const targets = this.encodeTargets(y, outputs);
    const rows = allRows(features.rows);
    this.running = { correct: 0, seen: 0 };
    return [
      { features, targets, rows, scaler: state.standardizer },
      {
        epochs: o.epochs,
        batchSize: o.batchSize,
        rng,
        optimizer: new Sgd({ learningRate: o.learningRate }),
        dtype: o.dtype,
        measure: (data, split) =>
          this.measure(data.features, data.rows ?? rows, data.targets, data.scaler as Standardizer | undefined, split),
        onBatch: callbacks.onBatch,
        onEpoch: callbacks.onEpoch,
        shouldStop: callbacks.shouldStop,
        ...(callbacks.resume ? { resume: { epoch: callbacks.resume.epoch, order: callbacks.resume.order, history: callbacks.resume.history } } : {}),
        onCheckpoint: (c) => {
          this.checkpoint = { ...c, rng: rng.getState(), optimizer: {} };
        },
      },
    ];
  }

  private scratch(rows: number, outputs: number): [Tensor, Tensor] {
    const need = rows * outputs;
    const dtype = this.options.dtype;
    if (!this.logits || this.logits.buffer.length < need || this.logits.buffer.constructor !== allocate(0, dtype).constructor) {
      if (this.logits) {
        releaseForKernels(this.logits.buffer);
        releaseForKernels(this.logits.grad);
      }
      this.logits = { buffer: allocateForKernels(need, dtype), grad: allocateForKernels(need, dtype) };
    }
    return [new Tensor([rows, outputs], this.logits.buffer.subarray(0, need)), new Tensor([rows, outputs], this.logits.grad.subarray(0, need))];
  }

  lossAndGradient(x: Tensor, y: Tensor): number {
    const s = this.learned;
    const [z, gradZ] = this.scratch(x.shape[0]!, s.weights.shape[1]!);
    matmul(x, s.weights, { out: z });
    addRowVector(z, s.bias, z);
    const loss = this.lossOnLogits(z, y, gradZ);
    if (this.countCorrect) {
      this.running.correct += this.countCorrect(z, y);
      this.running.seen += z.shape[0]!;
    }
    const [gw, gb] = this.parameters();
    matmul(x, gradZ, { transA: true, out: gw!.grad });
    sumRows(gradZ, gb!.grad);
    return loss;
  }

  loss(x: Tensor, y: Tensor): number {
    const s = this.learned;
    const [z] = this.scratch(x.shape[0]!, s.weights.shape[1]!);
    matmul(x, s.weights, { out: z });
    addRowVector(z, s.bias, z);
    return this.lossOnLogits(z, y);
  }

  /** z = x·W + b for every row: [rows, outputs]. Inputs are standardized first when the model was. */
  decisionFunction(x: Inputs): Tensor {
    const s = this.learned;
    const features = asFeatures(x, `${this.kind}.predict`);
    const [inputs, outputs] = s.weights.shape as [number, number];
    if (features.cols !== inputs) {
      throw new ShapeError(`${this.kind}.predict: the model takes ${inputs} input columns, got ${features.cols}`);
    }
    const result = Tensor.zeros([features.rows, outputs], s.weights.dtype);
    const buffer = allocate(Math.min(PREDICT_BATCH, features.rows) * inputs, s.weights.dtype);
    const all = allRows(features.rows);
    for (let start = 0; start < features.rows; start += PREDICT_BATCH) {
      const end = Math.min(start + PREDICT_BATCH, features.rows);
      const xb = new Tensor([end - start, inputs], buffer.subarray(0, (end - start) * inputs));
      features.gather(all.subarray(start, end), xb.data, s.standardizer);
      const zb = new Tensor([end - start, outputs], result.data.subarray(start * outputs, end * outputs));
      matmul(xb, s.weights, { out: zb });
      addRowVector(zb, s.bias, zb);
    }
    return result;
  }
}
