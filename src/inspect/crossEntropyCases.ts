import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Which row shows each kind of prediction; `kind` says what was found. */
export interface CrossEntropyCase {
  kind: 'confident-right' | 'unsure' | 'confident-wrong';
  row: number;
  /** false when no row fits (e.g. nothing is wrong) and the nearest one was taken: for confident-wrong, the lowest ŷ_true */
  exact: boolean;
}

/**
 * Picks three rows that show how cross-entropy grades predictions, from probabilities [rows, classes] and
 * the true classes: the right prediction with the highest ŷ_true; the row whose largest probability is lowest
 * (the model's least sure); and the wrong prediction with the highest probability on its wrong class (or, when
 * no prediction is wrong, the row with the lowest ŷ_true).
 */
export function crossEntropyCases(probabilities: Tensor, yTrue: ArrayLike<number>): CrossEntropyCase[] {
  if (probabilities.rank !== 2 || probabilities.shape[0] !== yTrue.length || yTrue.length === 0) {
    throw new ShapeError(`cross-entropy cases: probabilities [rows, classes] and ${yTrue.length} true classes do not fit`);
  }
  const [n, k] = probabilities.shape as [number, number];
  const p = (i: number, j: number): number => probabilities.data[i * k + j]!;
  const argmax = (i: number): number => {
    let best = 0;
    for (let j = 1; j < k; j++) if (p(i, j) > p(i, best)) best = j;
    return best;
  };
  let right = -1;
  let unsure = 0;
  let wrong = -1;
  let lowest = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const top = argmax(i);
    if (top === t && (right < 0 || p(i, t) > p(right, yTrue[right]!))) right = i;
    if (top !== t && (wrong < 0 || p(i, top) > p(wrong, argmax(wrong)))) wrong = i;
    if (p(i, top) < p(unsure, argmax(unsure))) unsure = i;
    if (p(i, t) < p(lowest, yTrue[lowest]!)) lowest = i;
  }
  let highest = 0;
  for (let i = 1; i < n; i++) if (p(i, yTrue[i]!) > p(highest, yTrue[highest]!)) highest = i;
  return [
    { kind: 'confident-right', row: right >= 0 ? right : highest, exact: right >= 0 },
    { kind: 'unsure', row: unsure, exact: true },
    { kind: 'confident-wrong', row: wrong >= 0 ? wrong : lowest, exact: wrong >= 0 },
  ];
}
