import { UsageError } from '../errors.js';
import type { Parameter } from '../tensor/parameter.js';

export interface GradientCheckOptions {
  /** half-width h of the central difference (f(w+h) − f(w−h)) / 2h. @default 1e-6 */
  epsilon?: number;
  /** a parameter passes when its largest relative error is below this. @default 1e-6 */
  tolerance?: number;
  /**
   * Gradients smaller than this in both forms are compared absolutely: the relative error of
   * |a − n| / max(|a|, |n|, floor) stops meaning anything once both are near 0. @default 1e-8
   */
  floor?: number;
  /** check at most this many elements per parameter, spread evenly (all when absent) */
  maxChecksPerParameter?: number;
}

export interface ParameterCheck {
  name: string;
  checked: number;
  maxRelativeError: number;
  maxAbsoluteError: number;
  /** index of the element with the largest relative error */
  worstIndex: number;
  analytic: number;
  numeric: number;
  passed: boolean;
}

export interface GradientCheckResult {
  parameters: ParameterCheck[];
  maxRelativeError: number;
  passed: boolean;
}

/**
 * Compares analytic gradients with central finite differences. `lossAndGradient` computes the loss at the
 * parameters' current values and fills each `grad`; the check calls it once for the analytic gradients and
 * twice per checked element with that element nudged by ±epsilon. Use float64 parameters: float32's
 * rounding swamps differences of 1e-6.
 */
export function checkGradients(
  parameters: readonly Parameter[],
  lossAndGradient: () => number,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-6;
  const floor = options.floor ?? 1e-8;
  if (!(epsilon > 0)) throw new UsageError(`gradient check: epsilon must be > 0, got ${epsilon}`);
  lossAndGradient();
  const analyticAll = parameters.map((p) => Float64Array.from(p.grad.data));
  const results: ParameterCheck[] = [];
  parameters.forEach((p, index) => {
    const analytic = analyticAll[index]!;
    const values = p.value.data;
    const total = values.length;
    const limit = Math.min(total, options.maxChecksPerParameter ?? total);
    const stride = total / Math.max(1, limit);
    const check: ParameterCheck = {
      name: p.name,
      checked: 0,
      maxRelativeError: 0,
      maxAbsoluteError: 0,
      worstIndex: -1,
      analytic: 0,
      numeric: 0,
      passed: true,
    };
    for (let c = 0; c < limit; c++) {
      const i = Math.floor(c * stride);
      const original = values[i]!;
      values[i] = original + epsilon;
      const plus = lossAndGradient();
      values[i] = original - epsilon;
      const minus = lossAndGradient();
      values[i] = original;
      const numeric = (plus - minus) / (2 * epsilon);
      const a = analytic[i]!;
      const absolute = Math.abs(a - numeric);
      const relative = absolute / Math.max(Math.abs(a), Math.abs(numeric), floor);
      check.checked++;
      check.maxAbsoluteError = Math.max(check.maxAbsoluteError, absolute);
      if (relative > check.maxRelativeError || check.worstIndex < 0) {
        check.maxRelativeError = relative;
        check.worstIndex = i;
        check.analytic = a;
        check.numeric = numeric;
      }
    }
    check.passed = check.maxRelativeError < tolerance;
    results.push(check);
  });
  // Leave the gradients as the analytic pass computed them.
  lossAndGradient();
  const maxRelativeError = Math.max(0, ...results.map((r) => r.maxRelativeError));
  return { parameters: results, maxRelativeError, passed: results.every((r) => r.passed) };
}
