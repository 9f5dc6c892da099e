import { UsageError } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { Parameter } from '../tensor/parameter.js';

/** Strengths of an L1 and an L2 penalty. */
export interface Penalty {
  /** λ₁ in λ₁·Σ|w|. @default 0 */
  l1?: number;
  /** λ₂ in λ₂·Σw². @default 0 */
  l2?: number;
}

/** Checks λ₁, λ₂ ≥ 0 and fills in the defaults. */
export function resolvePenalty(p: Penalty, what: string): Required<Penalty> {
  const l1 = p.l1 ?? 0;
  const l2 = p.l2 ?? 0;
  for (const [name, v] of [['l1', l1], ['l2', l2]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new UsageError(`${what}: ${name} must be a number ≥ 0, got ${v}`);
  }
  return { l1, l2 };
}

/** λ₁·Σ|v| + λ₂·Σv² over one array. */
export function penaltyOf(v: FloatArray, l1: number, l2: number): number {
  let a = 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    a += Math.abs(x);
    s += x * x;
  }
  return l1 * a + l2 * s;
}

/** grad += λ₁·sign(v) + 2λ₂·v, elementwise (sign(0) = 0). */
export function addPenaltyGradient(v: FloatArray, l1: number, l2: number, grad: FloatArray, scale = 1): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    grad[i]! += scale * (l1 * Math.sign(x) + 2 * l2 * x);
  }
}

/**
 * Weight decay on every parameter whose `regularize` is not false (weights, not biases or γ/β):
 * R(W) = λ₁·Σ|W| + λ₂·Σ W², added once to the batch's mean loss.
 */
export function weightPenalty(parameters: readonly Parameter[], penalty: Required<Penalty>): number {
  if (penalty.l1 === 0 && penalty.l2 === 0) return 0;
  let r = 0;
  for (const p of parameters) if (p.regularize !== false) r += penaltyOf(p.value.data, penalty.l1, penalty.l2);
  return r;
}

/** Adds ∂R/∂W = λ₁·sign(W) + 2λ₂·W to the grad of every regularized parameter. */
export function addWeightPenaltyGradient(parameters: readonly Parameter[], penalty: Required<Penalty>): void {
  if (penalty.l1 === 0 && penalty.l2 === 0) return;
  for (const p of parameters) if (p.regularize !== false) addPenaltyGradient(p.value.data, penalty.l1, penalty.l2, p.grad.data);
}
