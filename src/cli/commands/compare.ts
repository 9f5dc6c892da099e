import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { NeuralNetwork } from '../../models/neuralNetwork.js';
import type { EpochRecord } from '../../train/history.js';
import { scoreModel } from '../evaluation.js';
import { type ModelFlags, type ModelSpec, buildModel, parseModelSpec } from '../modelSpec.js';
import { viewOf } from '../modelView.js';
import { type Output, fmt } from '../output.js';
import { parseInteger, parseNumber } from '../parseOptions.js';
import { type CurvePoint, curveSpec, renderSvg } from '../report/charts.js';
import { type Report, prepareReportDir, writeReport } from '../report/writeReport.js';
import { loadTrainingSets } from '../trainingSets.js';
import type { Runner } from './train.js';

export interface CompareFlags extends ModelFlags {
  data: string;
  model: string;
  hidden?: string;
  label?: string;
  seed?: string;
  dataDir?: string;
  positive?: string;
  testSplit?: string;
  validationSplit: string;
  standardize?: boolean;
  report?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Most runs one grid may hold: each trains a model, so a typo like --lr 0.1,…(50 values) should not start 500 runs. */
export const MAX_RUNS = 64;

export function registerCompare(program: Command, run: Runner): void {
  program
    .command('compare')
    .description('train a grid of settings and compare their loss and accuracy curves on shared axes')
    .requiredOption('--data <spec>', 'a text file, a generator, or mnist / fashion-mnist / cifar-10')
    .option('--model <kind>', 'linear | logistic | softmax | perceptron | mlp:<hidden sizes> | cnn | layers (e.g. conv:16x3,pool:2,dense:128)', 'mlp:100')
    .option('--lr <list>', 'learning rates to try, comma-separated (e.g. 0.1,1,3)')
    .option('--hidden <list>', "hidden layer sizes to try for mlp, comma-separated; a run with several layers joins them with '-' (e.g. 30,100,300 or 100-30)")
    .option('--batch-size <list>', "batch sizes to try (e.g. 32,256 or all)")
    .option('--epochs <n>', 'epochs of every run')
    .option('--activation <name>', 'mlp hidden activation')
    .option('--optimizer <name>', 'mlp optimizer')
    .option('--lr-decay <factor>', 'networks: multiply the learning rate by this after every epoch')
    .option('--init <name>', 'initial weights')
    .option('--l1 <x>', 'mlp L1 penalty')
    .option('--l2 <x>', 'mlp L2 penalty')
    .option('--dropout <rate>', 'mlp dropout rate')
    .option('--batch-norm', 'networks: batch normalization before each hidden activation (default for cnn)')
    .option('--no-batch-norm', 'networks: no batch normalization')
    .option('--validation-split <fraction>', 'the share of training rows every run is measured on each epoch', '0.1')
    .option('--test-split <fraction>', 'hold out this fraction of a file or generated set for testing')
    .option('--positive <class>', 'compare binary "is it CLASS?" classifiers')
    .option('--label <column>', 'the label column of a text file')
    .option('--standardize', 'standardize inputs (default for images)')
    .option('--no-standardize', 'use raw inputs')
    .option('--seed <n>', 'seed of every run (default: 0)')
    .option('--data-dir <dir>', 'read mnist / fashion-mnist / cifar-10 files from this folder')
    .option('--report <dir>', 'write the curves of every run on shared axes, and the table, as an HTML report')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  platypus compare --data fashion-mnist --model mlp:100 --lr 0.1,1,3 --epochs 5 --report lr-study/
  platypus compare --data circles --hidden 2,4,8 --batch-size 32,all --epochs 500
  platypus compare --data echidna.txt --model mlp:100-30 --l2 0 --dropout 0.2 --epochs 2000`,
    )
    .action((flags: CompareFlags) => run((output) => compare(flags, output), flags.quiet));
}

function list(flag: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${flag}: an empty item in '${text}'`);
  return items;
}

interface RunSetting {
  name: string;
  spec: ModelSpec;
  flags: ModelFlags;
}

/** The grid: every combination of the listed values, each named by what differs. */
function grid(flags: CompareFlags): RunSetting[] {
  const base = parseModelSpec(flags.model);
  const lrs = list('--lr', flags.lr) ?? [undefined];
  const hiddens = list('--hidden', flags.hidden) ?? [undefined];
  const batches = list('--batch-size', flags.batchSize) ?? [undefined];
  if (hiddens[0] !== undefined && base.family !== 'mlp') throw new UsageError('--hidden applies to --model mlp:…');
  lrs.forEach((lr) => parseNumber('--lr', lr, 'positive'));
  const runs: RunSetting[] = [];
  for (const hidden of hiddens) {
    for (const lr of lrs) {
      for (const batch of batches) {
        const spec: ModelSpec = hidden === undefined ? base : { family: 'mlp', hidden: hidden.split('-').map((h) => parseInteger('--hidden', h, 1, 100_000)!) };
        // A run is named by the settings that vary across the grid.
        const name =
          [hiddens.length > 1 ? `hidden ${hidden}` : '', lrs.length > 1 ? `lr ${lr}` : '', batches.length > 1 ? `batch ${batch}` : ''].filter(Boolean).join(', ') || flags.model;
        runs.push({ name, spec, flags: { ...flags, lr, batchSize: batch } });
      }
    }
  }
  if (runs.length > MAX_RUNS) throw new UsageError(`the grid has ${runs.length} runs; at most ${MAX_RUNS}`);
  return runs;
}

