import { oneHot } from '../../data/oneHot.js';
import { DataError } from '../../errors.js';
import { checkGradients } from '../../inspect/gradientCheck.js';
import { gradientSamples } from '../../inspect/gradientSamples.js';
import { NeuralNetwork } from '../../models/neuralNetwork.js';
import { SoftmaxClassifier } from '../../models/softmaxClassifier.js';
import { column } from '../../models/targets.js';
import type { Parameter } from '../../tensor/parameter.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Output } from '../output.js';
import { parseInteger } from '../parseOptions.js';
import { num, sci, table, wrap } from './format.js';
import { type ExplainFlags, type Subject, DEFAULT_DATA, defaultNetwork, exampleRow, float64Copy, userSubject } from './source.js';

/** The step h of the central differences, and the relative error below which a gradient passes. */
const EPSILON = 1e-5;
const TOLERANCE = 1e-6;
/**
 * Relative errors divide by at least this. A central difference cannot resolve a derivative better than about
 * 1e-16·|L|/h ≈ 1e-11 (float64 rounding of the loss, divided by 2h), so below 1e-4 the relative error of a tiny
 * gradient measures that rounding, not backpropagation; against the floor, a 1e-10 difference still counts.
 */
const FLOOR = 1e-4;
/** Elements checked per parameter tensor (spread evenly), so a 784×100 layer takes a moment, not minutes. */
const MAX_CHECKS = 200;
const SAMPLES_PER_PARAMETER = 3;

/** `explain gradient`: backpropagation's gradient of every parameter tensor against central differences, in float64. */
export async function explainGradient(flags: ExplainFlags, output: Output): Promise<void> {
  const subject: Subject = flags.model !== undefined ? await userSubject({ ...flags, model: flags.model }, 'gradient', output) : await defaultNetwork(flags, DEFAULT_DATA, output, { epochs: 2 });
  const set = subject.set;
  const first = exampleRow(flags, set);
  const wanted = parseInteger('--rows', flags.rows, 1, 256) ?? 4;
  const count = Math.min(wanted, set.features.rows - first);
  const rows = Int32Array.from({ length: count }, (_, i) => first + i);

  const copy = float64Copy(subject.model);
  const { parameters, lossAndGradient, lossName } = objectiveOf(copy, set.features, set.targets, rows, set.source);
  const loss = lossAndGradient();
  const check = checkGradients(parameters, lossAndGradient, { epsilon: EPSILON, tolerance: TOLERANCE, floor: FLOOR, maxChecksPerParameter: MAX_CHECKS });
  const samples = gradientSamples(parameters, lossAndGradient, { epsilon: EPSILON, floor: FLOOR, perParameter: SAMPLES_PER_PARAMETER });
  const wasFloat32 = subject.model.options.dtype === 'float32';
  const hadDropout = subject.model instanceof NeuralNetwork && subject.model.options.dropout > 0;

  const perParameter = check.parameters.map((c, k) => ({
    name: c.name,
    shape: samples[k]!.shape,
    size: parameters[k]!.value.size,
    checked: c.checked,
    maxRelativeError: c.maxRelativeError,
    maxAbsoluteError: c.maxAbsoluteError,
    passed: c.passed,
    samples: samples[k]!.samples,
  }));
  const rowText = count === 1 ? `row ${first}` : `rows ${first}–${first + count - 1}`;
  if (flags.json) {
    output.json({
      command: 'explain',
      topic: 'gradient',
      model: subject.view.kind,
      ...(subject.modelFile ? { modelFile: subject.modelFile } : {}),
      description: subject.description,
      data: set.source,
      rows: Array.from(rows),
      dtype: 'float64',
      convertedFromFloat32: wasFloat32,
      dropoutOff: hadDropout,
      lossName,
      loss,
      epsilon: EPSILON,
      tolerance: TOLERANCE,
      floor: FLOOR,
      maxRelativeError: check.maxRelativeError,
      passed: check.passed,
      parameters: perParameter,
    });
    return;
  }
  const lines: string[] = [
    'explain gradient: backpropagation against finite differences',
    `model: ${subject.description}${wasFloat32 ? ' (float32; checked on a float64 copy of its weights)' : ''}` +
      `${hadDropout ? ' (dropout off for the check: a new mask on every pass would make L random)' : ''}`,
    `batch: ${rowText} of ${set.source}; loss L = ${num(loss, 10)} (${lossName}, mean over the ${count} row${count === 1 ? '' : 's'}), float64`,
    '',
    ...wrap(
      'Backpropagation computes ∂L/∂w for every weight in one backward pass: the chain rule applied layer by layer, from the output ' +
        "loss's ∂L/∂z back to the first layer, each layer turning the gradient of its output into the gradients of its weights and its input. " +
        'A central difference (L(w + h) − L(w − h)) / 2h estimates the same derivative by nudging one weight; its error shrinks like h², ' +
        'so in float64 the two agree to many digits when every backward rule is right.',
    ),
    '',
    `every parameter tensor (up to ${MAX_CHECKS} elements each, h = ${EPSILON.toExponential(0)}; relative error |a − n| / max(|a|, |n|, ${FLOOR.toExponential(0)})):`,
    ...table(
      ['parameter', 'shape', 'checked', 'max relative error', 'max |a − n|', ''],
      perParameter.map((p) => [p.name, `[${p.shape.join(',')}]`, `${p.checked} of ${p.size}`, sci(p.maxRelativeError), sci(p.maxAbsoluteError), p.passed ? 'ok' : 'DIFFERS']),
    ),
    ...wrap(
      '(A central difference in float64 is itself only good to about 1e-16·|L|/h, ≈ 1e-11 for a loss near 1: the rounding of L, divided by 2h. So gradients below ' +
        `${FLOOR.toExponential(0)} are compared against ${FLOOR.toExponential(0)}; their own relative error would measure that rounding, not backpropagation.)`,
      '  ',
    ),
    '',
    'a few elements side by side:',
    ...table(
      ['element', 'w', '∂L/∂w (backprop)', '(L(w+h) − L(w−h)) / 2h', 'relative error'],
      perParameter.flatMap((p) =>
        p.samples.map((s) => [`${p.name}${elementIndex(p.shape, s.index)}`, num(s.value, 5), num(s.analytic, 12), num(s.numeric, 12), sci(s.relativeError)]),
      ),
    ),
    '',
    check.passed
      ? `agree: the largest relative error is ${sci(check.maxRelativeError)}, below ${TOLERANCE.toExponential(0)}.`
      : `DISAGREE: the largest relative error is ${sci(check.maxRelativeError)}, above ${TOLERANCE.toExponential(0)}: a backward rule is wrong (or a kink such as ReLU's 0 lies within h of a weight).`,
  ];
  for (const line of lines) output.result(line);
}

