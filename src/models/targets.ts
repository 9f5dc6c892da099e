import { toClassIndices } from '../data/classes.js';
import { DataError } from '../errors.js';
import { type DType, Tensor } from '../tensor/tensor.js';

/** Checks that every target is 0 or 1, and that both occur. */
export function checkBinary(y: ArrayLike<number>, op: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) {
      throw new DataError(`${op}: target ${i} is ${v}; a binary classifier needs 0/1 labels (use --positive CLASS for a one-against-the-rest task)`);
    }
  }
  checkSeveralClasses(y, op);
}

/**
 * The number of outputs of a multiclass classifier: max(2, largest class index + 1), after checking
 * that the targets are class indices and that at least two classes occur.
 */
export function multiclassOutputs(y: ArrayLike<number>, op: string): number {
  const classes = toClassIndices(y, op);
  checkSeveralClasses(y, op);
  return Math.max(2, classes);
}

/** A classifier learns to tell classes apart: targets that are all the same class are refused, with a hint. */
function checkSeveralClasses(y: ArrayLike<number>, op: string): void {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return;
  throw new DataError(
    `${op}: every one of the ${y.length} training target${y.length === 1 ? ' is' : 's is'} class ${y[0]}; a classifier needs examples of at least two classes ` +
      '(check the label column (--label), the --positive class, or a --test-split that leaves too few rows)',
  );
}

/** The targets as one column [rows, 1]. */
export function column(y: ArrayLike<number>, dtype: DType): Tensor {
  const t = Tensor.zeros([y.length, 1], dtype);
  for (let i = 0; i < y.length; i++) t.data[i] = y[i]!;
  return t;
}

