import type { LabeledSet } from '../../data/dataset.js';
import { allRows } from '../../data/features.js';
import { subset } from '../../data/subset.js';
import { ShapeError, UsageError } from '../../errors.js';
import type { SavedModel } from '../../io/modelFile.js';
import type { LinearModel } from '../../models/linearModel.js';
import { LinearRegression } from '../../models/linearRegression.js';
import { LogisticRegression } from '../../models/logisticRegression.js';
import { NeuralNetwork } from '../../models/neuralNetwork.js';
import { Perceptron } from '../../models/perceptron.js';
import { SoftmaxClassifier } from '../../models/softmaxClassifier.js';
import type { LinearModelOptions } from '../../models/options.js';
import { asBinary, downloadNotes, positiveClassOf } from '../commands/dataOptions.js';
import { loadDataSpec, loadEvaluationSet } from '../datasets/loadDataSpec.js';
import { loadModel } from '../modelStore.js';
import { type ModelView, viewOf } from '../modelView.js';
import type { Output } from '../output.js';
import { parseInteger } from '../parseOptions.js';

/** The flags every explain topic shares. */
export interface ExplainFlags {
  model?: string;
  data?: string;
  label?: string;
  dataDir?: string;
  seed?: string;
  positive?: string;
  example?: string;
  rows?: string;
  report?: string;
  json?: boolean;
  quiet?: boolean;
}

/** A trained model and the labelled rows a topic walks through. */
export interface Subject {
  model: LinearModel | NeuralNetwork;
  view: ModelView;
  /** the rows to explain, with targets as the model sees them (0/1 for a binary "is it P?" model) */
  set: LabeledSet;
  classNames?: readonly string[];
  /** what the model is, for the first line of output: a file, or the default trained here */
  description: string;
  /** the model file, when the user gave one */
  modelFile?: string;
  seed: number;
}

/** The default set of the network topics: three blobs that overlap, so the model is sometimes unsure and sometimes wrong. */
export const DEFAULT_DATA: DefaultGenerator = { name: 'blobs', noise: 1 };

/** Rows a default model trains on at most, so that "a moment" stays a moment on image sets. */
const MAX_DEFAULT_TRAINING_ROWS = 2000;

export function seedOf(flags: ExplainFlags): number {
  return parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1) ?? 0;
}

/** The user's model (--model) on the user's rows (--data, evaluation split); --data is required with --model. */
export async function userSubject(flags: ExplainFlags & { model: string }, topic: string, output: Output): Promise<Subject> {
  const saved: SavedModel = loadModel(flags.model);
  if (flags.data === undefined) throw new UsageError(`explain ${topic} --model needs --data: the rows to run the model on`);
  const seed = seedOf(flags);
  let set = await loadEvaluationSet(flags.data, { label: flags.label, seed, dataDir: flags.dataDir, onProgress: downloadNotes(output) });
  if (saved.positiveClass) {
    if (flags.positive !== undefined) throw new UsageError(`--positive: ${flags.model} already answers "is it ${saved.positiveClass.name}?"`);
    set = asBinary(set, saved.positiveClass);
  }
  const view = viewOf(saved.model);
  if (set.features.cols !== view.inputs) {
    throw new ShapeError(`${set.source}: the model takes ${view.inputs} input columns, the data has ${set.features.cols}`);
  }
  if (set.features.rows === 0) throw new UsageError(`${set.source}: no rows to explain`);
  const classNames = saved.classNames ?? set.classNames;
  return { model: saved.model, view, set, ...(classNames ? { classNames } : {}), description: `${view.kind} model ${flags.model}`, modelFile: flags.model, seed };
}

/** A generated set the default model trains on when there is no --data, e.g. blobs with more noise than usual. */
export interface DefaultGenerator {
  name: string;
  noise?: number;
}

/** The rows a default model trains on and the rows it is explained on: --data (test split when it has one) or a generator. */
export async function defaultData(flags: ExplainFlags, generator: DefaultGenerator, output: Output): Promise<{ train: LabeledSet; explain: LabeledSet }> {
  const seed = seedOf(flags);
  const generated = flags.data === undefined && generator.noise !== undefined ? { noise: generator.noise } : {};
  const loaded = await loadDataSpec(flags.data ?? generator.name, { label: flags.label, seed, dataDir: flags.dataDir, onProgress: downloadNotes(output), ...generated });
  let train = loaded.train;
  if (flags.data === undefined && generator.noise !== undefined) {
    train = { ...train, source: `${train.source.replace(/\)$/, '')}, noise ${generator.noise})` };
  }
  let explain = loaded.test ?? train;
  if (flags.positive !== undefined) {
    const positive = positiveClassOf(train, flags.positive);
    train = asBinary(train, positive);
    explain = asBinary(explain, positive);
  }
  if (train.features.rows === 0 || explain.features.rows === 0) throw new UsageError(`${train.source}: no rows to explain`);
  if (train.features.rows > MAX_DEFAULT_TRAINING_ROWS) {
    output.note(`training the default model on the first ${MAX_DEFAULT_TRAINING_ROWS} of ${train.features.rows} rows`);
    train = subset(train, allRows(MAX_DEFAULT_TRAINING_ROWS));
  }
  return { train, explain };
}

