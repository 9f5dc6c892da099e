import { z } from 'zod';
import { standardizerFrom } from '../data/standardize.js';
import { ModelError } from '../errors.js';
import type { LinearModel } from '../models/linearModel.js';
import { LinearRegression } from '../models/linearRegression.js';
import { LogisticRegression } from '../models/logisticRegression.js';
import { Perceptron } from '../models/perceptron.js';
import { SoftmaxClassifier } from '../models/softmaxClassifier.js';
import type { LinearModelOptions } from '../models/options.js';
import { type StoredTensor, decodeTensor, encodeFloats, encodeTensor } from './tensorCodec.js';

export const MODEL_FORMAT = 'platypus-model';
/** The newest model file version this code reads and the one it writes. */
export const MODEL_VERSION = 1;

/** A trained model with what it needs to be used again: names of its inputs and classes. */
export interface SavedModel {
  model: LinearModel;
  featureNames?: readonly string[];
  targetName: string;
  classNames?: readonly string[];
  /** set when a multiclass set was turned into "is it class P?" */
  positiveClass?: { index: number; name: string };
  imageShape?: readonly [number, number, number];
}

const storedTensor = z.object({
  shape: z.array(z.number().int().nonnegative()).max(8),
  dtype: z.enum(['float32', 'float64']),
  data: z.string(),
});

const linearKinds = ['linear', 'logistic', 'softmax', 'perceptron'] as const;

const fileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  kind: z.enum(linearKinds),
  options: z.object({
    learningRate: z.number().positive(),
    epochs: z.number().int().nonnegative(),
    batchSize: z.union([z.number().int().positive(), z.literal('all')]),
    init: z.enum(['zeros', 'random']),
    seed: z.number(),
    dtype: z.enum(['float32', 'float64']),
    standardize: z.boolean(),
  }),
  inputs: z.object({
    features: z.number().int().positive(),
    names: z.array(z.string()).optional(),
    imageShape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).optional(),
  }),
  target: z.object({
    name: z.string(),
    classNames: z.array(z.string()).optional(),
    positiveClass: z.object({ index: z.number().int().nonnegative(), name: z.string() }).optional(),
  }),
  standardizer: z.object({ mean: storedTensor, std: storedTensor }).optional(),
  tensors: z.object({ weights: storedTensor, bias: storedTensor }),
  createdBy: z.string().optional(),
});

type ModelFile = z.infer<typeof fileSchema>;

/** The model file's JSON text. */
export function serializeModel(saved: SavedModel): string {
  const { model } = saved;
  const state = model.learned;
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: model.kind as ModelFile['kind'],
    options: { ...model.options },
    inputs: { features: state.weights.shape[0]! },
    target: { name: saved.targetName },
    tensors: { weights: encodeTensor(state.weights), bias: encodeTensor(state.bias) },
    createdBy: 'platypus',
  };
  if (saved.featureNames) file.inputs.names = [...saved.featureNames];
  if (saved.imageShape) file.inputs.imageShape = [...saved.imageShape];
  if (saved.classNames) file.target.classNames = [...saved.classNames];
  if (saved.positiveClass) file.target.positiveClass = saved.positiveClass;
  if (state.standardizer) file.standardizer = { mean: encodeFloats(state.standardizer.mean), std: encodeFloats(state.standardizer.std) };
  return JSON.stringify(file);
}

function make(kind: ModelFile['kind'], options: LinearModelOptions): LinearModel {
  switch (kind) {
    case 'linear':
      return new LinearRegression(options);
    case 'logistic':
      return new LogisticRegression(options);
    case 'softmax':
      return new SoftmaxClassifier(options);
    case 'perceptron':
      return new Perceptron(options);
  }
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
    throw new ModelError(`${source}: not a Platypus model file (invalid JSON: ${(e as Error).message}); a truncated or corrupt file?`);
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
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ModelError(`${source}: invalid model file: ${describeIssue(parsed.error)}`);
  const file = parsed.data;
  const weights = decodeTensor(file.tensors.weights as StoredTensor, `${source}: weights`);
  const bias = decodeTensor(file.tensors.bias as StoredTensor, `${source}: bias`);
  const features = file.inputs.features;
  if (weights.rank !== 2 || weights.shape[0] !== features || bias.size !== weights.shape[1]) {
    throw new ModelError(`${source}: weights ${JSON.stringify(weights.shape)} and bias ${JSON.stringify(bias.shape)} do not fit ${features} inputs`);
  }
  const model = make(file.kind, file.options);
  const state: Parameters<LinearModel['setLearned']>[0] = {
    weights: weights.dtype === file.options.dtype ? weights : weights.astype(file.options.dtype),
    bias: bias.dtype === file.options.dtype ? bias : bias.astype(file.options.dtype),
  };
  if (file.standardizer) {
    const mean = decodeTensor(file.standardizer.mean as StoredTensor, `${source}: standardizer mean`);
    const std = decodeTensor(file.standardizer.std as StoredTensor, `${source}: standardizer std`);
    if (mean.size !== features || std.size !== features) throw new ModelError(`${source}: standardizer does not fit ${features} inputs`);
    if (Array.from(std.data).some((s) => !(s > 0))) throw new ModelError(`${source}: standardizer has a std ≤ 0`);
    state.standardizer = standardizerFrom(mean.data, std.data);
  }
  model.setLearned(state);
  const saved: SavedModel = { model, targetName: file.target.name };
  if (file.inputs.names) {
    if (file.inputs.names.length !== features) throw new ModelError(`${source}: ${file.inputs.names.length} input names for ${features} inputs`);
    saved.featureNames = file.inputs.names;
  }
  if (file.inputs.imageShape) saved.imageShape = file.inputs.imageShape;
  if (file.target.classNames) saved.classNames = file.target.classNames;
  if (file.target.positiveClass) saved.positiveClass = file.target.positiveClass;
  return saved;
}