/** "[r,c]" for a matrix element, "[i]" otherwise. */
function elementIndex(shape: readonly number[], index: number): string {
  if (shape.length === 2) return `[${Math.floor(index / shape[1]!)},${index % shape[1]!}]`;
  return `[${index}]`;
}

interface CheckedObjective {
  parameters: readonly Parameter[];
  lossAndGradient: () => number;
  lossName: string;
}

/** The loss of a float64 model on the rows, as the training loop computes it (standardized inputs, encoded targets). */
function objectiveOf(
  model: ReturnType<typeof float64Copy>,
  features: Subject['set']['features'],
  targets: Float64Array,
  rows: Int32Array,
  source: string,
): CheckedObjective {
  const scaler = model instanceof NeuralNetwork ? model.standardizer : model.learned.standardizer;
  const x = Tensor.zeros([rows.length, features.cols], 'float64');
  features.gather(rows, x.data, scaler);
  const labels = Float64Array.from(rows, (r) => targets[r]!);
  if (model instanceof NeuralNetwork) {
    const network = model.network;
    const output = model.options.output;
    const outputs = network.parameters().at(-1)!.value.size;
    if (output === 'sigmoid') requireBinaryLabels(labels, source);
    const y = output === 'softmax' ? oneHot(labels, outputs, { dtype: 'float64', source }) : column(labels, 'float64');
    return { parameters: network.parameters(), lossAndGradient: () => network.lossAndGradient(x, y), lossName: network.outputLoss.name };
  }
  const outputs = model.learned.weights.shape[1]!;
  let y: Tensor;
  let lossName: string;
  if (model instanceof SoftmaxClassifier) {
    y = oneHot(labels, outputs, { dtype: 'float64', source });
    lossName = 'categorical-cross-entropy';
  } else {
    if (model.kind !== 'linear') requireBinaryLabels(labels, source);
    y = column(labels, 'float64');
    lossName = model.kind === 'linear' ? 'mean-squared-error' : model.kind === 'perceptron' ? 'perceptron' : 'binary-log-loss';
  }
  return { parameters: model.parameters(), lossAndGradient: () => model.lossAndGradient(x, y), lossName };
}

function requireBinaryLabels(labels: Float64Array, source: string): void {
  const bad = labels.findIndex((v) => v !== 0 && v !== 1);
  if (bad >= 0) throw new DataError(`${source}: a target is ${labels[bad]}; this binary model needs 0/1 labels (train it with --positive CLASS)`);
}
