import { UsageError } from '../../errors.js';
import { Rng } from '../../tensor/rng.js';
import type { LabeledSet } from '../dataset.js';
import { blobs } from './blobs.js';
import { circles } from './circles.js';
import type { MulticlassOptions } from './common.js';
import { gaussians } from './gaussians.js';
import { line } from './line.js';
import { linear } from './linear.js';
import { spiral } from './spiral.js';
import { xor } from './xor.js';

/** A built-in synthetic dataset. */
export interface Generator {
  /** One line for `platypus data list`. */
  readonly description: string;
  /** What the targets are. */
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** True when the `classes` option applies. */
  readonly hasClasses: boolean;
  make(options: MulticlassOptions): LabeledSet;
}

/** The built-in generators by name. */
export const GENERATORS: Readonly<Record<string, Generator>> = Object.freeze({
  circles: { description: 'two concentric rings (binary, not linearly separable)', task: 'binary', hasClasses: false, make: circles },
  xor: { description: 'four quadrants, opposite corners share a class (binary)', task: 'binary', hasClasses: false, make: xor },
  spiral: { description: 'interleaved spiral arms, one per class (classes, default 2)', task: 'multiclass', hasClasses: true, make: spiral },
  gaussians: { description: 'two overlapping gaussian blobs (binary)', task: 'binary', hasClasses: false, make: gaussians },
  linear: { description: 'two classes split by a straight line with a margin (binary)', task: 'binary', hasClasses: false, make: linear },
  blobs: { description: 'k gaussian blobs around a circle (classes, default 3)', task: 'multiclass', hasClasses: true, make: blobs },
  line: { description: 'y = 2x + 5 + noise, one feature (regression)', task: 'regression', hasClasses: false, make: line },
});

/** The generator names, in registry order. */
export function generatorNames(): string[] {
  return Object.keys(GENERATORS);
}

export interface MakeGeneratedOptions {
  /** Number of examples; each generator has its own default. */
  n?: number;
  /** Noise level; each generator has its own default. */
  noise?: number;
  /** Number of classes, for spiral and blobs only. */
  classes?: number;
  /** Seeds the Rng. @default 0 */
  seed?: number;
}

/**
 * Makes a generated set by name with its own seeded Rng, so the same name and options always give
 * the same data. The source reads e.g. "circles (seed 1)".
 */
export function makeGenerated(name: string, options: MakeGeneratedOptions = {}): LabeledSet {
  const generator = Object.hasOwn(GENERATORS, name) ? GENERATORS[name] : undefined;
  if (generator === undefined) {
    throw new UsageError(`unknown generator "${name}"; generators are: ${generatorNames().join(', ')}`);
  }
  if (options.classes !== undefined && !generator.hasClasses) {
    const withClasses = generatorNames().filter((g) => GENERATORS[g]!.hasClasses);
    throw new UsageError(`${name}: the classes option applies only to ${withClasses.join(' and ')}`);
  }
  const seed = options.seed ?? 0;
  const set = generator.make({
    rng: new Rng(seed),
    ...(options.n !== undefined ? { n: options.n } : {}),
    ...(options.noise !== undefined ? { noise: options.noise } : {}),
    ...(options.classes !== undefined ? { classes: options.classes } : {}),
  });
  return { ...set, source: `${name} (seed ${seed})` };
}

export { blobs, circles, gaussians, line, linear, spiral, xor };
export type { GeneratorOptions, MulticlassOptions } from './common.js';
export type { LineOptions } from './line.js';
