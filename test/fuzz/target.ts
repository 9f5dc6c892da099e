/**
 * What a fuzz target is, and the one rule every target checks: a parser either returns a result
 * (which the target then checks) or throws a PlatypusError — any other exception is a bug.
 */
import type fc from 'fast-check';
import { PlatypusError } from '../../src/errors.js';

export interface FuzzTarget<T> {
  /** Generates the inputs. */
  readonly arbitrary: fc.Arbitrary<T>;
  /**
   * Runs one case. Returns for an accepted outcome, optionally with a label for the report
   * (e.g. 'parsed', 'DataError'); throws (an assertion) for anything else. May be async.
   */
  readonly check: (value: T) => string | void | Promise<string | void>;
  /** The most ArrayBuffer memory one case may add, in bytes. @default 64 MiB */
  readonly allocationLimit?: (value: T) => number;
  /** The longest one case may take, in ms, before it counts as a failure. @default 5000 */
  readonly maxCaseMs?: number;
  /** Run once in the worker before the cases (fixtures, stubs); `teardown` after them. */
  readonly setup?: () => void | Promise<void>;
  readonly teardown?: () => void | Promise<void>;
}

/** Erases the case type so targets of different types can sit in one module's exports. */
export function defineTarget<T>(target: FuzzTarget<T>): FuzzTarget<unknown> {
  return target as unknown as FuzzTarget<unknown>;
}

/** A non-Platypus exception, re-thrown with its type so fast-check reports it as the failure. */
export class UnexpectedError extends Error {
  constructor(readonly original: unknown) {
    const e = original as { name?: unknown; message?: unknown; stack?: unknown };
    super(`not a PlatypusError: ${String(e?.name ?? typeof original)}: ${String(e?.message ?? original)}\n${String(e?.stack ?? '')}`);
  }
}

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: PlatypusError };

/** Runs `parse`: its result, or the PlatypusError it threw. Any other exception fails the case. */
export function outcome<R>(parse: () => R): Outcome<R> {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    if (e instanceof PlatypusError) return { ok: false, error: e };
    throw new UnexpectedError(e);
  }
}

/** Like outcome, but the error must be an instance of `type` (e.g. DataError for a parser). */
export function outcomeOf<R, E extends PlatypusError>(type: abstract new (...args: never[]) => E, parse: () => R): { ok: true; value: R } | { ok: false; error: E } {
  const result = outcome(parse);
  if (!result.ok && !(result.error instanceof type)) {
    throw new Error(`expected a ${type.name}, got ${result.error.name}: ${result.error.message}`);
  }
  return result as { ok: true; value: R } | { ok: false; error: E };
}
