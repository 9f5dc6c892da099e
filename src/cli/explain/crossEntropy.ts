import { UsageError } from '../../errors.js';
import { type CrossEntropyCase, crossEntropyCases } from '../../inspect/crossEntropyCases.js';
import { categoricalLogLoss } from '../../metrics/log-loss.js';
import { Perceptron } from '../../models/perceptron.js';
import { LOG_EPSILON } from '../../tensor/ops/functions.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Output } from '../output.js';
import { num, table, vector, wrap } from './format.js';
import { type ExplainFlags, type Subject, className, DEFAULT_DATA, defaultNetwork, userSubject } from './source.js';

/** What each case shows, in the order printed. */
const CASE_TITLES: Record<CrossEntropyCase['kind'], string> = {
  'confident-right': 'confident and right',
  unsure: 'unsure',
  'confident-wrong': 'confident and wrong',
};

/** Probabilities [rows, classes] of a classifier: a softmax's rows, or [1 − p, p] for a binary one. */
function probabilitiesOf(subject: Subject): Tensor {
  const { view } = subject;
  if (view.task === 'regression' || view.model instanceof Perceptron) {
    throw new UsageError(`explain cross-entropy needs a classifier that gives probabilities; ${subject.description} is ${view.task === 'regression' ? 'a regression model' : 'a perceptron (no probabilities)'}`);
  }
  const p = view.probabilities(subject.set.features);
  if (view.task === 'multiclass') return p;
  const two = Tensor.zeros([p.size, 2], 'float64');
  for (let i = 0; i < p.size; i++) {
    two.data[2 * i] = 1 - p.data[i]!;
    two.data[2 * i + 1] = p.data[i]!;
  }
  return two;
}

/** `explain cross-entropy`: the loss of a confident-right, an unsure and a confident-wrong prediction, and the clipping at 1e-15. */
export async function explainCrossEntropy(flags: ExplainFlags, output: Output): Promise<void> {
  const subject = flags.model !== undefined ? await userSubject({ ...flags, model: flags.model }, 'cross-entropy', output) : await defaultNetwork(flags, DEFAULT_DATA, output);
  const proba = probabilitiesOf(subject);
  const targets = subject.set.targets;
  const k = proba.shape[1]!;
  for (let i = 0; i < targets.length; i++) {
    if (!(Number.isInteger(targets[i]) && targets[i]! >= 0 && targets[i]! < k)) {
      throw new UsageError(`${subject.set.source}: row ${i} has class ${targets[i]}, the model knows ${k} classes (0–${k - 1})`);
    }
  }
  const cases = crossEntropyCases(proba, targets).map((c) => {
    const probabilities = Array.from(proba.data.subarray(c.row * k, (c.row + 1) * k));
    const trueClass = targets[c.row]!;
    const predicted = probabilities.indexOf(Math.max(...probabilities));
    const pTrue = probabilities[trueClass]!;
    return { ...c, trueClass, predicted, probabilities, pTrue, loss: categoricalLogLoss([trueClass], [probabilities]) };
  });
  // A prediction that gives the true class exactly 0, and one that gives it 1e-20: −log would be ∞ and 46.05.
  const clip = [0, 1e-20].map((pTrue) => {
    const probabilities = Array.from({ length: k }, (_, j) => (j === 0 ? pTrue : j === 1 ? 1 - pTrue : 0));
    return { pTrue, unclipped: -Math.log(pTrue), clipped: Math.max(LOG_EPSILON, pTrue), loss: categoricalLogLoss([0], [probabilities]) };
  });
  const meanLoss = cases.reduce((a, c) => a + c.loss, 0) / cases.length;

  if (flags.json) {
    output.json({
      command: 'explain',
      topic: 'cross-entropy',
      model: subject.view.kind,
      ...(subject.modelFile ? { modelFile: subject.modelFile } : {}),
      description: subject.description,
      data: subject.set.source,
      classes: k,
      ...(subject.classNames ? { classNames: subject.classNames } : {}),
      cases,
      meanLoss,
      epsilon: LOG_EPSILON,
      clipping: clip,
    });
    return;
  }
  const lines = [
    'explain cross-entropy: how the loss grades a prediction',
    `model: ${subject.description}; ${k} classes, rows of ${subject.set.source}`,
    '',
    ...wrap('The loss of one example is L = −log ŷ_true: minus the log of the probability the model gave to the right class. The other probabilities do not enter (they only take probability away from the true class).'),
    '',
    ...table(
      ['prediction', 'row', 'true', 'predicted', 'ŷ', 'ŷ_true', 'L = −log ŷ_true'],
      cases.map((c) => [
        CASE_TITLES[c.kind] + (c.exact ? '' : '*'),
        String(c.row),
        className(subject, c.trueClass),
        className(subject, c.predicted),
        vector(c.probabilities, 3, 6),
        num(c.pTrue, 6),
        num(c.loss, 6),
      ]),
    ),
  ];
  if (cases.some((c) => !c.exact)) lines.push('  * no row fits exactly (e.g. the model gets every row right): the nearest one is shown');
  lines.push(
    `  mean over the three: ${num(meanLoss, 6)}`,
    '',
    ...wrap(
      'Why confident-wrong costs the most: −log p is 0 at p = 1 and grows without bound as p → 0, and its slope −1/p is steepest near 0. ' +
        `A right answer given with ŷ_true = ${num(cases[0]!.pTrue, 3)} costs ${num(cases[0]!.loss, 3)}; an unsure one costs ${num(cases[1]!.loss, 3)}; ` +
        `a wrong answer that leaves the true class ŷ_true = ${num(cases[2]!.pTrue, 3)} costs ${num(cases[2]!.loss, 3)}. ` +
        'Training follows the gradient ŷ − y, which is largest on exactly those rows.',
    ),
    '',
    `clipping: probabilities are clipped to [ε, 1 − ε] with ε = ${LOG_EPSILON} before the log, so a prediction that gives the true class 0 costs −log ε ≈ ${num(-Math.log(LOG_EPSILON), 5)} instead of ∞:`,
    ...table(
      ['ŷ_true', '−log ŷ_true', 'clipped ŷ_true', 'loss'],
      clip.map((c) => [String(c.pTrue), num(c.unclipped, 5), String(c.clipped), num(c.loss, 5)]),
    ),
    ...wrap("Training does not need the clip: the library computes the loss from the logits, log Σ e^z − z_true, which never takes log 0 (see 'platypus explain softmax').", '  '),
  );
  for (const line of lines) output.result(line);
}
