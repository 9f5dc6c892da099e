import type { Command } from 'commander';
import type { LabeledSet } from '../../data/dataset.js';
import { DataError, UsageError } from '../../errors.js';
import type { SavedModel } from '../../io/modelFile.js';
import { NeuralNetwork } from '../../models/neuralNetwork.js';
import type { EpochRecord } from '../../train/history.js';
import { type SetScore, scoreModel } from '../evaluation.js';
import { catchInterrupts } from '../interrupt.js';
import { type ModelFlags, type ModelSpec, buildModel, parseModelSpec, trainingSettings } from '../modelSpec.js';
import { loadModel, saveModel } from '../modelStore.js';
import type { TrainingState } from '../../models/trainingState.js';
import type { LinearModel } from '../../models/linearModel.js';
import { type LinearKind, createLinearModel } from '../../models/create.js';
import { networkLabel, viewOf } from '../modelView.js';
import { LAYER_SPEC_SYNTAX } from '../../nn/layerSpec.js';
import { type Output, fmt } from '../output.js';
import { parseChoice, parseInteger, parseNumber } from '../parseOptions.js';
import { trainingProgress } from '../progress.js';
import { convolutionPictures, trainingReport } from '../report/trainingReport.js';
import { prepareReportDir, writeReport } from '../report/writeReport.js';
import { loadTrainingSets } from '../trainingSets.js';
import { historyJson, historyTable, scoreJson, scoreLine } from './trainSummary.js';

export interface TrainFlags extends ModelFlags {
  data: string;
  model: string;
  label?: string;
  seed?: string;
  out?: string;
  saveEvery?: string;
  resume?: string;
  report?: string;
  json?: boolean;
  standardize?: boolean;
  positive?: string;
  dataDir?: string;
  dtype?: string;
  testSplit?: string;
  validationSplit?: string;
  patience?: string;
  quiet?: boolean;
}

export type Runner = (action: (output: Output) => Promise<void>, quiet?: boolean) => Promise<void>;

