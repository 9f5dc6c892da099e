import { type Features, allRows } from '../data/features.js';
import { oneHot } from '../data/oneHot.js';
import { type Standardizer, fitStandardizer } from '../data/standardize.js';
import { ModelError, UsageError } from '../errors.js';
import { ACTIVATION_NAMES, type ActivationName } from '../nn/activations.js';
import { multilayerPerceptron } from '../nn/build.js';
import type { ImageShape } from '../nn/convShape.js';
import type { LayerSpec } from '../nn/layerSpec.js';
import { layerStack } from '../nn/stack.js';
import { INIT_NAMES, type InitName } from '../nn/init.js';
import { type Loss, meanSquaredErrorLoss, sigmoidLogLoss, softmaxCrossEntropyLoss } from '../nn/losses.js';
import type { LayerActivations, Sequential } from '../nn/sequential.js';
import { BatchNorm } from '../nn/batchNorm.js';
import { OPTIMIZER_NAMES, type OptimizerName, createOptimizer } from '../optim/create.js';
import { argmaxRows } from '../tensor/ops/reduce.js';
import { Rng } from '../tensor/rng.js';
import { allocateForKernels, releaseForKernels } from '../tensor/backend.js';
import { type DType, Tensor, allocate } from '../tensor/tensor.js';
import { type FitOptions, type LoopCheckpoint, type TrainingData, fit, fitAsync } from '../train/fit.js';
import type { Optimizer, OptimizerState } from '../optim/optimizer.js';
import type { TrainingState } from './trainingState.js';
import type { Objective } from '../train/objective.js';
import type { History } from '../train/history.js';
import { type Inputs, asFeatures, checkTargets } from './inputs.js';
import type { FitCallbacks } from './options.js';
import { checkBinary, column, multiclassOutputs } from './targets.js';

/** What a trained network is: its layer sizes and every learned tensor by name. */
export interface NetworkState {
  inputs: number;
  outputs: number;
  tensors: Record<string, Tensor>;
  standardizer?: Standardizer;
}

/** Hyperparameters of a NeuralNetwork; every one has a default. */
export interface NeuralNetworkOptions {
  /** units of each hidden layer. @default [100] (the book's three-layer network) */
  hidden?: readonly number[];
  /**
   * The hidden layers as specs (convolutions, pooling, dense, dropout, batch norm) instead of `hidden`; a last
   * dense layer with as many units as outputs is the output layer. @default null (use `hidden`)
   */
  layers?: readonly LayerSpec[] | null;
  /**
   * [height, width, channels] of each input row read as an image, HWC order: what convolutions see.
   * @default null: square single-channel images when the layers need images and the row length is a square
   */
  imageShape?: ImageShape | null;
  /** activation of the hidden layers. @default 'sigmoid' (the book's) */
  activation?: ActivationName;
  /** slope of 'leaky-relu' for x < 0. @default 0.01 */
  alpha?: number;
  /** output and loss: softmax + cross-entropy, sigmoid + log loss (0/1 labels), or linear + squared error. @default 'softmax' */
  output?: 'softmax' | 'sigmoid' | 'linear';
  /** weight initialization: 'book' N(0, 1/fanIn), 'xavier' (Glorot uniform), 'he' (He normal), or any InitName. @default 'book' */
  init?: 'xavier' | 'he' | InitName;
  /** @default 'sgd' */
  optimizer?: OptimizerName;
  /** @default 0.01 */
  learningRate?: number;
  /** multiplies the learning rate after every epoch: epoch e trains at learningRate · decay^(e−1). @default 1 (constant) */
  learningRateDecay?: number;
  /** rows per step, or 'all' for full-batch gradient descent. @default 32 */
  batchSize?: number | 'all';
  /** @default 100 */
  epochs?: number;
  /** reshuffle the rows before each epoch; false keeps them in order, as the book's code does. @default true */
  shuffle?: boolean;
  /** seeds the weights, dropout masks and shuffling. @default 0 */
  seed?: number;
  /** @default 'float32' */
  dtype?: DType;
  /** weight decay λ₁·Σ|W| (biases excluded). @default 0 */
  l1?: number;
  /** weight decay λ₂·ΣW² (biases excluded). @default 0 */
  l2?: number;
  /** dropout rate after each hidden activation. @default 0 */
  dropout?: number;
  /** batch normalization before each hidden activation. @default false */
  batchNorm?: boolean;
  /** standardize input columns with training statistics, kept with the model. @default false */
  /** true standardizes each column; 'global' uses one mean and std over all values (images). */
  standardize?: boolean | 'global';
}

