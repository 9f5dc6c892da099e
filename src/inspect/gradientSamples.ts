import { UsageError } from '../errors.js';
import type { Parameter } from '../tensor/parameter.js';

export interface GradientSamplesOptions {
  /** elements shown per parameter tensor, spread evenly over it. @default 3 */
  perParameter?: number;
  /** half-width h of the central difference (L(w + h) − L(w − h)) / 2h. @default 1e-6 */
  epsilon?: number;
  /** relative errors divide by max(|analytic|, |numeric|, floor), as in checkGradients. @default 1e-8 */
  floor?: number;
}

/** One weight's gradient two ways. */
export interface GradientSample {
  /** flat index into the parameter's data */
  index: number;
  /** the weight w */
  value: number;
  /** ∂L/∂w from the backward pass */
  analytic: number;
  /** L(w + h) */
  lossPlus: number;
  /** L(w − h) */
  lossMinus: number;
  /** (lossPlus − lossMinus) / 2h */
  numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, floor) */
  relativeError: number;
}

export interface ParameterSamples {
  name: string;
  shape: number[];
  samples: GradientSample[];
}

/**
 * A few elements of every parameter's gradient side by side with central differences, to show what a
 * gradient check compares (checkGradients gives the verdict over many elements; this gives the numbers).
 * `lossAndGradient` computes the loss at the current values and fills each `grad`; the parameters are left
 * as they were, with the analytic gradients in `grad`. Use float64 parameters.
 */
export function gradientSamples(parameters: readonly Parameter[], lossAndGradient: () => number, options: GradientSamplesOptions = {}): ParameterSamples[] {
  const perParameter = options.perParameter ?? 3;
  const epsilon = options.epsilon ?? 1e-6;
  const floor = options.floor ?? 1e-8;
  if (!Number.isInteger(perParameter) || perParameter < 1) throw new UsageError(`gradient samples: perParameter must be a whole number ≥ 1, got ${perParameter}`);
  if (!(epsilon > 0)) throw new UsageError(`gradient samples: epsilon must be > 0, got ${epsilon}`);
  lossAndGradient();
  const analyticAll = parameters.map((p) => Float64Array.from(p.grad.data));
  const result = parameters.map((p, k): ParameterSamples => {
    const values = p.value.data;
    const count = Math.min(perParameter, values.length);
    const indices = [...new Set(Array.from({ length: count }, (_, c) => Math.floor((c * values.length) / count)))];
    const samples = indices.map((i): GradientSample => {
      const original = values[i]!;
      values[i] = original + epsilon;
      const lossPlus = lossAndGradient();
      values[i] = original - epsilon;
      const lossMinus = lossAndGradient();
      values[i] = original;
      const numeric = (lossPlus - lossMinus) / (2 * epsilon);
      const analytic = analyticAll[k]![i]!;
      const relativeError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
      return { index: i, value: original, analytic, lossPlus, lossMinus, numeric, relativeError };
    });
    return { name: p.name, shape: [...p.value.shape], samples };
  });
  lossAndGradient();
  return result;
}
