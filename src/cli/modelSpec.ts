import { UsageError } from '../errors.js';
import type { LinearModel } from '../models/linearModel.js';
import { LINEAR_KINDS, type LinearKind, createLinearModel } from '../models/create.js';
import { NeuralNetwork, type NeuralNetworkOptions } from '../models/neuralNetwork.js';
import type { LinearModelOptions } from '../models/options.js';
import { ACTIVATION_NAMES, type ActivationName } from '../nn/activations.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../optim/create.js';
import type { DType } from '../tensor/tensor.js';
import type { ImageShape } from '../nn/convShape.js';
import { DEFAULT_CNN, type LayerSpec, formatLayerSpecs, parseLayerSpecs } from '../nn/layerSpec.js';
import { stackWeightCount } from '../nn/stack.js';
import { parseBatchSize, parseChoice, parseInteger, parseNumber } from './parseOptions.js';


/**
 * What --model names: one of the book's linear models, a network with hidden layer sizes (mlp:100,30), or a
 * stack of layers (cnn, or conv:16x3,pool:2,dense:128). `cnn` has batch-norm layers after its pooling layers,
 * which --no-batch-norm removes.
 */
export type ModelSpec =
  | { family: 'linear'; kind: LinearKind }
  | { family: 'mlp'; hidden: number[] }
  | { family: 'layers'; layers: LayerSpec[]; cnn: boolean };

const LAYER_TOKEN = /^(conv|pool|dense|dropout|bn|batch-norm)(:|,|$)/;

export function parseModelSpec(text: string): ModelSpec {
  if ((LINEAR_KINDS as readonly string[]).includes(text)) return { family: 'linear', kind: text as LinearKind };
  if (text === 'cnn') return { family: 'layers', layers: [...DEFAULT_CNN], cnn: true };
  if (LAYER_TOKEN.test(text.trim().toLowerCase())) {
    try {
      return { family: 'layers', layers: parseLayerSpecs(text), cnn: false };
    } catch (e) {
      throw new UsageError(`--model: ${(e as Error).message}`);
    }
  }
  const m = /^mlp(?::(.*))?$/.exec(text);
  if (m) {
    const sizes = (m[1] ?? '100').split(',').map((s) => s.trim());
    const hidden = sizes.map((s) => parseInteger('--model mlp:<sizes>', s, 1, 100_000)!);
    if (hidden.length > 32) throw new UsageError('--model mlp:<sizes>: at most 32 hidden layers');
    return { family: 'mlp', hidden };
  }
  throw new UsageError(
    `--model must be one of ${LINEAR_KINDS.join(', ')}, mlp:<hidden sizes> (e.g. mlp:100 or mlp:100,30), cnn, or layers (e.g. conv:16x3,pool:2,dense:128); got '${text}'`,
  );
}

/** The training flags that shape a model (shared by train and compare). */
export interface ModelFlags {
  epochs?: string;
  batchSize?: string;
  lr?: string;
  lrDecay?: string;
  init?: string;
  activation?: string;
  optimizer?: string;
  output?: string;
  l1?: string;
  l2?: string;
  dropout?: string;
  /** true with --batch-norm, false with --no-batch-norm, undefined when neither is given */
  batchNorm?: boolean;
  ordered?: boolean;
}

/** What the data says about defaults: images train with mini-batches and standardized inputs. */
export interface DataTraits {
  /** input columns */
  inputs: number;
  images: boolean;
  binary: boolean;
  /** [height, width, channels] when each row is an image */
  imageShape?: ImageShape;
  dtype: DType;
  standardize: boolean | 'global';
  seed: number;
}

/**
 * Defaults of the book's linear models when the command line leaves them out: full batch from zeros with
 * lr 0.001 for 20000 (linear) or 10000 (logistic, softmax) epochs as in the book; on standardized images,
 * 100 full-batch epochs at lr 0.2.
 */
