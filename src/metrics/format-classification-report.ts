import { UsageError } from '../errors.js';
import type { AveragedRow } from './averaging.js';
import type { ClassificationReport } from './classification-report.js';

export interface FormatClassificationReportOptions {
  /**
   * Decimal places of precision, recall, F1 and accuracy (0 … 15).
   * @default 2
   */
  digits?: number;
}

/** scikit-learn's column header for F1. */
const HEADERS = ['precision', 'recall', 'f1-score', 'support'] as const;

/**
 * A classification report as a text table laid out like scikit-learn's:
 * ```
 *               precision    recall  f1-score   support
 *
 *      class 0       0.50      1.00      0.67         1
 *      …
 *     accuracy                           0.60         5
 *    macro avg       0.50      0.56      0.49         5
 * weighted avg       0.70      0.60      0.61         5
 * ```
 * Names are right-aligned; each column is at least 9 characters wide and is preceded by one space.
 * The text has no trailing newline.
 */
export function formatClassificationReport(report: ClassificationReport, options: FormatClassificationReportOptions = {}): string {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) {
    throw new UsageError(`formatClassificationReport: digits is ${digits}; it must be a whole number from 0 to 15`);
  }
  const fixed = (v: number): string => v.toFixed(digits);
  const averages: Array<[string, AveragedRow]> = [
    ['macro avg', report.macroAvg],
    ['weighted avg', report.weightedAvg],
  ];
  const rows: Array<[string, string, string, string, string]> = [
    ...report.classes.map((c) => row(c.name, c, fixed)),
    ['accuracy', '', '', fixed(report.accuracy), String(report.support)],
    ...averages.map(([name, r]) => row(name, r, fixed)),
  ];
  const nameWidth = Math.max(...rows.map((r) => r[0].length));
  const cellWidth = Math.max(9, ...rows.flatMap((r) => r.slice(1).map((cell) => cell.length)));
  const line = (cells: readonly string[]): string =>
    cells[0]!.padStart(nameWidth) + ' ' + cells.slice(1).map((cell) => ' ' + cell.padStart(cellWidth)).join('');
  const classLines = rows.slice(0, report.classes.length).map(line);
  const summaryLines = rows.slice(report.classes.length).map(line);
  return [line(['', ...HEADERS]), '', ...classLines, '', ...summaryLines].join('\n');
}

function row(name: string, r: AveragedRow, fixed: (v: number) => string): [string, string, string, string, string] {
  return [name, fixed(r.precision), fixed(r.recall), fixed(r.f1), String(r.support)];
}
