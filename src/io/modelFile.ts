import { z } from 'zod';
import { standardizerFrom } from '../data/standardize.js';
import { ModelError } from '../errors.js';
import type { LinearModel } from '../models/linearModel.js';
import { LINEAR_KINDS, createLinearModel } from '../models/create.js';
import { NeuralNetwork, type NetworkState, type NeuralNetworkOptions } from '../models/neuralNetwork.js';
import { ACTIVATION_NAMES, type ActivationName } from '../nn/activations.js';
import { formatLayerSpecs } from '../nn/layerSpec.js';
import { stackWeightCount } from '../nn/stack.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../optim/create.js';
import type { Standardizer } from '../data/standardize.js';
import type { Tensor } from '../tensor/tensor.js';
import { type StoredTensor, decodeTensor, encodeFloats, encodeTensor } from './tensorCodec.js';
import { decodeTraining, encodeTraining, trainingSchema } from './trainingStateCodec.js';
import type { TrainingState } from '../models/trainingState.js';

export const MODEL_FORMAT = 'platypus-model';

const size = z.number().int().positive().max(100_000);
/** The layer specs of src/nn/layerSpec.ts, as a model file stores them. */
const layerSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conv'), filters: size, size: size.max(64), stride: size.max(64).optional(), padding: z.enum(['same', 'valid']).optional() }).strict(),
  z.object({ kind: z.literal('pool'), size: size.max(64), stride: size.max(64).optional() }).strict(),
  z.object({ kind: z.literal('dense'), units: size }).strict(),
  z.object({ kind: z.literal('dropout'), rate: z.number().min(0).lt(1) }).strict(),
  z.object({ kind: z.literal('batch-norm') }).strict(),
]);
/** The newest model file version this code reads and the one it writes. */
export const MODEL_VERSION = 1;

/** A trained model with what it needs to be used again: names of its inputs and classes. */
export interface SavedModel {
  model: LinearModel | NeuralNetwork;
  featureNames?: readonly string[];
  targetName: string;
  classNames?: readonly string[];
  /** set when a multiclass set was turned into "is it class P?" */
  positiveClass?: { index: number; name: string };
  imageShape?: readonly [number, number, number];
  /** a checkpoint's training state, to continue the run with `train --resume` */
  training?: TrainingState;
}

const storedTensor = z.object({
  shape: z.array(z.number().int().nonnegative()).max(8),
  dtype: z.enum(['float32', 'float64']),
  data: z.string(),
});


const inputsSchema = z.object({
  features: z.number().int().positive(),
  names: z.array(z.string()).optional(),
  imageShape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).optional(),
});

const targetSchema = z.object({
  name: z.string(),
  classNames: z.array(z.string()).optional(),
  positiveClass: z.object({ index: z.number().int().nonnegative(), name: z.string() }).optional(),
});

const standardizerSchema = z.object({ mean: storedTensor, std: storedTensor });

const networkSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  kind: z.literal('neural-network'),
  options: z.object({
    hidden: z.array(z.number().int().positive()).max(64),
    layers: z.array(layerSpecSchema).max(64).nullable().optional(),
    imageShape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).nullable().optional(),
    activation: z.enum(ACTIVATION_NAMES as unknown as [ActivationName, ...ActivationName[]]),
    alpha: z.number().nonnegative(),
    output: z.enum(['softmax', 'sigmoid', 'linear']),
    init: z.string(),
    optimizer: z.enum(OPTIMIZER_NAMES as unknown as [OptimizerName, ...OptimizerName[]]),
    learningRate: z.number().positive(),
    learningRateDecay: z.number().positive().max(1).optional(),
    batchSize: z.union([z.number().int().positive(), z.literal('all')]),
    epochs: z.number().int().nonnegative(),
    shuffle: z.boolean(),
    seed: z.number(),
    dtype: z.enum(['float32', 'float64']),
    l1: z.number().nonnegative(),
    l2: z.number().nonnegative(),
    dropout: z.number().min(0).lt(1),
    batchNorm: z.boolean(),
    standardize: z.union([z.boolean(), z.literal('global')]),
  }),
  outputs: z.number().int().positive(),
  inputs: inputsSchema,
  target: targetSchema,
  standardizer: standardizerSchema.optional(),
  tensors: z.record(z.string(), storedTensor),
  training: trainingSchema.optional(),
  createdBy: z.string().optional(),
});

const fileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  kind: z.enum(LINEAR_KINDS),
  options: z.object({
    learningRate: z.number().positive(),
    epochs: z.number().int().nonnegative(),
    batchSize: z.union([z.number().int().positive(), z.literal('all')]),
    init: z.enum(['zeros', 'random']),
    seed: z.number(),
    dtype: z.enum(['float32', 'float64']),
    standardize: z.union([z.boolean(), z.literal('global')]),
  }),
  inputs: inputsSchema,
  target: targetSchema,
  standardizer: standardizerSchema.optional(),
  tensors: z.object({ weights: storedTensor, bias: storedTensor }),
  training: trainingSchema.optional(),
  createdBy: z.string().optional(),
});

