import type { TopLevelSpec } from 'vega-lite';
import { binaryTargets } from '../../data/classes.js';
import { DataError, UsageError } from '../../errors.js';
import { precisionRecallCurve } from '../../metrics/precision-recall-curve.js';
import { thresholdSweep } from '../../metrics/threshold-sweep.js';
import { Perceptron } from '../../models/perceptron.js';
import { positiveClassOf } from '../commands/dataOptions.js';
import type { Output } from '../output.js';
import { renderSvg } from '../report/charts.js';
import { prepareReportDir, writeReport } from '../report/writeReport.js';
import { num, table, wrap } from './format.js';
import { type ExplainFlags, type Subject, defaultLogistic, userSubject } from './source.js';

/** The thresholds of the table: 0.1, 0.2, …, 0.9. */
export const THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Points of the curve kept in the JSON and the chart (the full curve has one per distinct score). */
const MAX_CURVE_POINTS = 200;
/** Points of the curve printed in the text. */
const TEXT_CURVE_POINTS = 11;

/** The 0/1 targets and P(positive) scores of a binary question the model answers, and its name. */
function scoresOf(subject: Subject, flags: ExplainFlags): { yTrue: Float64Array; scores: Float64Array; positive: string } {
  const { view, set } = subject;
  if (view.task === 'regression') {
    throw new UsageError(`explain precision-recall needs a classifier; ${subject.description} is a regression model`);
  }
  if (view.model instanceof Perceptron) {
    throw new UsageError(`explain precision-recall needs probabilities to threshold; ${subject.description} is a perceptron, which gives only 0/1`);
  }
  const p = view.probabilities(set.features);
  if (view.task === 'binary') {
    // Without --model, --positive already made the data binary; a binary model file has no other class to pick.
    if (flags.model !== undefined && flags.positive !== undefined) {
      throw new UsageError(`--positive picks a class of a multiclass model; ${subject.description} is already binary`);
    }
    const bad = set.targets.findIndex((t) => t !== 0 && t !== 1);
    if (bad >= 0) throw new DataError(`${set.source}: row ${bad} has class ${set.targets[bad]}; this binary model needs 0/1 labels (or a model trained with --positive)`);
    return { yTrue: set.targets, scores: Float64Array.from(p.data), positive: set.classNames?.[1] ?? '1' };
  }
  if (flags.positive === undefined) {
    throw new UsageError(`${subject.description} is multiclass: name the positive class with --positive CLASS (one against the rest)`);
  }
  const positive = positiveClassOf(set, flags.positive);
  const k = p.shape[1]!;
  if (positive.index >= k) throw new UsageError(`--positive ${flags.positive}: the model knows ${k} classes (0–${k - 1})`);
  const scores = Float64Array.from({ length: set.features.rows }, (_, i) => p.data[i * k + positive.index]!);
  return { yTrue: binaryTargets(set.targets, positive.index), scores, positive: positive.name };
}

/** Evenly spaced entries of a list, first and last included. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]!);
}

/** The precision-recall curve with the table's thresholds marked and labelled. */
function curveChart(curve: { recall: number; precision: number; threshold: number }[], marked: { recall: number; precision: number; threshold: number }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 420,
    height: 320,
    layer: [
      {
        data: { values: curve },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] }, title: 'recall' },
          y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] }, title: 'precision' },
          order: { field: 'threshold', type: 'quantitative' },
        },
      },
      {
        data: { values: marked },
        mark: { type: 'point', filled: true, size: 50, color: '#d62728' },
        encoding: { x: { field: 'recall', type: 'quantitative' }, y: { field: 'precision', type: 'quantitative' } },
      },
      {
        data: { values: marked.map((m) => ({ ...m, label: `t=${m.threshold}` })) },
        mark: { type: 'text', dx: 18, dy: -6, fontSize: 10 },
        encoding: { x: { field: 'recall', type: 'quantitative' }, y: { field: 'precision', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
      },
    ],
  } as TopLevelSpec;
}

