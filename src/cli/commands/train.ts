import type { Command } from 'commander';
import type { LabeledSet } from '../../data/dataset.js';
import { subset } from '../../data/subset.js';
import { trainTestSplit } from '../../data/split.js';
import { DataError, UsageError } from '../../errors.js';
import type { SavedModel } from '../../io/modelFile.js';
import type { LinearModel } from '../../models/linearModel.js';
import { LinearRegression } from '../../models/linearRegression.js';
import { LogisticRegression } from '../../models/logisticRegression.js';
import { Perceptron } from '../../models/perceptron.js';
import { SoftmaxClassifier } from '../../models/softmaxClassifier.js';
import type { LinearModelOptions } from '../../models/options.js';
import { Rng } from '../../tensor/rng.js';
import { binaryCounts } from '../../metrics/binary-counts.js';
import { loadDataSpec } from '../datasets/loadDataSpec.js';
import { type SetScore, isClassifier, scoreModel } from '../evaluation.js';
import { catchInterrupts } from '../interrupt.js';
import { MODEL_KINDS, type ModelKind, defaultsFor } from '../modelDefaults.js';
import { saveModel } from '../modelStore.js';
import { type Output, fmt } from '../output.js';
import { parseBatchSize, parseChoice, parseInteger, parseNumber } from '../parseOptions.js';
import { trainingProgress } from '../progress.js';
import { trainingReport } from '../report/trainingReport.js';
import { prepareReportDir, writeReport } from '../report/writeReport.js';
import { linearModelNodes } from '../../inspect/nodes.js';
import { asBinary, downloadNotes, positiveClassOf } from './dataOptions.js';

export interface TrainFlags {
  data: string;
  model: string;
  label?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  init?: string;
  seed?: string;
  out?: string;
  report?: string;
  json?: boolean;
  standardize?: boolean;
  positive?: string;
  dataDir?: string;
  dtype?: string;
  testSplit?: string;
  quiet?: boolean;
}

export function registerTrain(program: Command, run: (action: (output: Output) => Promise<void>, quiet?: boolean) => Promise<void>): void {
  program
    .command('train')
    .description('train a model on a dataset and report its loss and accuracy')
    .requiredOption('--data <spec>', 'a text file (header row; label = last column unless --label), a generator (circles, xor, spiral, gaussians, linear, blobs, line), or mnist / fashion-mnist')
    .option('--model <kind>', `${MODEL_KINDS.join(' | ')}`, 'linear')
    .option('--label <column>', 'the label column of a text file (default: the last)')
    .option('--epochs <n>', 'passes over the training data (default: 20000 linear, 10000 logistic and softmax, 1000 perceptron; 100 on images)')
    .option('--batch-size <n|all>', "rows per gradient step, or 'all' for full batch (default: all)")
    .option('--lr <x>', 'learning rate (default: 0.001 as in the book; 0.2 on standardized images)')
    .option('--init <zeros|random>', 'initial weights (default: zeros)')
    .option('--seed <n>', 'seed for initialization, shuffling, splits and generators (default: 0)')
    .option('--standardize', 'standardize inputs with training-set statistics (default for image datasets)')
    .option('--no-standardize', 'use raw inputs (default for text files, so the book runs reproduce)')
    .option('--positive <class>', 'train a binary "is it CLASS?" classifier (a class name or index)')
    .option('--test-split <fraction>', 'hold out this fraction of a file or generated set for testing (default: 0)')
    .option('--dtype <float32|float64>', 'float type (default: float64 for text and generated data, float32 for images)')
    .option('--data-dir <dir>', 'read mnist / fashion-mnist files from this folder (nothing else is searched)')
    .option('--out <file>', 'save the trained model to this file')
    .option('--report <dir>', 'write an HTML report with curves, confusion matrix and pictures of what the model computes')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      `
Examples:
  platypus train --data pizza.txt --model linear --epochs 20000 --lr 0.001
  platypus train --data police.txt --model logistic --out police.model.json
  platypus train --data fashion-mnist --model softmax --batch-size 128 --epochs 5 --lr 0.05
  platypus train --data fashion-mnist --model logistic --positive Sneaker --batch-size 128 --epochs 3 --lr 0.05
  platypus train --data circles --model perceptron --json`,
    )
    .action((flags: TrainFlags) => run((output) => train(flags, output), flags.quiet));
}