function linearDefaults(kind: LinearKind, images: boolean): LinearModelOptions {
  if (images) return { epochs: 100, learningRate: kind === 'linear' ? 0.01 : 0.2, batchSize: 'all' };
  switch (kind) {
    case 'linear':
      return { epochs: 20000, learningRate: 0.001 };
    case 'logistic':
      return { epochs: 10000, learningRate: 0.001 };
    case 'softmax':
      return { epochs: 10000, learningRate: 0.01 };
    case 'perceptron':
      return { epochs: 1000, learningRate: 0.1 };
  }
}

/**
 * Network defaults: the book's (sigmoid hidden units, N(0, 1/fan-in) init, plain gradient descent), with
 * mini-batches of 256 at lr 1 on images (its Fashion-MNIST setting) and full batches at lr 1 on small sets;
 * Adam, RMSprop and momentum start from their usual step sizes.
 */
function networkDefaults(images: boolean, optimizer: OptimizerName): NeuralNetworkOptions {
  const lr = optimizer === 'sgd' ? 1 : optimizer === 'momentum' ? 0.1 : 0.001;
  return images ? { epochs: 10, batchSize: 256, learningRate: lr } : { epochs: 10000, batchSize: 'all', learningRate: optimizer === 'sgd' ? 1 : optimizer === 'momentum' ? 0.1 : 0.01 };
}

/**
 * Defaults of layer stacks (cnn and written layers): ReLU, He initialization and Adam at 0.001 with batches of 64,
 * the usual recipe for convolutional networks, with the learning rate multiplied by 0.7 after every epoch (on
 * Fashion-MNIST the constant rate overfits after 4–5 epochs and its test accuracy wanders by ±0.5 points);
 * 6 epochs on images.
 */
function stackDefaults(images: boolean, optimizer: OptimizerName): NeuralNetworkOptions {
  const lr = optimizer === 'sgd' ? 0.1 : optimizer === 'momentum' ? 0.01 : 0.001;
  return { epochs: images ? 6 : 1000, batchSize: 64, learningRate: lr, learningRateDecay: images ? 0.7 : 1 };
}

/** The layers of a stack; --no-batch-norm takes cnn's own batch-norm layers out. */
function stackLayers(spec: { layers: LayerSpec[]; cnn: boolean }, flags: ModelFlags): LayerSpec[] {
  return spec.cnn && flags.batchNorm === false ? spec.layers.filter((l) => l.kind !== 'batch-norm') : spec.layers;
}

function rate(flag: string, text: string | undefined): number | undefined {
  const v = parseNumber(flag, text, 'any');
  if (v !== undefined && v < 0) throw new UsageError(`${flag} must be a number ≥ 0, got '${text}'`);
  return v;
}

/** The most weights a network from the command line may have (400 MB in float32, and Adam keeps two more copies). */
export const MAX_NETWORK_WEIGHTS = 1e8;