type ModelFile = z.infer<typeof fileSchema>;

/** The model file's JSON text. */
export function serializeModel(saved: SavedModel): string {
  const { model } = saved;
  if (model instanceof NeuralNetwork) return serializeNetwork(saved, model);
  const state = model.learned;
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: model.kind as ModelFile['kind'],
    options: { ...model.options },
    ...metadata(saved, state.weights.shape[0]!),
    tensors: { weights: encodeTensor(state.weights), bias: encodeTensor(state.bias) },
    createdBy: 'platypus',
  };
  if (state.standardizer) file.standardizer = { mean: encodeFloats(state.standardizer.mean), std: encodeFloats(state.standardizer.std) };
  if (saved.training) file.training = encodeTraining(saved.training);
  return JSON.stringify(file);
}

function metadata(saved: SavedModel, features: number): { inputs: z.infer<typeof inputsSchema>; target: z.infer<typeof targetSchema> } {
  const inputs: z.infer<typeof inputsSchema> = { features };
  const target: z.infer<typeof targetSchema> = { name: saved.targetName };
  if (saved.featureNames) inputs.names = [...saved.featureNames];
  if (saved.imageShape) inputs.imageShape = [...saved.imageShape];
  if (saved.classNames) target.classNames = [...saved.classNames];
  if (saved.positiveClass) target.positiveClass = saved.positiveClass;
  return { inputs, target };
}

function serializeNetwork(saved: SavedModel, model: NeuralNetwork): string {
  const state = model.learnedState();
  const tensors: Record<string, StoredTensor> = {};
  for (const [name, t] of Object.entries(state.tensors)) tensors[name] = encodeTensor(t);
  const file: z.infer<typeof networkSchema> = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: 'neural-network',
    options: {
      ...model.options,
      hidden: [...model.options.hidden],
      layers: model.options.layers ? model.options.layers.map((l) => ({ ...l })) : null,
      imageShape: model.options.imageShape ? [...model.options.imageShape] : null,
    },
    outputs: state.outputs,
    ...metadata(saved, state.inputs),
    tensors,
    createdBy: 'platypus',
  };
  if (state.standardizer) file.standardizer = { mean: encodeFloats(state.standardizer.mean), std: encodeFloats(state.standardizer.std) };
  if (saved.training) file.training = encodeTraining(saved.training);
  return JSON.stringify(file);
}

function decodeStandardizer(stored: z.infer<typeof standardizerSchema>, features: number, source: string): Standardizer {
  const mean = decodeTensor(stored.mean as StoredTensor, `${source}: standardizer mean`);
  const std = decodeTensor(stored.std as StoredTensor, `${source}: standardizer std`);
  if (mean.size !== features || std.size !== features) throw new ModelError(`${source}: standardizer does not fit ${features} inputs`);
  if (Array.from(std.data).some((v) => !(v > 0 && Number.isFinite(1 / v)))) throw new ModelError(`${source}: standardizer has a std ≤ 0 or too small to divide by`);
  return standardizerFrom(mean.data, std.data);
}

/** The tensor in the model's float type; a float64 value beyond float32's range is refused, not turned into Infinity. */
function inDtype(t: Tensor, dtype: Tensor['dtype'], what: string): Tensor {
  if (t.dtype === dtype) return t;
  const converted = t.astype(dtype);
  for (let i = 0; i < converted.size; i++) {
    if (!Number.isFinite(converted.data[i]!)) throw new ModelError(`${what}: value ${i} (${t.data[i]}) does not fit ${dtype}`);
  }
  return converted;
}

function savedMetadata(model: LinearModel | NeuralNetwork, file: { inputs: z.infer<typeof inputsSchema>; target: z.infer<typeof targetSchema> }, source: string): SavedModel {
  const saved: SavedModel = { model, targetName: file.target.name };
  if (file.inputs.names) {
    if (file.inputs.names.length !== file.inputs.features) throw new ModelError(`${source}: ${file.inputs.names.length} input names for ${file.inputs.features} inputs`);
    saved.featureNames = file.inputs.names;
  }
  if (file.inputs.imageShape) {
    const [height, width, channels] = file.inputs.imageShape;
    if (height * width * channels !== file.inputs.features) {
      throw new ModelError(`${source}: image shape ${height}×${width}×${channels} does not fit ${file.inputs.features} inputs`);
    }
    saved.imageShape = file.inputs.imageShape;
  }
  if (file.target.classNames) saved.classNames = file.target.classNames;
  if (file.target.positiveClass) saved.positiveClass = file.target.positiveClass;
  return saved;
}

