import { ShapeError, UsageError } from '../errors.js';
import type { ConfusionMatrix } from './confusion-matrix.js';

export interface FormatConfusionMatrixOptions {
  /**
   * `classNames[label]` names class `label` (indexed by the class index).
   * @default the label as a string
   */
  classNames?: readonly string[];
}

/** The top-left cell: rows are true classes, columns predicted ones. */
const CORNER = 'true \\ predicted';

/**
 * A confusion matrix as an aligned text table: a header row of predicted classes, then one row per
 * true class with its name left-aligned and the counts right-aligned, columns two spaces apart:
 * ```
 * true \ predicted  cat  dog  bird
 * cat                 4    1     1
 * dog                 1    2     0
 * bird                0    0     1
 * ```
 * The text has no trailing newline.
 */
export function formatConfusionMatrix(cm: ConfusionMatrix, options: FormatConfusionMatrixOptions = {}): string {
  const fn = 'formatConfusionMatrix';
  const { labels, matrix } = cm;
  const k = labels.length;
  if (matrix.length !== k || matrix.some((r) => r.length !== k)) {
    throw new ShapeError(`${fn}: matrix must be [${k}, ${k}] for ${k} labels`);
  }
  const { classNames } = options;
  const names = labels.map((label) => {
    if (classNames === undefined) return String(label);
    const name = classNames[label];
    if (name === undefined) throw new UsageError(`${fn}: classNames has ${classNames.length} names, so class ${label} has none`);
    return name;
  });
  const cells = matrix.map((r) => r.map(String));
  const firstWidth = Math.max(CORNER.length, ...names.map((n) => n.length));
  const widths = names.map((name, j) => Math.max(name.length, ...cells.map((r) => r[j]!.length)));
  const line = (first: string, rest: readonly string[]): string =>
    [first.padEnd(firstWidth), ...rest.map((cell, j) => cell.padStart(widths[j]!))].join('  ');
  return [line(CORNER, names), ...cells.map((r, i) => line(names[i]!, r))].join('\n');
}