export type ResolvedNeuralNetworkOptions = Required<NeuralNetworkOptions>;

/** Training hooks, plus rows to report validation loss and accuracy on after each epoch. */
export interface NeuralNetworkFitOptions extends FitCallbacks {
  validation?: { x: Inputs; y: ArrayLike<number> };
  /** stop when the validation loss has not improved for this many epochs, keeping the best epoch's weights */
  patience?: number;
  /** continue from a checkpoint of this model (setLearned first): same result as a run that never stopped */
  resume?: TrainingState;
}

const LOSSES: Record<ResolvedNeuralNetworkOptions['output'], Loss> = {
  softmax: softmaxCrossEntropyLoss,
  sigmoid: sigmoidLogLoss,
  linear: meanSquaredErrorLoss,
};

function resolve(o: NeuralNetworkOptions): ResolvedNeuralNetworkOptions {
  const r: ResolvedNeuralNetworkOptions = {
    hidden: [...(o.hidden ?? [100])],
    layers: o.layers ? [...o.layers] : null,
    imageShape: o.imageShape ? [o.imageShape[0], o.imageShape[1], o.imageShape[2]] : null,
    activation: o.activation ?? 'sigmoid',
    alpha: o.alpha ?? 0.01,
    output: o.output ?? 'softmax',
    init: o.init ?? 'book',
    optimizer: o.optimizer ?? 'sgd',
    learningRate: o.learningRate ?? 0.01,
    learningRateDecay: o.learningRateDecay ?? 1,
    batchSize: o.batchSize ?? 32,
    epochs: o.epochs ?? 100,
    shuffle: o.shuffle ?? true,
    seed: o.seed ?? 0,
    dtype: o.dtype ?? 'float32',
    l1: o.l1 ?? 0,
    l2: o.l2 ?? 0,
    dropout: o.dropout ?? 0,
    batchNorm: o.batchNorm ?? false,
    standardize: o.standardize ?? false,
  };
  const bad = (what: string, v: unknown): never => {
    throw new UsageError(`${what}, got ${String(v)}`);
  };
  if (r.hidden.some((h) => !Number.isInteger(h) || h < 1)) bad('hidden sizes must be whole numbers ≥ 1', r.hidden);
  if (r.imageShape && r.imageShape.some((d) => !Number.isInteger(d) || d < 1)) bad('imageShape must be [height, width, channels] of whole numbers ≥ 1', r.imageShape);
  if (!ACTIVATION_NAMES.includes(r.activation)) bad(`activation must be one of ${ACTIVATION_NAMES.join(', ')}`, r.activation);
  if (r.init !== 'xavier' && r.init !== 'he' && !INIT_NAMES.includes(r.init)) bad(`init must be 'xavier', 'he' or one of ${INIT_NAMES.join(', ')}`, r.init);
  if (!(r.alpha >= 0) || !Number.isFinite(r.alpha)) bad('alpha must be a number ≥ 0', r.alpha);
  if (!(r.output in LOSSES)) bad("output must be 'softmax', 'sigmoid' or 'linear'", r.output);
  if (!OPTIMIZER_NAMES.includes(r.optimizer)) bad(`optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}`, r.optimizer);
  if (!(r.learningRate > 0) || !Number.isFinite(r.learningRate)) bad('learningRate must be a positive number', r.learningRate);
  if (!(r.learningRateDecay > 0 && r.learningRateDecay <= 1)) bad('learningRateDecay must be in (0, 1]', r.learningRateDecay);
  if (!Number.isInteger(r.epochs) || r.epochs < 0) bad('epochs must be a whole number ≥ 0', r.epochs);
  if (r.batchSize !== 'all' && (!Number.isInteger(r.batchSize) || r.batchSize < 1)) bad("batchSize must be a whole number ≥ 1 or 'all'", r.batchSize);
  if (r.dtype !== 'float32' && r.dtype !== 'float64') bad("dtype must be 'float32' or 'float64'", r.dtype);
  if (!(r.dropout >= 0 && r.dropout < 1)) bad('dropout must be in [0, 1)', r.dropout);
  if (!(r.l1 >= 0) || !(r.l2 >= 0)) bad('l1 and l2 must be numbers ≥ 0', `${r.l1}, ${r.l2}`);
  return r;
}

