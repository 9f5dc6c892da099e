import { UsageError } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { Parameter } from '../tensor/parameter.js';
import { allocateForKernels } from '../tensor/backend.js';
import { dtypeOf } from '../tensor/tensor.js';

/** Per-parameter optimizer state: `slots` arrays shaped like the parameter, and its own step count t. */
export interface SlotState {
  readonly slots: FloatArray[];
  t: number;
}

/**
 * Optimizer state kept per parameter name, created (zeros, in the parameter's dtype) the first time a name is seen.
 * A later parameter of another size under the same name is refused rather than silently mixed.
 */
export class ParameterState {
  private readonly states = new Map<string, SlotState>();

  constructor(private readonly slotCount: number) {}

  get(p: Parameter): SlotState {
    let s = this.states.get(p.name);
    if (!s) {
      s = { slots: Array.from({ length: this.slotCount }, () => allocateForKernels(p.value.size, p.value.dtype)), t: 0 };
      this.states.set(p.name, s);
    } else if (s.slots[0]!.length !== p.value.size) {
      throw new UsageError(`optimizer: parameter ${p.name} has ${p.value.size} values, but its state has ${s.slots[0]!.length}`);
    }
    return s;
  }

  /** Forgets all state (e.g. before training a new model with the same optimizer). */
  clear(): void {
    this.states.clear();
  }

  /** Names with state, for inspection and checkpoints. */
  names(): string[] {
    return [...this.states.keys()];
  }

  /** A copy of every parameter's state. */
  export(): Record<string, { t: number; slots: FloatArray[] }> {
    const out: Record<string, { t: number; slots: FloatArray[] }> = {};
    for (const [name, s] of this.states) out[name] = { t: s.t, slots: s.slots.map((a) => a.slice()) };
    return out;
  }

  /** Replaces the state with a copy of `state`; each entry needs this optimizer's number of slots. */
  import(state: Record<string, { t: number; slots: FloatArray[] }>): void {
    this.states.clear();
    for (const [name, s] of Object.entries(state)) {
      if (s.slots.length !== this.slotCount || !Number.isInteger(s.t) || s.t < 0) {
        throw new UsageError(`optimizer state for ${name}: expected ${this.slotCount} slots and a step count, got ${s.slots.length} slots`);
      }
      this.states.set(name, { t: s.t, slots: s.slots.map(copyForKernels) });
    }
  }
}

/** A copy of a slot array where the kernels use it without copies. */
function copyForKernels(a: FloatArray): FloatArray {
  const copy = allocateForKernels(a.length, dtypeOf(a));
  copy.set(a);
  return copy;
}

/** Throws unless v is a finite number in the given range. */
export function checkRange(what: string, v: number, low: number, high: number, includeLow = true): number {
  const ok = Number.isFinite(v) && (includeLow ? v >= low : v > low) && v < high;
  if (!ok) throw new UsageError(`${what} must be in ${includeLow ? '[' : '('}${low}, ${high}), got ${v}`);
  return v;
}

export function checkLearningRate(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) throw new UsageError(`learning rate must be a positive number, got ${v}`);
  return v;
}

/**
 * An optimizer whose state is a few arrays per parameter (momentum's velocity, RMSprop's and Adam's moments):
 * the state's bookkeeping, reset and checkpointing live here once.
 */
export abstract class SlotOptimizer {
  protected readonly state: ParameterState;

  protected constructor(slots: number) {
    this.state = new ParameterState(slots);
  }

  /** Forgets the state (velocities, moments, step counts). */
  reset(): void {
    this.state.clear();
  }

  /** A copy of the state, for checkpoints. */
  getState(): Record<string, { t: number; slots: FloatArray[] }> {
    return this.state.export();
  }

  /** Restores a state from getState(), so a resumed run continues exactly. */
  setState(state: Record<string, { t: number; slots: FloatArray[] }>): void {
    this.state.import(state);
  }
}