/** Builds the untrained model the flags describe. */
export function buildModel(spec: ModelSpec, flags: ModelFlags, traits: DataTraits): LinearModel | NeuralNetwork {
  const epochs = parseInteger('--epochs', flags.epochs, 0, 100_000_000);
  const learningRate = parseNumber('--lr', flags.lr, 'positive');
  const batchSize = parseBatchSize(flags.batchSize);
  if (spec.family === 'linear') {
    for (const [flag, value] of [['--lr-decay', flags.lrDecay], ['--activation', flags.activation], ['--optimizer', flags.optimizer], ['--output', flags.output], ['--l1', flags.l1], ['--l2', flags.l2], ['--dropout', flags.dropout]] as const) {
      if (value !== undefined) throw new UsageError(`${flag} applies to networks (--model mlp:…), not to ${spec.kind}`);
    }
    if (flags.batchNorm !== undefined) throw new UsageError(`--batch-norm applies to networks (--model mlp:…), not to ${spec.kind}`);
    if (flags.ordered) throw new UsageError(`--ordered applies to networks (--model mlp:…), not to ${spec.kind}`);
    const init = parseChoice('--init', flags.init, ['zeros', 'random'] as const);
    const options: LinearModelOptions = { ...linearDefaults(spec.kind, traits.images), seed: traits.seed, dtype: traits.dtype, standardize: traits.standardize };
    if (epochs !== undefined) options.epochs = epochs;
    if (learningRate !== undefined) options.learningRate = learningRate;
    if (batchSize !== undefined) options.batchSize = batchSize;
    if (init !== undefined) options.init = init;
    return createLinearModel(spec.kind, options);
  }
  const stack = spec.family === 'layers';
  if (stack && !traits.imageShape && spec.layers.some((l) => l.kind === 'conv' || l.kind === 'pool')) {
    throw new UsageError(`--model ${formatLayerSpecs(spec.layers)}: convolutions and pooling need images (e.g. --data fashion-mnist or cifar-10); these rows are not images`);
  }
  let weights = 0;
  if (stack) {
    weights = stackWeightCount(traits.inputs, traits.imageShape, spec.layers, 10, flags.batchNorm ?? false);
  } else {
    let width = traits.inputs;
    for (const units of [...spec.hidden, 10]) {
      weights += width * units;
      width = units;
    }
  }
  const name = stack ? formatLayerSpecs(spec.layers) : `mlp:${spec.hidden.join(',')}`;
  if (weights > MAX_NETWORK_WEIGHTS) {
    throw new UsageError(`--model ${name} on ${traits.inputs} inputs has about ${weights.toExponential(1)} weights; at most ${MAX_NETWORK_WEIGHTS.toExponential(0)}`);
  }
  const optimizer = parseChoice('--optimizer', flags.optimizer, OPTIMIZER_NAMES) ?? (stack ? 'adam' : 'sgd');
  const options: NeuralNetworkOptions = {
    ...(stack ? stackDefaults(traits.images, optimizer) : networkDefaults(traits.images, optimizer)),
    ...(stack ? { layers: stackLayers(spec, flags), imageShape: traits.imageShape ?? null } : { hidden: spec.hidden }),
    optimizer,
    activation: parseChoice('--activation', flags.activation, ACTIVATION_NAMES as readonly ActivationName[]) ?? (stack ? 'relu' : 'sigmoid'),
    init: parseChoice('--init', flags.init, ['book', 'xavier', 'he'] as const) ?? (stack ? 'he' : 'book'),
    output: parseChoice('--output', flags.output, ['softmax', 'sigmoid', 'linear'] as const) ?? (traits.binary ? 'sigmoid' : 'softmax'),
    l1: rate('--l1', flags.l1) ?? 0,
    l2: rate('--l2', flags.l2) ?? 0,
    dropout: parseNumber('--dropout', flags.dropout, 'fraction') ?? 0,
    // cnn carries its batch norm as layers of its own (see DEFAULT_CNN); --batch-norm adds it before activations.
    batchNorm: spec.family === 'layers' && spec.cnn ? false : (flags.batchNorm ?? false),
    shuffle: !(flags.ordered ?? false),
    seed: traits.seed,
    dtype: traits.dtype,
    standardize: traits.standardize,
  };
  if (epochs !== undefined) options.epochs = epochs;
  if (learningRate !== undefined) options.learningRate = learningRate;
  if (batchSize !== undefined) options.batchSize = batchSize;
  const decay = parseNumber('--lr-decay', flags.lrDecay, 'positive');
  if (decay !== undefined) {
    if (decay > 1) throw new UsageError(`--lr-decay must be in (0, 1] (the factor the learning rate is multiplied by after each epoch), got '${flags.lrDecay}'`);
    options.learningRateDecay = decay;
  }
  return new NeuralNetwork(options);
}

/** Epochs, batch size and learning rate of a built model, for messages and summaries. */
export function trainingSettings(model: LinearModel | NeuralNetwork): { epochs: number; batchSize: number | 'all'; learningRate: number; standardize: boolean | 'global' } {
  const o = model.options;
  return { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, standardize: o.standardize };
}