/**
 * A multilayer perceptron estimator: Dense → activation per hidden layer, then the fused output loss, trained
 * by the shared epoch loop. With `hidden: [n]` and sigmoid units it is the book's three-layer network.
 */
export class NeuralNetwork {
  readonly kind = 'neural-network';
  readonly options: ResolvedNeuralNetworkOptions;
  history: History | undefined;
  private net: Sequential | undefined;
  private scaler: Standardizer | undefined;
  /** input columns of the built network */
  private inputCount = 0;
  private running = { correct: 0, seen: 0 };
  /** draws the dropout masks; kept so a checkpoint can save and restore its state */
  private dropoutRng = new Rng(0);
  /** the current or last fit's random stream, optimizer and last completed epoch */
  private run: { rng: Rng; optimizer: Optimizer; last: LoopCheckpoint | undefined; rngAtEpoch?: number[]; optimizerAtEpoch?: OptimizerState; dropoutAtEpoch?: number[] } | undefined;

  /** Stores and checks the hyperparameters; nothing is learned until fit(). */
  constructor(options: NeuralNetworkOptions = {}) {
    this.options = resolve(options);
  }

  get fitted(): boolean {
    return this.net !== undefined;
  }

  /**
   * The image shape convolutions read rows as: the option, or a square single-channel image when the row length
   * is a square; undefined for networks without convolutions or pooling.
   */
  imageShapeFor(inputs: number): ImageShape | undefined {
    const o = this.options;
    if (o.imageShape) return o.imageShape;
    if (!o.layers?.some((l) => l.kind === 'conv' || l.kind === 'pool')) return undefined;
    const side = Math.round(Math.sqrt(inputs));
    if (side * side !== inputs) {
      throw new UsageError(`NeuralNetwork: convolutions need images; rows of ${inputs} values are not square, so give imageShape [height, width, channels]`);
    }
    return [side, side, 1];
  }

  /** A fresh, initialized network for rows of `inputs` values, drawing its weights from rng. */
  private build(inputs: number, outputs: number, rng: Rng): Sequential {
    const o = this.options;
    const init: InitName = o.init === 'xavier' ? 'xavier-uniform' : o.init === 'he' ? 'he-normal' : o.init;
    const common = {
      inputs, outputs, loss: LOSSES[o.output], activation: o.activation, alpha: o.alpha, init, rng, dropoutRng: this.dropoutRng,
      dtype: o.dtype, dropout: o.dropout, batchNorm: o.batchNorm, l1: o.l1, l2: o.l2,
    };
    if (!o.layers) return multilayerPerceptron({ ...common, hidden: o.hidden });
    const imageShape = this.imageShapeFor(inputs);
    return layerStack({ ...common, layers: o.layers, ...(imageShape ? { imageShape } : {}) });
  }

  /** Input columns of the built network (0 before fit). */
  get inputWidth(): number {
    return this.inputCount;
  }

  /** The trained network; throws before fit. */
  get network(): Sequential {
    if (!this.net) throw new ModelError('NeuralNetwork: call fit() before using the model');
    return this.net;
  }

  /** The input standardization fitted with `standardize`, if any. */
  get standardizer(): Standardizer | undefined {
    return this.scaler;
  }