/** The number of classes when the targets are class indices (whole numbers ≥ 0), else undefined (a regression target). */
export function classCount(set: LabeledSet): number | undefined {
  let max = 0;
  for (const t of set.targets) {
    if (!(Number.isInteger(t) && t >= 0 && t < 10_000)) return undefined;
    max = Math.max(max, t);
  }
  return Math.max(2, set.classNames?.length ?? 0, max + 1);
}

/**
 * A tiny network trained for a moment in float64: 6 tanh units, a softmax output for classes (a linear one for
 * a regression target), 40 epochs of Adam by default (5 on large sets). Seeded, so the same flags print the same numbers.
 */
export async function defaultNetwork(flags: ExplainFlags, generator: DefaultGenerator, output: Output, options: { epochs?: number } = {}): Promise<Subject> {
  const seed = seedOf(flags);
  const { train, explain } = await defaultData(flags, generator, output);
  const classes = classCount(train);
  const images = train.imageShape !== undefined;
  const epochs = options.epochs ?? (train.features.rows > 1000 ? 5 : 40);
  const model = new NeuralNetwork({
    hidden: [6],
    activation: 'tanh',
    output: classes === undefined ? 'linear' : 'softmax',
    init: 'xavier',
    optimizer: 'adam',
    learningRate: 0.05,
    batchSize: 32,
    epochs,
    seed,
    dtype: 'float64',
    standardize: images ? 'global' : true,
  });
  const shape = `${train.features.cols} → 6 tanh → ${classes ?? 1} ${classes === undefined ? 'linear' : 'softmax'}`;
  output.note(`no --model: training a tiny network (${shape}, float64) for ${epochs} epochs of Adam on ${train.source}`);
  model.fit(train.features, train.targets);
  return finish(model, explain, `a tiny network (${shape}) trained for ${epochs} epochs on ${train.features.rows} rows of ${train.source}`, seed);
}

/** Logistic regression trained in float64 on standardized inputs: the default binary classifier. */
export async function defaultLogistic(flags: ExplainFlags, generator: DefaultGenerator, output: Output): Promise<Subject> {
  const seed = seedOf(flags);
  const { train, explain } = await defaultData(flags, generator, output);
  const classes = classCount(train);
  if (classes !== 2) {
    const what = classes === undefined ? 'a regression target' : `${classes} classes`;
    throw new UsageError(`${train.source} has ${what}: precision and recall need two classes; pick the positive one with --positive CLASS`);
  }
  const epochs = 300;
  const model = new LogisticRegression({ dtype: 'float64', standardize: true, learningRate: 0.1, epochs, seed });
  output.note(`no --model: training logistic regression (float64, standardized, ${epochs} full-batch epochs, lr 0.1) on ${train.source}`);
  model.fit(train.features, train.targets);
  return finish(model, explain, `logistic regression trained for ${epochs} epochs on ${train.features.rows} rows of ${train.source}`, seed);
}

function finish(model: LinearModel | NeuralNetwork, set: LabeledSet, description: string, seed: number): Subject {
  return { model, view: viewOf(model), set, ...(set.classNames ? { classNames: set.classNames } : {}), description, seed };
}

/**
 * A float64 copy of a model with the same learned values (float32 rounding would swamp a central difference)
 * and, for networks, dropout off (a fresh mask on every pass would make the loss random).
 */
export function float64Copy(model: LinearModel | NeuralNetwork): LinearModel | NeuralNetwork {
  if (model instanceof NeuralNetwork) {
    return new NeuralNetwork({ ...model.options, dtype: 'float64', dropout: 0 }).setLearned(model.learnedState());
  }
  const options: LinearModelOptions = { ...model.options, dtype: 'float64' };
  const copy =
    model instanceof SoftmaxClassifier ? new SoftmaxClassifier(options)
    : model instanceof LogisticRegression ? new LogisticRegression(options)
    : model instanceof Perceptron ? new Perceptron(options)
    : new LinearRegression(options);
  const s = model.learned;
  return copy.setLearned({ weights: s.weights.astype('float64'), bias: s.bias.astype('float64'), ...(s.standardizer ? { standardizer: s.standardizer } : {}) });
}

/** The name of class k, e.g. "2 (Pullover)", or just "2". */
export function className(subject: Pick<Subject, 'classNames'>, k: number): string {
  const name = subject.classNames?.[k];
  return name !== undefined && name !== String(k) ? `${k} (${name})` : String(k);
}

/** --example as a row index of the set (default 0). */
export function exampleRow(flags: ExplainFlags, set: LabeledSet): number {
  const row = parseInteger('--example', flags.example, 0) ?? 0;
  if (row >= set.features.rows) throw new UsageError(`--example ${row}: ${set.source} has ${set.features.rows} rows (0–${set.features.rows - 1})`);
  return row;
}
