import { subset } from '../../data/subset.js';
import { DataError, UsageError } from '../../errors.js';
import { softmaxCrossEntropySteps } from '../../inspect/softmaxSteps.js';
import type { Output } from '../output.js';
import { num, sci, step, vector, wrap } from './format.js';
import { type ExplainFlags, type Subject, className, DEFAULT_DATA, defaultNetwork, exampleRow, userSubject } from './source.js';

/** The central difference's step on a logit: large enough that float64 rounding stays far below the h² error. */
const H = 1e-5;

/** The logits z of one row and its true class, from a multiclass model. */
export function logitsOf(subject: Subject, row: number, topic: string): { logits: number[]; trueClass: number } {
  if (subject.view.task !== 'multiclass') {
    throw new UsageError(`explain ${topic} needs a multiclass model (softmax, or mlp with a softmax output); ${subject.description} is ${subject.view.task === 'binary' ? 'a binary classifier' : 'a regression model'}`);
  }
  const one = subset(subject.set, [row]);
  const logits = Array.from(subject.model.decisionFunction(one.features).data);
  const trueClass = subject.set.targets[row]!;
  if (!(Number.isInteger(trueClass) && trueClass >= 0 && trueClass < logits.length)) {
    throw new DataError(`${subject.set.source}: row ${row} has class ${trueClass}, the model knows ${logits.length} classes (0–${logits.length - 1})`);
  }
  return { logits, trueClass };
}

/** `explain softmax`: softmax + cross-entropy and its derivative ŷ − y on one real example, with a finite-difference check. */
export async function explainSoftmax(flags: ExplainFlags, output: Output): Promise<void> {
  const subject = flags.model !== undefined ? await userSubject({ ...flags, model: flags.model }, 'softmax', output) : await defaultNetwork(flags, DEFAULT_DATA, output);
  const row = exampleRow(flags, subject.set);
  const { logits, trueClass } = logitsOf(subject, row, 'softmax');
  const s = softmaxCrossEntropySteps(logits, trueClass, { h: H });
  const fd = s.finiteDifference;
  const t = trueClass;
  if (flags.json) {
    output.json({
      command: 'explain',
      topic: 'softmax',
      model: subject.view.kind,
      ...(subject.modelFile ? { modelFile: subject.modelFile } : {}),
      description: subject.description,
      data: subject.set.source,
      example: row,
      ...(subject.classNames ? { classNames: subject.classNames } : {}),
      trueClass: t,
      logits: s.logits,
      max: s.max,
      shifted: s.shifted,
      exp: s.exp,
      sum: s.sum,
      probabilities: s.probabilities,
      oneHot: s.oneHot,
      loss: s.loss,
      gradient: s.gradient,
      libraryLoss: s.libraryLoss,
      libraryGradient: s.libraryGradient,
      finiteDifference: fd,
    });
    return;
  }
  const k = logits.length;
  const features = Array.from({ length: Math.min(subject.set.features.cols, 8) }, (_, j) => subject.set.features.get(row, j));
  const predicted = s.probabilities.indexOf(Math.max(...s.probabilities));
  const lines = [
    'explain softmax: softmax + cross-entropy and its derivative, one example step by step',
    `model: ${subject.description}`,
    `example: row ${row} of ${subject.set.source}; inputs ${vector(features, 4, 8)}${subject.set.features.cols > 8 ? ` (first 8 of ${subject.set.features.cols})` : ''}; true class ${className(subject, t)}`,
    '',
    step(1, `the logits z: the last layer's ${k} outputs, one per class`),
    `     z = ${vector(s.logits, 6)}`,
    step(2, 'subtract the largest logit, so that no exp overflows (softmax is unchanged: the factor e^−max cancels)'),
    `     max z = ${num(s.max)};  z − max = ${vector(s.shifted, 6)}`,
    step(3, 'exponentiate'),
    `     exp(z − max) = ${vector(s.exp, 6)}`,
    step(4, 'add them up'),
    `     Σ = ${num(s.sum, 8)}`,
    step(5, 'divide: ŷ = exp(z − max) / Σ, probabilities that sum to 1'),
    `     ŷ = ${vector(s.probabilities, 6)}   (predicted class ${className(subject, predicted)})`,
    step(6, 'the true class as a one-hot vector'),
    `     y = ${vector(s.oneHot, 1)}`,
    step(7, 'the loss: minus the log of the probability given to the true class'),
    `     L = −log ŷ[${t}] = −log ${num(s.probabilities[t]!, 8)} = ${num(s.loss, 8)}`,
    step(8, 'the gradient with respect to the logits'),
    `     ∂L/∂z = ŷ − y = ${vector(s.gradient, 6)}`,
    '',
    ...wrap(
      `Why ŷ − y: L = log Σ_i e^{z_i} − z_t, so ∂L/∂z_j = e^{z_j} / Σ_i e^{z_i} − [j = t] = ŷ_j − y_j. ` +
        'The log undoes the exp, so the fused derivative never divides by a small ŷ; the gradient pulls the true logit up by 1 − ŷ_t ' +
        'and pushes every other logit down by its probability.',
    ),
    '',
    `check on logit ${fd.logit} with a central difference, h = ${fd.h.toExponential(0)}:`,
    `     L(z + h·e${fd.logit}) = ${num(fd.lossPlus, 12)}`,
    `     L(z − h·e${fd.logit}) = ${num(fd.lossMinus, 12)}`,
    `     (L₊ − L₋) / 2h = ${num(fd.numeric, 12)}   vs   ŷ[${fd.logit}] − y[${fd.logit}] = ${num(fd.analytic, 12)}   relative error ${sci(fd.relativeError)}`,
    `the library's fused loss on this row gives L = ${num(s.libraryLoss, 12)} and ∂L/∂z = ${vector(s.libraryGradient, 6)}: the same.`,
  ];
  for (const line of lines) output.result(line);
}