function makeModel(kind: ModelKind, options: LinearModelOptions): LinearModel {
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

/** Binary classifiers also report the detector's counts, precision and recall of class 1. */
function binaryScores(set: LabeledSet, score: SetScore): { tp: number; fp: number; tn: number; fn: number; precision: number; recall: number } | undefined {
  if (!score.predictions || score.scores === undefined) return undefined;
  const c = binaryCounts(set.targets, score.predictions);
  return { ...c, precision: c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0, recall: c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0 };
}

function scoreJson(set: LabeledSet, score: SetScore): Record<string, number> {
  const out: Record<string, number> = { loss: score.loss, rows: score.rows };
  if (score.accuracy !== undefined) out.accuracy = score.accuracy;
  if (score.r2 !== undefined && Number.isFinite(score.r2)) out.r2 = score.r2;
  const binary = binaryScores(set, score);
  if (binary) Object.assign(out, binary);
  return out;
}

function scoreLine(label: string, set: LabeledSet, score: SetScore): string {
  let line = `  ${label} ${score.lossName} ${fmt(score.loss)}`;
  if (score.accuracy !== undefined) line += `, accuracy ${fmt(100 * score.accuracy, 4)}%`;
  const binary = binaryScores(set, score);
  if (binary) line += `, precision ${fmt(binary.precision, 4)}, recall ${fmt(binary.recall, 4)} (TP ${binary.tp} FP ${binary.fp} TN ${binary.tn} FN ${binary.fn})`;
  return line;
}

/** Weights are printed by name for small models; a 784-pixel model gets a summary instead. */
const MAX_PRINTED_WEIGHTS = 12;

export async function train(flags: TrainFlags, output: Output): Promise<void> {
  const kind = parseChoice('--model', flags.model, MODEL_KINDS)!;
  const seed = parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1) ?? 0;
  const explicit: LinearModelOptions = {};
  const epochs = parseInteger('--epochs', flags.epochs, 0, 100_000_000);
  const lr = parseNumber('--lr', flags.lr, 'positive');
  const batchSize = parseBatchSize(flags.batchSize);
  const init = parseChoice('--init', flags.init, ['zeros', 'random'] as const);
  const dtypeFlag = parseChoice('--dtype', flags.dtype, ['float32', 'float64'] as const);
  const testSplit = parseNumber('--test-split', flags.testSplit, 'fraction');
  if (epochs !== undefined) explicit.epochs = epochs;
  if (lr !== undefined) explicit.learningRate = lr;
  if (batchSize !== undefined) explicit.batchSize = batchSize;
  if (init !== undefined) explicit.init = init;

  if (flags.report) prepareReportDir(flags.report);
  const loaded = await loadDataSpec(flags.data, { label: flags.label, seed, dataDir: flags.dataDir, onProgress: downloadNotes(output) });
  let trainSet: LabeledSet = loaded.train;
  let testSet: LabeledSet | undefined = loaded.test;
  if (testSplit !== undefined && testSplit > 0) {
    if (testSet) throw new UsageError(`--test-split: ${flags.data} already has a test split`);
    const parts = trainTestSplit(trainSet.features.rows, { testFraction: testSplit, rng: new Rng(seed) });
    if (parts.test.length === 0 || parts.train.length === 0) throw new UsageError(`--test-split ${testSplit} leaves an empty split of ${trainSet.features.rows} rows`);
    testSet = subset(trainSet, parts.test);
    trainSet = subset(trainSet, parts.train);
  }
  let positive: { index: number; name: string } | undefined;
  if (flags.positive !== undefined) {
    if (kind !== 'logistic' && kind !== 'perceptron') throw new UsageError(`--positive makes a binary task: use it with --model logistic or perceptron, not ${kind}`);
    positive = positiveClassOf(trainSet, flags.positive);
    trainSet = asBinary(trainSet, positive);
    if (testSet) testSet = asBinary(testSet, positive);
  }
  const images = trainSet.imageShape !== undefined;
  const options: LinearModelOptions = {
    ...defaultsFor(kind, images),
    ...explicit,
    seed,
    dtype: dtypeFlag ?? (images ? 'float32' : 'float64'),
    standardize: flags.standardize ?? images,
  };
  const model = makeModel(kind, options);
  const resolved = model.options;
  output.note(
    `training ${kind} on ${trainSet.source}: ${trainSet.features.rows} rows × ${trainSet.features.cols} features` +
      `${testSet ? `, ${testSet.features.rows} test rows` : ''}; ${resolved.epochs} epochs, batch ${resolved.batchSize}, lr ${resolved.learningRate}` +
      `${resolved.standardize ? ', standardized' : ''}`,
  );
  if (trainSet.features.rows === 0) throw new DataError('no training rows', trainSet.source);

  const progress = trainingProgress({ epochs: resolved.epochs, quiet: output.quiet, color: output.color });
  const interrupts = catchInterrupts();
  const started = performance.now();
  try {
    await model.fitAsync(trainSet.features, trainSet.targets, {
      onBatch: (e) => progress.onBatch(e),
      onEpoch: (r) => progress.onEpoch(r),
      shouldStop: () => interrupts.requested(),
    });
  } finally {
    progress.stop();
    interrupts.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const history = model.history!;
  const interrupted = history.endReason === 'stopped';

  const trainScore = scoreModel(model, trainSet);
  const testScore = testSet ? scoreModel(model, testSet) : undefined;
  const saved: SavedModel = {
    model,
    featureNames: trainSet.featureNames,
    targetName: trainSet.targetName,
  };
  if (trainSet.classNames) saved.classNames = trainSet.classNames;
  if (positive) saved.positiveClass = positive;
  if (trainSet.imageShape) saved.imageShape = trainSet.imageShape;
  if (flags.out) saveModel(flags.out, saved);
  const state = model.learned;
  let reportIndex: string | undefined;
  if (flags.report) {
    const evaluationSet = testSet ?? trainSet;
    const evaluationScore = testScore ?? trainScore;
    const report = await trainingReport({
      title: `Platypus: ${kind} on ${flags.data}`,
      summary: [
        ['model', kind],
        ['data', `${trainSet.source} (${trainSet.features.rows} training rows${testSet ? `, ${testSet.features.rows} test rows` : ''})`],
        ['epochs', `${history.epochs.length}${interrupted ? ' (interrupted)' : ''}, batch ${resolved.batchSize}, lr ${resolved.learningRate}, seed ${seed}`],
        ['train', scoreLine('', trainSet, trainScore).trim()],
        ...(testScore && testSet ? [['test', scoreLine('', testSet, testScore).trim()] as [string, string]] : []),
        ['training time', `${fmt(trainSeconds, 3)} s`],
      ],
      history: history.epochs,
      trainSet,
      evaluationSet,
      predictions: evaluationScore.predictions,
      classNames: trainSet.classNames,
      nodes: linearModelNodes(model),
      firstLayerWeights: state.weights,
      classifier: isClassifier(model),
    });
    reportIndex = writeReport(flags.report, report);
  }

  const summary: Record<string, unknown> = {
    command: 'train',
    model: kind,
    data: flags.data,
    epochs: history.epochs.length,
    batchSize: resolved.batchSize,
    learningRate: resolved.learningRate,
    seed,
    standardized: resolved.standardize,
    trainSeconds,
    interrupted,
    train: scoreJson(trainSet, trainScore),
  };
  if (testScore && testSet) summary.test = scoreJson(testSet, testScore);
  if (positive) summary.positiveClass = positive.name;
  if (kind === 'linear' || kind === 'logistic' || kind === 'perceptron') {
    summary.parameters = { bias: state.bias.data[0], weights: Array.from(state.weights.data) };
  }
  if (flags.out) summary.modelFile = flags.out;
  if (reportIndex) summary.report = reportIndex;

  if (flags.json) {
    output.json(summary);
    return;
  }
  output.result(`${kind} on ${flags.data}: ${history.epochs.length} epochs in ${fmt(trainSeconds, 3)} s${interrupted ? ' (interrupted)' : ''}`);
  output.result(scoreLine('train', trainSet, trainScore));
  if (testScore && testSet) output.result(scoreLine('test ', testSet, testScore));
  if (kind !== 'softmax' && state.weights.size <= MAX_PRINTED_WEIGHTS) {
    const names = trainSet.featureNames;
    const weights = Array.from(state.weights.data).map((w, i) => `${names[i] ?? `x${i}`} ${fmt(w)}`);
    output.result(`  bias ${fmt(state.bias.data[0]!)}; weights: ${weights.join(', ')}`);
  }
  if (!isClassifier(model) && trainSet.featureNames.length === 1) {
    output.result(`  predict with: platypus predict ${flags.out ?? 'MODEL'} <${trainSet.featureNames[0]}>`);
  }
  if (flags.out) output.result(`  saved to ${flags.out}`);
  if (reportIndex) output.result(`  report: ${reportIndex}`);
}
