import type { LabeledSet } from '../../data/dataset.js';
import { binaryCounts } from '../../metrics/binary-counts.js';
import type { EpochRecord } from '../../train/history.js';
import type { SetScore } from '../evaluation.js';
import { fmt } from '../output.js';

/** Binary classifiers also report the detector's counts, and precision and recall of class 1. */
export function binaryScores(set: LabeledSet, score: SetScore): { tp: number; fp: number; tn: number; fn: number; precision: number; recall: number } | undefined {
  if (!score.predictions || score.scores === undefined) return undefined;
  const c = binaryCounts(set.targets, score.predictions);
  return { ...c, precision: c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0, recall: c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0 };
}

export function scoreJson(set: LabeledSet, score: SetScore): Record<string, number> {
  const out: Record<string, number> = { loss: score.loss, rows: score.rows };
  if (score.accuracy !== undefined) out.accuracy = score.accuracy;
  if (score.r2 !== undefined && Number.isFinite(score.r2)) out.r2 = score.r2;
  const binary = binaryScores(set, score);
  if (binary) Object.assign(out, binary);
  return out;
}

export function scoreLine(set: LabeledSet, score: SetScore): string {
  let line = `${score.lossName} ${fmt(score.loss)}`;
  if (score.accuracy !== undefined) line += `, accuracy ${fmt(100 * score.accuracy, 4)}%`;
  if (score.r2 !== undefined && Number.isFinite(score.r2)) line += `, R² ${fmt(score.r2, 4)}`;
  const binary = binaryScores(set, score);
  if (binary) line += `, precision ${fmt(binary.precision, 4)}, recall ${fmt(binary.recall, 4)} (TP ${binary.tp} FP ${binary.fp} TN ${binary.tn} FN ${binary.fn})`;
  return line;
}

/** The most epoch records the JSON summary carries; longer runs keep every k-th epoch and the last. */
export const MAX_HISTORY_RECORDS = 1000;

/** Per-epoch history for --json: every epoch up to MAX_HISTORY_RECORDS, evenly thinned beyond (each record names its epoch). */
export function historyJson(epochs: readonly EpochRecord[]): EpochRecord[] {
  if (epochs.length <= MAX_HISTORY_RECORDS) return [...epochs];
  const step = Math.ceil(epochs.length / MAX_HISTORY_RECORDS);
  return epochs.filter((_, i) => i % step === 0 || i === epochs.length - 1);
}

/** A few evenly spaced epochs of the history as text rows: how loss and accuracy moved on train and validation. */
export function historyTable(epochs: readonly EpochRecord[], maxRows = 12): string[] {
  if (epochs.length === 0) return [];
  const step = Math.max(1, Math.ceil(epochs.length / maxRows));
  const shown = epochs.filter((_, i) => i % step === 0 || i === epochs.length - 1);
  const hasAccuracy = shown.some((r) => r.accuracy !== undefined);
  const hasValidation = shown.some((r) => r.validationLoss !== undefined);
  const pct = (v: number | undefined): string => (v === undefined ? '' : `${(100 * v).toFixed(2)}%`);
  const header = ['epoch', 'loss', ...(hasAccuracy ? ['accuracy'] : []), ...(hasValidation ? ['val loss', ...(hasAccuracy ? ['val accuracy'] : [])] : [])];
  const rows = shown.map((r) => [
    String(r.epoch),
    fmt(r.loss, 5),
    ...(hasAccuracy ? [pct(r.accuracy)] : []),
    ...(hasValidation ? [r.validationLoss === undefined ? '' : fmt(r.validationLoss, 5), ...(hasAccuracy ? [pct(r.validationAccuracy)] : [])] : []),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  return [header, ...rows].map((r) => r.map((c, j) => c.padStart(widths[j]!)).join('  '));
}