function parseNetwork(json: unknown, source: string): SavedModel {
  const parsed = networkSchema.safeParse(json);
  if (!parsed.success) throw new ModelError(`${source}: invalid model file: ${describeIssue(parsed.error)}`);
  const file = parsed.data;
  let model: NeuralNetwork;
  try {
    model = new NeuralNetwork({ ...file.options, init: file.options.init as NeuralNetworkOptions['init'] });
  } catch (e) {
    throw new ModelError(`${source}: invalid model file: ${(e as Error).message}`);
  }
  const tensors: Record<string, Tensor> = {};
  for (const [name, stored] of Object.entries(file.tensors)) {
    const t = decodeTensor(stored as StoredTensor, `${source}: ${name}`);
    tensors[name] = inDtype(t, file.options.dtype, `${source}: ${name}`);
  }
  // The layer sizes come from the file too: before building a network of that size, check them against
  // the values the file holds, so a file claiming a billion units cannot make us allocate them. (A small
  // shortfall, such as one missing tensor, is left to setLearned, which names the tensor.)
  let needed = 0;
  let described: string;
  if (file.options.layers) {
    const image = file.options.imageShape ?? undefined;
    if (image && image[0] * image[1] * image[2] !== file.inputs.features) {
      throw new ModelError(`${source}: image shape [${image.join(',')}] does not fit ${file.inputs.features} inputs`);
    }
    needed = stackWeightCount(file.inputs.features, image, file.options.layers, file.outputs, file.options.batchNorm);
    described = `layers ${formatLayerSpecs(file.options.layers)}`;
  } else {
    const sizes = [file.inputs.features, ...file.options.hidden, file.outputs];
    for (let k = 1; k < sizes.length; k++) needed += (sizes[k - 1]! + 1) * sizes[k]!;
    described = `layer sizes ${sizes.join('→')}`;
  }
  const held = Object.values(tensors).reduce((sum, t) => sum + t.size, 0);
  if (needed > 4 * held + 65_536) throw new ModelError(`${source}: ${described} need ${needed} weights, the file holds only ${held}`);
  const state: NetworkState = { inputs: file.inputs.features, outputs: file.outputs, tensors };
  if (file.standardizer) state.standardizer = decodeStandardizer(file.standardizer, file.inputs.features, source);
  try {
    model.setLearned(state);
  } catch (e) {
    throw new ModelError(`${source}: ${(e as Error).message}`);
  }
  const saved = savedMetadata(model, file, source);
  if (file.training) saved.training = decodeTraining(file.training, source);
  return saved;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${path}: ${issue.message}`;
}

/** Reads a model file's text; every problem is a ModelError naming `source`. */
export function parseModelFile(text: string, source: string): SavedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelError(`${source}: not a Platypus model file (invalid JSON: ${(e as Error).message.replace(/\s+/g, ' ')}); a truncated or corrupt file?`);
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== MODEL_FORMAT) {
    throw new ModelError(`${source}: not a Platypus model file (no "format": "${MODEL_FORMAT}")`);
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ModelError(`${source}: model file has no valid version`);
  }
  if (version > MODEL_VERSION) {
    throw new ModelError(`${source}: model file version ${version} is newer than this Platypus reads (${MODEL_VERSION}); upgrade Platypus`);
  }
  if ((json as { kind?: unknown }).kind === 'neural-network') return parseNetwork(json, source);
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ModelError(`${source}: invalid model file: ${describeIssue(parsed.error)}`);
  const file = parsed.data;
  const weights = decodeTensor(file.tensors.weights as StoredTensor, `${source}: weights`);
  const bias = decodeTensor(file.tensors.bias as StoredTensor, `${source}: bias`);
  const features = file.inputs.features;
  if (weights.rank !== 2 || weights.shape[0] !== features || bias.size !== weights.shape[1]) {
    throw new ModelError(`${source}: weights ${JSON.stringify(weights.shape)} and bias ${JSON.stringify(bias.shape)} do not fit ${features} inputs`);
  }
  const outputs = weights.shape[1]!;
  if (file.kind === 'softmax' ? outputs < 2 : outputs !== 1) {
    throw new ModelError(`${source}: a ${file.kind} model has ${file.kind === 'softmax' ? 'at least 2 outputs' : 'one output'}, but its weights have ${outputs}`);
  }
  const model = createLinearModel(file.kind, file.options);
  const state: Parameters<LinearModel['setLearned']>[0] = {
    weights: inDtype(weights, file.options.dtype, `${source}: weights`),
    bias: inDtype(bias, file.options.dtype, `${source}: bias`),
  };
  if (file.standardizer) state.standardizer = decodeStandardizer(file.standardizer, features, source);
  model.setLearned(state);
  const saved = savedMetadata(model, file, source);
  if (file.training) saved.training = decodeTraining(file.training, source);
  return saved;
}