/** `explain precision-recall`: counts, precision and recall at thresholds 0.1 … 0.9, and the trade-off curve. */
export async function explainPrecisionRecall(flags: ExplainFlags, output: Output): Promise<void> {
  if (flags.report) prepareReportDir(flags.report);
  const subject = flags.model !== undefined ? await userSubject({ ...flags, model: flags.model }, 'precision-recall', output) : await defaultLogistic(flags, { name: 'gaussians', noise: 1.2 }, output);
  const { yTrue, scores, positive } = scoresOf(subject, flags);
  const sweep = thresholdSweep(yTrue, scores, THRESHOLDS).map((r) => ({ ...r, f1: r.precision + r.recall > 0 ? (2 * r.precision * r.recall) / (r.precision + r.recall) : 0 }));
  const full = precisionRecallCurve(yTrue, scores);
  const points = full.thresholds.map((threshold, i) => ({ threshold, precision: full.precision[i]!, recall: full.recall[i]! }));
  const curve = spread(points, MAX_CURVE_POINTS);
  const positives = yTrue.reduce((a, b) => a + b, 0);
  const rows = yTrue.length;
  const half = sweep[THRESHOLDS.indexOf(0.5)]!;

  let reportIndex: string | undefined;
  if (flags.report) {
    const svg = await renderSvg(curveChart(curve, sweep.map((r) => ({ recall: r.recall, precision: r.precision, threshold: r.threshold }))));
    reportIndex = writeReport(flags.report, {
      title: `Platypus: precision and recall of "${positive}"`,
      summary: [
        ['model', subject.description],
        ['data', `${subject.set.source}: ${rows} rows, ${positives} positive ("${positive}")`],
        ['at threshold 0.5', `TP ${half.tp}, FP ${half.fp}, TN ${half.tn}, FN ${half.fn}; precision ${num(half.precision, 4)}, recall ${num(half.recall, 4)}`],
      ],
      sections: [
        {
          heading: 'The precision-recall trade-off',
          text: 'Each point of the line is one threshold t: rows with P(positive) ≥ t are called positive. Raising t moves left along the line: fewer false positives (precision rises), more positives missed (recall falls). The red points are t = 0.1 … 0.9.',
          figures: [{ kind: 'svg', file: 'precision-recall.svg', svg, caption: `${full.thresholds.length} distinct scores, ${rows} rows.` }],
          pre: sweepTable(sweep).join('\n'),
        },
      ],
    });
  }
  if (flags.json) {
    output.json({
      command: 'explain',
      topic: 'precision-recall',
      model: subject.view.kind,
      ...(subject.modelFile ? { modelFile: subject.modelFile } : {}),
      description: subject.description,
      data: subject.set.source,
      positiveClass: positive,
      rows,
      positives,
      thresholds: sweep,
      curve: { points: full.thresholds.length, thresholds: curve.map((c) => c.threshold), precision: curve.map((c) => c.precision), recall: curve.map((c) => c.recall) },
      ...(reportIndex ? { report: reportIndex } : {}),
    });
    return;
  }
  const lines = [
    'explain precision-recall: one classifier, many thresholds',
    `model: ${subject.description}`,
    `data: ${subject.set.source}: ${rows} rows, ${positives} of them positive ("${positive}"), ${rows - positives} negative`,
    '',
    ...wrap(
      'The model gives every row a probability P(positive); a threshold t turns it into a decision (positive when P ≥ t). ' +
        'Precision = TP / (TP + FP): of the rows called positive, the share that are. Recall = TP / (TP + FN): of the positive rows, the share found.',
    ),
    '',
    `at the usual threshold 0.5: TP ${half.tp}  FP ${half.fp}  TN ${half.tn}  FN ${half.fn}`,
    `  precision = ${half.tp} / (${half.tp} + ${half.fp}) = ${num(half.precision, 4)};  recall = ${half.tp} / (${half.tp} + ${half.fn}) = ${num(half.recall, 4)}`,
    '',
    'at thresholds 0.1 … 0.9:',
    ...sweepTable(sweep),
    '',
    ...wrap(
      'The trade-off: a low threshold calls almost everything positive (recall near 1, precision near the share of positives); ' +
        'a high one calls only the surest rows positive (precision rises, recall falls). Which point is best depends on what a false alarm ' +
        'costs against a miss.',
    ),
    '',
    `the curve (${full.thresholds.length} distinct scores, every one a threshold; ${TEXT_CURVE_POINTS} shown):`,
    ...table(['threshold', 'recall', 'precision'], spread(points, TEXT_CURVE_POINTS).map((p) => [num(p.threshold, 4), num(p.recall, 4), num(p.precision, 4)])),
  ];
  if (reportIndex) lines.push('', `report: ${reportIndex}`);
  for (const line of lines) output.result(line);
}

function sweepTable(sweep: { threshold: number; tp: number; fp: number; tn: number; fn: number; precision: number; recall: number; f1: number }[]): string[] {
  return table(
    ['threshold', 'TP', 'FP', 'TN', 'FN', 'precision', 'recall', 'F1'],
    sweep.map((r) => [String(r.threshold), String(r.tp), String(r.fp), String(r.tn), String(r.fn), num(r.precision, 4), num(r.recall, 4), num(r.f1, 4)]),
  );
}