export function registerTrain(program: Command, run: Runner): void {
  program
    .command('train')
    .description('train a model on a dataset and report its loss and accuracy')
    .requiredOption('--data <spec>', 'a text file (header row; label = last column unless --label), a generator (circles, xor, spiral, gaussians, linear, blobs, line), or mnist / fashion-mnist / cifar-10')
    .option('--model <kind>', 'linear | logistic | softmax | perceptron | mlp:<hidden sizes> (e.g. mlp:100,30) | cnn | layers (e.g. conv:16x3,pool:2,conv:32x3,pool:2,dense:128)', 'linear')
    .option('--label <column>', 'the label column of a text file (default: the last)')
    .option('--epochs <n>', 'passes over the training data (default: 20000 linear, 10000 logistic and softmax, 1000 perceptron, 10000 mlp; on images 100 linear, 10 mlp)')
    .option('--batch-size <n|all>', "rows per gradient step, or 'all' for full batch (default: all; 256 for mlp on images)")
    .option('--lr <x>', 'learning rate (default: 0.001 linear models as in the book, 0.2 on images; mlp 1 with sgd, 0.1 momentum, 0.01 rmsprop/adam (0.001 on images))')
    .option('--lr-decay <factor>', 'networks: multiply the learning rate by this after every epoch (default: 1, constant)')
    .option('--init <name>', 'initial weights: zeros | random for linear models (default zeros); book | xavier | he for mlp (default book)')
    .option('--activation <name>', 'mlp hidden activation: sigmoid | tanh | relu | leaky-relu | linear (default: sigmoid)')
    .option('--optimizer <name>', 'mlp optimizer: sgd | momentum | rmsprop | adam (default: sgd)')
    .option('--output <name>', 'mlp output: softmax (classes) | sigmoid (0/1) | linear (values) (default: softmax; sigmoid with --positive)')
    .option('--l1 <x>', 'mlp L1 weight penalty λ₁·Σ|W| (default: 0)')
    .option('--l2 <x>', 'mlp L2 weight penalty λ₂·ΣW² (default: 0)')
    .option('--dropout <rate>', 'mlp dropout rate after each hidden layer (default: 0)')
    .option('--batch-norm', 'networks: batch normalization before each hidden activation (on by default for --model cnn)')
    .option('--no-batch-norm', 'networks: no batch normalization (e.g. for --model cnn)')
    .option('--ordered', 'mlp: keep the rows in order instead of reshuffling each epoch (as the book does)')
    .option('--validation-split <fraction>', 'mlp: hold out this fraction of the training rows to measure each epoch')
    .option('--patience <epochs>', 'mlp: stop when the validation loss has not improved for this many epochs (needs --validation-split)')
    .option('--seed <n>', 'seed for initialization, shuffling, splits, dropout and generators (default: 0)')
    .option('--standardize', 'standardize inputs with training-set statistics (default for image datasets)')
    .option('--no-standardize', 'use raw inputs (default for text files, so the book runs reproduce)')
    .option('--positive <class>', 'train a binary "is it CLASS?" classifier (a class name or index)')
    .option('--test-split <fraction>', 'hold out this fraction of a file or generated set for testing (default: 0)')
    .option('--dtype <float32|float64>', 'float type (default: float64 for text and generated data, float32 for images)')
    .option('--data-dir <dir>', 'read mnist / fashion-mnist / cifar-10 files from this folder (nothing else is searched)')
    .option('--out <file>', 'save the trained model to this file')
    .option('--save-every <epochs>', 'also save the model to --out every N epochs while training (atomically: a crash leaves the last checkpoint)')
    .option('--resume <checkpoint>', 'continue the run saved by --save-every in this file (pass the same --data, splits and --seed; --epochs is the new total)')
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
  platypus train --data fashion-mnist --model mlp:100 --batch-size 256 --lr 1 --epochs 2
  platypus train --data fashion-mnist --model mlp:100 --activation relu --optimizer adam --init he --epochs 10
  platypus train --data circles --model mlp:8 --report out/
  platypus train --data fashion-mnist --model cnn --epochs 5 --out cnn.json
  platypus train --data fashion-mnist --model conv:16x3,pool:2,conv:32x3,pool:2,dense:128,dense:10 --no-batch-norm

Layers (--model): ${LAYER_SPEC_SYNTAX}. Convolutions and hidden dense layers are followed by --activation
(relu by default) and, with batch norm, a BatchNorm before it; a last dense:<classes> is the output layer.`,
    )
    .action((flags: TrainFlags) => run((output) => train(flags, output), flags.quiet));
}

/** float32 holds magnitudes up to about 3.4e38; larger inputs would become Infinity before training sees them. */
function checkFitsFloat32(set: LabeledSet): void {
  const { features } = set;
  for (let i = 0; i < features.rows; i++) {
    for (let j = 0; j < features.cols; j++) {
      const v = features.get(i, j);
      if (Math.abs(v) > 3.4028234663852886e38) {
        throw new DataError(
          `row ${i + 1}, column ${set.featureNames[j] ?? j + 1} is ${v}, beyond float32's range; use --dtype float64, or rescale the data (e.g. --standardize)`,
          set.source,
        );
      }
    }
  }
}