  private outputCount(y: ArrayLike<number>, op: string): number {
    if (this.options.output === 'softmax') return multiclassOutputs(y, op);
    if (this.options.output === 'sigmoid') checkBinary(y, op);
    return 1;
  }

  private encode(y: ArrayLike<number>, outputs: number): Tensor {
    return this.options.output === 'softmax' ? oneHot(y, outputs, { dtype: this.options.dtype }) : column(y, this.options.dtype);
  }

  /** The class labels behind encode's one-hot targets (softmax output; encode has checked them), for TrainingData.labels. */
  private labelsOf(y: ArrayLike<number>): { labels?: Int32Array } {
    return this.options.output === 'softmax' ? { labels: Int32Array.from(y) } : {};
  }

  /** Rows of the batch whose logits z pick the class y encodes (no allocation: it runs every batch); 0 for a linear output. */
  private countCorrect(z: Tensor, y: Tensor): number {
    let correct = 0;
    if (this.options.output === 'softmax') {
      const k = z.shape[1]!;
      for (let r = 0; r < z.shape[0]!; r++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (z.data[r * k + j]! > z.data[r * k + best]!) best = j;
        if (y.data[r * k + best] === 1) correct++;
      }
    } else if (this.options.output === 'sigmoid') {
      for (let i = 0; i < z.size; i++) if ((z.data[i]! >= 0 ? 1 : 0) === y.data[i]) correct++;
    }
    return correct;
  }

  /**
   * Builds the network for x: [rows, features] and trains it on targets y (class indices, 0/1 labels or values),
   * then returns this. The same options and seed give bit-identical weights.
   */
  fit(x: Inputs, y: ArrayLike<number>, options: NeuralNetworkFitOptions = {}): this {
    const [objective, data, fitOptions] = this.prepare(x, y, options);
    this.history = fit(objective, data, fitOptions);
    return this;
  }

  /** fit() that lets the event loop run while it trains (Ctrl-C, a worker's messages); same result for the same seed. */
  async fitAsync(x: Inputs, y: ArrayLike<number>, options: NeuralNetworkFitOptions = {}): Promise<this> {
    const [objective, data, fitOptions] = this.prepare(x, y, options);
    this.history = await fitAsync(objective, data, fitOptions);
    return this;
  }