export async function compare(flags: CompareFlags, output: Output): Promise<void> {
  const seed = parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1) ?? 0;
  const validationSplit = parseNumber('--validation-split', flags.validationSplit, 'fraction')!;
  const testSplit = parseNumber('--test-split', flags.testSplit, 'fraction');
  const runs = grid(flags);
  if (flags.report) prepareReportDir(flags.report);
  const sets = await loadTrainingSets({ data: flags.data, label: flags.label, dataDir: flags.dataDir, seed, testSplit, validationSplit, positive: flags.positive }, output);
  const images = sets.train.imageShape !== undefined;
  const results: { name: string; seconds: number; epochs: EpochRecord[]; validation?: { loss: number; accuracy?: number }; test?: { loss: number; accuracy?: number } }[] = [];
  for (const [i, setting] of runs.entries()) {
    const model = buildModel(setting.spec, setting.flags, {
      inputs: sets.train.features.cols,
      images,
      binary: sets.positive !== undefined,
      ...(sets.train.imageShape ? { imageShape: sets.train.imageShape } : {}),
      dtype: images ? 'float32' : 'float64',
      standardize: flags.standardize ?? images,
      seed,
    });
    output.note(`run ${i + 1}/${runs.length}: ${setting.name}`);
    const started = performance.now();
    if (model instanceof NeuralNetwork) {
      await model.fitAsync(sets.train.features, sets.train.targets, sets.validation ? { validation: { x: sets.validation.features, y: sets.validation.targets } } : {});
    } else {
      await model.fitAsync(sets.train.features, sets.train.targets);
    }
    const seconds = (performance.now() - started) / 1000;
    const view = viewOf(model);
    const entry: (typeof results)[number] = { name: setting.name, seconds, epochs: model.history!.epochs };
    if (sets.validation) {
      const v = scoreModel(view, sets.validation);
      entry.validation = { loss: v.loss, ...(v.accuracy !== undefined ? { accuracy: v.accuracy } : {}) };
    }
    if (sets.test) {
      const t = scoreModel(view, sets.test);
      entry.test = { loss: t.loss, ...(t.accuracy !== undefined ? { accuracy: t.accuracy } : {}) };
    }
    results.push(entry);
  }
  // Best first: by validation accuracy, or by validation loss for regression.
  const ranked = [...results].sort((a, b) =>
    a.validation?.accuracy !== undefined && b.validation?.accuracy !== undefined ? b.validation.accuracy - a.validation.accuracy : (a.validation?.loss ?? Infinity) - (b.validation?.loss ?? Infinity),
  );
  let reportIndex: string | undefined;
  if (flags.report) {
    const points = (measure: 'loss' | 'accuracy'): CurvePoint[] =>
      results.flatMap((r) =>
        r.epochs.flatMap((e) => {
          const p: CurvePoint[] = [];
          const train = measure === 'loss' ? e.loss : e.accuracy;
          const val = measure === 'loss' ? e.validationLoss : e.validationAccuracy;
          if (train !== undefined) p.push({ run: r.name, epoch: e.epoch, split: 'train', value: train });
          if (val !== undefined) p.push({ run: r.name, epoch: e.epoch, split: 'validation', value: val });
          return p;
        }),
      );
    const loss = points('loss');
    const accuracy = points('accuracy');
    const report: Report = {
      title: `Platypus: compare on ${flags.data}`,
      summary: ranked.map((r, k): [string, string] => [`${k + 1}. ${r.name}`, `validation ${r.validation?.accuracy !== undefined ? `accuracy ${fmt(100 * r.validation.accuracy, 4)}%, ` : ''}loss ${fmt(r.validation?.loss ?? Number.NaN)}; ${fmt(r.seconds, 3)} s`]),
      sections: [
        {
          heading: 'Curves of every run',
          text: 'Solid lines are training, dashed ones validation; one colour per run.',
          figures: [
            { kind: 'svg', file: 'loss.svg', svg: await renderSvg(curveSpec(loss, 'loss')), caption: 'Loss per epoch.' },
            ...(accuracy.length > 0 ? [{ kind: 'svg' as const, file: 'accuracy.svg', svg: await renderSvg(curveSpec(accuracy, 'accuracy')), caption: 'Accuracy per epoch.' }] : []),
          ],
        },
      ],
    };
    reportIndex = writeReport(flags.report, report);
  }
  if (flags.json) {
    output.json({
      command: 'compare',
      data: flags.data,
      runs: ranked.map((r) => ({ name: r.name, trainSeconds: r.seconds, epochs: r.epochs.length, validation: r.validation, test: r.test, history: r.epochs })),
      ...(reportIndex ? { report: reportIndex } : {}),
    });
    return;
  }
  const header = ['rank', 'run', 'val accuracy', 'val loss', ...(sets.test ? ['test accuracy'] : []), 'seconds'];
  const rows = ranked.map((r, k) => [
    String(k + 1),
    r.name,
    r.validation?.accuracy !== undefined ? `${(100 * r.validation.accuracy).toFixed(2)}%` : '',
    fmt(r.validation?.loss ?? Number.NaN, 5),
    ...(sets.test ? [r.test?.accuracy !== undefined ? `${(100 * r.test.accuracy).toFixed(2)}%` : ''] : []),
    fmt(r.seconds, 3),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  for (const row of [header, ...rows]) output.result(row.map((c, j) => (j === 1 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  if (reportIndex) output.result(`report: ${reportIndex}`);
}