export async function train(flags: TrainFlags, output: Output): Promise<void> {
  // With --resume the model comes from the checkpoint, and so does what kind it is.
  const checkpointFile = flags.resume ? loadModel(flags.resume) : undefined;
  const spec: ModelSpec = checkpointFile
    ? checkpointFile.model instanceof NeuralNetwork
      ? checkpointFile.model.options.layers
        ? { family: 'layers', layers: [...checkpointFile.model.options.layers], cnn: false }
        : { family: 'mlp', hidden: [...checkpointFile.model.options.hidden] }
      : { family: 'linear', kind: checkpointFile.model.kind as LinearKind }
    : parseModelSpec(flags.model);
  const seed = parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1) ?? 0;
  const dtypeFlag = parseChoice('--dtype', flags.dtype, ['float32', 'float64'] as const);
  const testSplit = parseNumber('--test-split', flags.testSplit, 'fraction');
  const validationSplit = parseNumber('--validation-split', flags.validationSplit, 'fraction');
  const patience = parseInteger('--patience', flags.patience, 1);
  if (spec.family === 'linear' && (validationSplit !== undefined || patience !== undefined)) {
    throw new UsageError(`--validation-split and --patience apply to networks (--model mlp:…), not to ${spec.kind}`);
  }
  if (patience !== undefined && !validationSplit) throw new UsageError('--patience needs a validation set: add --validation-split');
  const saveEvery = parseInteger('--save-every', flags.saveEvery, 1);
  if (saveEvery !== undefined && !flags.out) throw new UsageError('--save-every needs --out FILE to save to');
  if (flags.report) prepareReportDir(flags.report);

  if (flags.positive !== undefined && spec.family === 'linear' && spec.kind !== 'logistic' && spec.kind !== 'perceptron') {
    throw new UsageError(`--positive makes a binary task: use it with --model logistic, perceptron or mlp:…, not ${spec.kind}`);
  }
  const sets = await loadTrainingSets({ data: flags.data, label: flags.label, dataDir: flags.dataDir, seed, testSplit, validationSplit, positive: flags.positive }, output);
  const { train: trainSet, validation: validationSet, test: testSet, positive } = sets;
  const images = trainSet.imageShape !== undefined;
  const dtype = dtypeFlag ?? (images ? 'float32' : 'float64');
  if (dtype === 'float32') for (const set of [trainSet, validationSet, testSet]) if (set) checkFitsFloat32(set);
  let resume: TrainingState | undefined;
  let model: LinearModel | NeuralNetwork;
  if (flags.resume && checkpointFile) {
    // The model, its settings and where its run stood come from the checkpoint; --epochs may raise the total.
    const saved = checkpointFile;
    if (!saved.training) throw new UsageError(`--resume ${flags.resume}: the file holds no training state; checkpoints come from train --save-every N --out FILE`);
    resume = saved.training;
    const epochs = parseInteger('--epochs', flags.epochs, 0, 100_000_000) ?? saved.model.options.epochs;
    model = saved.model instanceof NeuralNetwork
      ? new NeuralNetwork({ ...saved.model.options, epochs }).setLearned(saved.model.learnedState())
      : createLinearModel(saved.model.kind as LinearKind, { ...saved.model.options, epochs }).setLearned(saved.model.learned);
    if (resume.order.length !== trainSet.features.rows) {
      throw new UsageError(`--resume ${flags.resume}: the checkpoint trained on ${resume.order.length} rows, --data gives ${trainSet.features.rows}; pass the same --data, splits and --seed`);
    }
    output.note(`resuming ${flags.resume} after epoch ${resume.epoch}`);
  } else {
    model = buildModel(spec, flags, {
      inputs: trainSet.features.cols,
      images,
      binary: positive !== undefined,
      ...(trainSet.imageShape ? { imageShape: trainSet.imageShape } : {}),
      dtype,
      standardize: flags.standardize ?? images,
      seed,
    });
  }
  const settings = trainingSettings(model);
  const kind = model instanceof NeuralNetwork ? networkLabel(model.options) : model.kind;
  output.note(
    `training ${kind} on ${trainSet.source}: ${trainSet.features.rows} rows × ${trainSet.features.cols} features` +
      `${validationSet ? `, ${validationSet.features.rows} validation rows` : ''}${testSet ? `, ${testSet.features.rows} test rows` : ''}; ` +
      `${settings.epochs} epochs, batch ${settings.batchSize}, lr ${settings.learningRate}${settings.standardize ? ', standardized' : ''}`,
  );

  const progress = trainingProgress({ epochs: settings.epochs, quiet: output.quiet, color: output.color });
  const interrupts = catchInterrupts();
  const checkpoint = (epoch: number): void => {
    if (saveEvery === undefined || epoch % saveEvery !== 0) return;
    const saved: SavedModel = { model, featureNames: trainSet.featureNames, targetName: trainSet.targetName };
    if (trainSet.classNames) saved.classNames = trainSet.classNames;
    if (positive) saved.positiveClass = positive;
    if (trainSet.imageShape) saved.imageShape = trainSet.imageShape;
    const training = model.trainingState();
    if (training) saved.training = training;
    saveModel(flags.out!, saved);
  };
  const callbacks = {
    onBatch: progress.onBatch,
    onEpoch: (r: EpochRecord) => {
      progress.onEpoch(r);
      checkpoint(r.epoch);
    },
    shouldStop: () => interrupts.requested(),
  };
  const started = performance.now();
  try {
    if (model instanceof NeuralNetwork) {
      await model.fitAsync(trainSet.features, trainSet.targets, {
        ...callbacks,
        ...(resume ? { resume } : {}),
        ...(validationSet ? { validation: { x: validationSet.features, y: validationSet.targets } } : {}),
        ...(patience !== undefined ? { patience } : {}),
      });
    } else {
      await model.fitAsync(trainSet.features, trainSet.targets, { ...callbacks, ...(resume ? { resume } : {}) });
    }
  } finally {
    progress.stop();
    interrupts.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const history = model.history!;
  const interrupted = history.endReason === 'stopped';
  const view = viewOf(model);

  const trainScore = scoreModel(view, trainSet);
  const validationScore = validationSet ? scoreModel(view, validationSet) : undefined;
  const testScore = testSet ? scoreModel(view, testSet) : undefined;
  const saved: SavedModel = { model, featureNames: trainSet.featureNames, targetName: trainSet.targetName };
  if (trainSet.classNames) saved.classNames = trainSet.classNames;
  if (positive) saved.positiveClass = positive;
  if (trainSet.imageShape) saved.imageShape = trainSet.imageShape;
  // A run that completed can be continued later; an interrupted epoch or restored best epoch cannot be resumed exactly.
  const training = history.endReason === 'completed' ? model.trainingState() : undefined;
  if (training && saveEvery !== undefined) saved.training = training;
  if (flags.out) saveModel(flags.out, saved);

  const lines: [string, LabeledSet, SetScore][] = [['train', trainSet, trainScore]];
  if (validationSet && validationScore) lines.push(['validation', validationSet, validationScore]);
  if (testSet && testScore) lines.push(['test', testSet, testScore]);
  let reportIndex: string | undefined;
  if (flags.report) {
    const evaluation = lines.at(-1)!;
    const report = await trainingReport({
      title: `Platypus: ${kind} on ${flags.data}`,
      summary: [
        ['model', kind],
        ['data', `${trainSet.source} (${lines.map(([name, set]) => `${set.features.rows} ${name}`).join(', ')} rows)`],
        ['training', `${history.epochs.length} epochs${interrupted ? ' (interrupted)' : ''}, batch ${settings.batchSize}, lr ${settings.learningRate}, seed ${seed}`],
        ...lines.map(([name, set, score]): [string, string] => [name, scoreLine(set, score)]),
        ['training time', `${fmt(trainSeconds, 3)} s`],
      ],
      history: history.epochs,
      trainSet,
      evaluationSet: evaluation[1],
      predictions: evaluation[2].predictions,
      classNames: trainSet.classNames,
      nodes: view.nodes,
      firstLayerWeights: view.firstLayerWeights,
      ...(model instanceof NeuralNetwork && model.options.layers ? convolutionPictures(model, evaluation[1]) : {}),
      classifier: view.task !== 'regression',
    });
    reportIndex = writeReport(flags.report, report);
  }

  const summary: Record<string, unknown> = {
    command: 'train',
    model: kind,
    data: flags.data,
    epochs: history.epochs.length,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    ...(model instanceof NeuralNetwork && model.options.learningRateDecay !== 1 ? { learningRateDecay: model.options.learningRateDecay } : {}),
    seed,
    standardized: settings.standardize !== false,
    standardization: settings.standardize === 'global' ? 'global' : settings.standardize ? 'per-feature' : 'none',
    trainSeconds,
    interrupted,
    endReason: history.endReason,
    train: scoreJson(trainSet, trainScore),
  };
  if (validationSet && validationScore) summary.validation = scoreJson(validationSet, validationScore);
  if (testSet && testScore) summary.test = scoreJson(testSet, testScore);
  if (history.bestEpoch !== undefined) summary.bestEpoch = history.bestEpoch;
  if (positive) summary.positiveClass = positive.name;
  if (!(model instanceof NeuralNetwork) && model.kind !== 'softmax') {
    summary.parameters = { bias: model.learned.bias.data[0], weights: Array.from(model.learned.weights.data) };
  }
  summary.history = historyJson(history.epochs);
  if (flags.out) summary.modelFile = flags.out;
  if (reportIndex) summary.report = reportIndex;

  if (flags.json) {
    output.json(summary);
    return;
  }
  const stopped = interrupted ? ' (interrupted)' : history.endReason === 'early-stopping' ? ` (early stopping: kept epoch ${history.bestEpoch})` : '';
  output.result(`${kind} on ${flags.data}: ${history.epochs.length} epochs in ${fmt(trainSeconds, 3)} s${stopped}`);
  for (const [name, set, score] of lines) output.result(`  ${name.padEnd(10)} ${scoreLine(set, score)}`);
  if (model instanceof NeuralNetwork) {
    output.result('  history:');
    for (const row of historyTable(history.epochs)) output.result(`    ${row}`);
  }
  if (!(model instanceof NeuralNetwork) && model.kind !== 'softmax' && model.learned.weights.size <= 12) {
    const names = trainSet.featureNames;
    const weights = Array.from(model.learned.weights.data).map((w, i) => `${names[i] ?? `x${i}`} ${fmt(w)}`);
    output.result(`  bias ${fmt(model.learned.bias.data[0]!)}; weights: ${weights.join(', ')}`);
  }
  if (view.task === 'regression' && trainSet.featureNames.length === 1) {
    output.result(`  predict with: platypus predict ${flags.out ?? 'MODEL'} <${trainSet.featureNames[0]}>`);
  }
  if (flags.out) output.result(`  saved to ${flags.out}`);
  if (reportIndex) output.result(`  report: ${reportIndex}`);
}