  /** Builds a fresh network for x and returns what the training loop needs. */
  private prepare(x: Inputs, y: ArrayLike<number>, options: NeuralNetworkFitOptions): [Objective, TrainingData, FitOptions] {
    const o = this.options;
    const features = asFeatures(x, 'NeuralNetwork.fit');
    checkTargets(features, y, 'NeuralNetwork.fit');
    if (features.rows === 0) throw new UsageError('NeuralNetwork.fit: no training rows');
    const outputs = this.outputCount(y, 'NeuralNetwork.fit');
    const rng = new Rng(o.seed);
    const optimizer = createOptimizer(o.optimizer, o.learningRate);
    let network: Sequential;
    if (options.resume) {
      // Keep the network and standardization a checkpoint restored; continue its random streams and moments.
      network = this.network;
      if (this.inputCount !== features.cols) {
        throw new UsageError(`resume: the checkpoint's network takes ${this.inputCount} inputs, the data has ${features.cols}`);
      }
      rng.setState(options.resume.rng);
      if (options.resume.dropoutRng) this.dropoutRng.setState(options.resume.dropoutRng);
      optimizer.setState(options.resume.optimizer);
    } else {
      this.dropoutRng = new Rng(rng.nextUint32());
      network = this.build(features.cols, outputs, rng);
      this.net = network;
      this.inputCount = features.cols;
      this.scaler = o.standardize ? fitStandardizer(features, undefined, o.standardize === 'global' ? 'global' : 'per-feature') : undefined;
    }
    const run: NonNullable<typeof this.run> = { rng, optimizer, last: undefined };
    this.run = run;
    const data: TrainingData = { features, targets: this.encode(y, outputs), scaler: this.scaler, ...this.labelsOf(y) };
    let validation: TrainingData | undefined;
    let validationLabels: ArrayLike<number> | undefined;
    if (options.validation) {
      const vf = asFeatures(options.validation.x, 'NeuralNetwork.fit validation');
      checkTargets(vf, options.validation.y, 'NeuralNetwork.fit validation');
      validation = { features: vf, targets: this.encode(options.validation.y, outputs), scaler: this.scaler, ...this.labelsOf(options.validation.y) };
      validationLabels = options.validation.y;
    }
    this.running = { correct: 0, seen: 0 };
    const counting = {
      parameters: () => network.parameters(),
      loss: (xb: Tensor, yb: Tensor) => network.loss(xb, yb),
      lossAndGradient: (xb: Tensor, yb: Tensor) => {
        const loss = network.lossAndGradient(xb, yb);
        this.running.correct += this.countCorrect(network.lastOutput!, yb);
        this.running.seen += xb.shape[0]!;
        return loss;
      },
    };
    return [counting, data, {
      epochs: o.epochs, batchSize: o.batchSize, shuffle: o.shuffle, rng, optimizer, dtype: o.dtype,
      ...(o.learningRateDecay !== 1 ? { learningRateAt: (epoch: number) => o.learningRate * o.learningRateDecay ** (epoch - 1) } : {}),
      ...(options.resume ? { resume: { epoch: options.resume.epoch, order: options.resume.order, history: options.resume.history } } : {}),
      onCheckpoint: (c: LoopCheckpoint) => {
        run.last = c;
        run.rngAtEpoch = rng.getState();
        run.optimizerAtEpoch = optimizer.getState();
        run.dropoutAtEpoch = this.dropoutRng.getState();
      },
      validation,
      measure: (_d, split) => {
        if (o.output === 'linear') return {};
        if (split === 'train') {
          const accuracy = this.running.correct / Math.max(1, this.running.seen);
          this.running = { correct: 0, seen: 0 };
          return { accuracy };
        }
        const predicted = this.predict(options.validation!.x);
        let correct = 0;
        for (let i = 0; i < predicted.length; i++) if (predicted[i] === validationLabels![i]) correct++;
        return { accuracy: correct / Math.max(1, predicted.length) };
      },
      onBatch: options.onBatch, onEpoch: options.onEpoch, shouldStop: options.shouldStop,
      patience: options.patience,
    }];
  }

  /**
   * Everything training learned, by name: each parameter (e.g. '0.dense0.weights') and each batch-norm
   * layer's running statistics ('<i>.runningMean', '<i>.runningVariance'), plus the layer sizes.
   */
  learnedState(): NetworkState {
    const network = this.network;
    const tensors: Record<string, Tensor> = {};
    for (const p of network.parameters()) tensors[p.name] = p.value;
    network.layers.forEach((layer, i) => {
      if (layer instanceof BatchNorm) {
        tensors[`${i}.runningMean`] = layer.runningMean;
        tensors[`${i}.runningVariance`] = layer.runningVariance;
      }
    });
    const last = network.parameters().at(-1)!.value;
    const state: NetworkState = { inputs: this.inputCount, outputs: last.size, tensors };
    if (this.scaler) state.standardizer = this.scaler;
    return state;
  }

  /**
   * What a checkpoint needs besides the parameters, as of the last completed epoch of the current or last
   * fit; undefined before any epoch completed.
   */
  trainingState(): TrainingState | undefined {
    const run = this.run;
    if (!run?.last) return undefined;
    const state: TrainingState = {
      epoch: run.last.epoch,
      history: run.last.history,
      order: run.last.order,
      rng: run.rngAtEpoch ?? run.rng.getState(),
      optimizer: run.optimizerAtEpoch ?? run.optimizer.getState(),
    };
    if (this.options.dropout > 0) state.dropoutRng = run.dropoutAtEpoch ?? this.dropoutRng.getState();
    return state;
  }

