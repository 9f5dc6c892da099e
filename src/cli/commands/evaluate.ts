import type { Command } from 'commander';
import type { LabeledSet } from '../../data/dataset.js';
import { UsageError } from '../../errors.js';
import { binaryCounts } from '../../metrics/binary-counts.js';
import { classificationReport } from '../../metrics/classification-report.js';
import { confusionMatrix } from '../../metrics/confusion-matrix.js';
import { formatClassificationReport } from '../../metrics/format-classification-report.js';
import { formatConfusionMatrix } from '../../metrics/format-confusion-matrix.js';
import { loadEvaluationSet } from '../datasets/loadDataSpec.js';
import { scoreModel } from '../evaluation.js';
import { viewOf } from '../modelView.js';
import { parseBookWeights } from '../../io/bookWeights.js';
import type { SavedModel } from '../../io/modelFile.js';
import { MNIST_CLASSES } from '../../data/mnist.js';
import { MAX_MODEL_BYTES, loadModel, readFileChecked } from '../modelStore.js';
import { type Output, fmt } from '../output.js';
import { parseChoice, parseInteger } from '../parseOptions.js';
import { asBinary, downloadNotes } from './dataOptions.js';

export interface EvaluateFlags {
  data: string;
  label?: string;
  dataDir?: string;
  seed?: string;
  format?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerEvaluate(program: Command, run: (action: (output: Output) => Promise<void>, quiet?: boolean) => Promise<void>): void {
  program
    .command('evaluate')
    .description("score a saved model on a dataset's test split (or on a whole file): accuracy, loss, confusion matrix, classification report")
    .argument('<model>', 'a model file saved by platypus train --out')
    .requiredOption('--data <spec>', 'a text file, a generator, or mnist / fashion-mnist / cifar-10 (their test split)')
    .option('--label <column>', 'the label column of a text file (default: the last)')
    .option('--data-dir <dir>', 'read mnist / fashion-mnist / cifar-10 files from this folder (nothing else is searched)')
    .option('--seed <n>', 'seed of a generated set (default: 0, as in train)')
    .option('--format <platypus|book>', "the model file's format: a file saved by train --out, or the book's weights.json [w1, w2] (default: platypus)")
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  platypus evaluate police.model.json --data police.txt
  platypus evaluate fashion.model.json --data fashion-mnist --json
  platypus evaluate weights.json --format book --data mnist --data-dir ./mnist`,
    )
    .action((modelPath: string, flags: EvaluateFlags) => run((output) => evaluate(modelPath, flags, output), flags.quiet));
}

export async function evaluate(modelPath: string, flags: EvaluateFlags, output: Output): Promise<void> {
  const seed = parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1) ?? 0;
  const format = parseChoice('--format', flags.format, ['platypus', 'book'] as const) ?? 'platypus';
  const saved: SavedModel =
    format === 'book'
      ? { model: parseBookWeights(readFileChecked(modelPath, MAX_MODEL_BYTES).toString('utf8'), modelPath), targetName: 'label', classNames: MNIST_CLASSES }
      : loadModel(modelPath);
  // Class names from the model fix the class indices, so a file that lists its classes in another order scores right.
  let set: LabeledSet = await loadEvaluationSet(flags.data, {
    label: flags.label,
    seed,
    dataDir: flags.dataDir,
    onProgress: downloadNotes(output),
    ...(saved.classNames && !saved.positiveClass ? { classNames: saved.classNames } : {}),
  });
  if (saved.positiveClass) {
    // The positive class by name where the data names its classes (their order may differ from training's).
    const byName = set.classNames?.indexOf(saved.positiveClass.name) ?? -1;
    set = asBinary(set, byName >= 0 ? { index: byName, name: saved.positiveClass.name } : saved.positiveClass);
  }
  const view = viewOf(saved.model);
  const score = scoreModel(view, set);
  const summary: Record<string, unknown> = {
    command: 'evaluate',
    model: view.kind,
    modelFile: modelPath,
    data: flags.data,
    rows: score.rows,
    loss: score.loss,
    lossName: score.lossName,
  };
  const lines: string[] = [`${view.kind} model ${modelPath} on ${set.source} (${score.rows} rows)`, `  ${score.lossName} ${fmt(score.loss)}`];
  if (score.r2 !== undefined) {
    summary.r2 = score.r2;
    lines.push(`  R² ${fmt(score.r2)}`);
  }
  if (view.task !== 'regression') {
    if (!score.predictions || score.accuracy === undefined) throw new UsageError('classifier produced no predictions');
    const classNames = saved.classNames ?? set.classNames;
    const classes = view.classes;
    const cm = confusionMatrix(set.targets, score.predictions, { numClasses: classes });
    const report = classificationReport(set.targets, score.predictions, { numClasses: classes, classNames: classNames ? [...classNames] : undefined });
    summary.accuracy = score.accuracy;
    summary.confusionMatrix = cm.matrix;
    summary.labels = cm.labels;
    if (classNames) summary.classNames = classNames;
    summary.precision = report.classes.map((c) => c.precision);
    summary.recall = report.classes.map((c) => c.recall);
    summary.f1 = report.classes.map((c) => c.f1);
    summary.support = report.classes.map((c) => c.support);
    summary.macroAvg = report.macroAvg;
    summary.weightedAvg = report.weightedAvg;
    if (classes === 2) summary.binary = binaryCounts(set.targets, score.predictions);
    lines.push(`  accuracy ${fmt(100 * score.accuracy, 4)}%`, '', 'confusion matrix (rows: true class, columns: predicted)');
    lines.push(formatConfusionMatrix(cm, { classNames: classNames ? [...classNames] : undefined }), '', formatClassificationReport(report, { digits: 3 }));
    if (classes === 2) {
      const c = binaryCounts(set.targets, score.predictions);
      lines.push('', `  TP ${c.tp}  FP ${c.fp}  TN ${c.tn}  FN ${c.fn}`);
    }
  }
  if (flags.json) {
    output.json(summary);
    return;
  }
  for (const line of lines) output.result(line);
}