  /** Rebuilds the network from a learned state (e.g. a model file); every tensor must be present with its shape. */
  setLearned(state: NetworkState): this {
    this.dropoutRng = new Rng(0);
    const network = this.build(state.inputs, state.outputs, new Rng(this.options.seed));
    const targets: [string, Tensor][] = network.parameters().map((p) => [p.name, p.value]);
    network.layers.forEach((layer, i) => {
      if (layer instanceof BatchNorm) targets.push([`${i}.runningMean`, layer.runningMean], [`${i}.runningVariance`, layer.runningVariance]);
    });
    for (const [name, target] of targets) {
      const source = state.tensors[name];
      if (!source) throw new ModelError(`network state: tensor ${name} is missing`);
      if (source.size !== target.size || source.rank !== target.rank || source.shape.some((d, k) => d !== target.shape[k])) {
        throw new ModelError(`network state: ${name} has shape [${source.shape.join(',')}], the network needs [${target.shape.join(',')}]`);
      }
      target.data.set(source.data);
    }
    const extra = Object.keys(state.tensors).filter((name) => !targets.some(([t]) => t === name));
    if (extra.length > 0) throw new ModelError(`network state: unexpected tensors ${extra.join(', ')}`);
    this.net = network;
    this.inputCount = state.inputs;
    this.scaler = state.standardizer;
    return this;
  }

  /** x as Features with the model's number of columns. */
  private features(x: Inputs, op: string): Features {
    if (!this.net) throw new ModelError('NeuralNetwork: call fit() before using the model');
    const features = asFeatures(x, op);
    if (features.cols !== this.inputCount) {
      throw new UsageError(`${op}: the model takes ${this.inputCount} input columns, got ${features.cols}`);
    }
    return features;
  }

  /** x as a [rows, features] tensor in the model's dtype, standardized as in training. */
  private inputTensor(x: Inputs, op: string): Tensor {
    const features = this.features(x, op);
    const t = Tensor.zeros([features.rows, features.cols], this.options.dtype);
    features.gather(allRows(features.rows), t.data, this.scaler);
    return t;
  }

  /** The output of every layer for inputs x (standardized as in training), in inference mode: for inspection. */
  layerOutputs(x: Inputs): LayerActivations {
    return this.network.activations(this.inputTensor(x, 'NeuralNetwork.layerOutputs'));
  }

  /**
   * Logits z: [rows, outputs], the network's predictBatch rows at a time: each batch is gathered (and standardized) into
   * one reused buffer in the kernels' memory, so the inputs never exist as floats all at once.
   */
  decisionFunction(x: Inputs): Tensor {
    const features = this.features(x, 'NeuralNetwork.predict');
    const network = this.network;
    const { rows, cols } = features;
    const batch = Math.max(1, Math.min(network.predictBatch, rows));
    const buffer = allocateForKernels(batch * cols, this.options.dtype);
    const order = allRows(rows);
    let result: Tensor | undefined;
    for (let start = 0; start < rows || result === undefined; start += batch) {
      const end = Math.min(start + batch, rows);
      const xb = new Tensor([end - start, cols], buffer.subarray(0, (end - start) * cols));
      features.gather(order.subarray(start, end), xb.data, this.scaler);
      const z = network.forward(xb, { training: false });
      const outputs = z.shape[1]!;
      result ??= new Tensor([rows, outputs], allocate(rows * outputs, z.dtype));
      result.data.set(z.data, start * outputs);
      if (end >= rows) break;
    }
    releaseForKernels(buffer);
    return result;
  }

  /** Class probabilities [rows, classes] (softmax) or P(y = 1) as [rows, 1] (sigmoid). */
  predictProba(x: Inputs): Tensor {
    if (this.options.output === 'linear') throw new UsageError("NeuralNetwork.predictProba needs output 'softmax' or 'sigmoid'; use predict()");
    return this.network.outputActivation(this.decisionFunction(x));
  }

  /** Per row: the most probable class (softmax), 0/1 (sigmoid, threshold 0.5), or the predicted value (linear). */
  predict(x: Inputs): Float64Array {
    const z = this.decisionFunction(x);
    if (this.options.output === 'softmax') return Float64Array.from(argmaxRows(z));
    if (this.options.output === 'sigmoid') return Float64Array.from(z.data, (v) => (v >= 0 ? 1 : 0));
    return Float64Array.from(z.data);
  }
}
