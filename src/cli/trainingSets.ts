import type { LabeledSet } from '../data/dataset.js';
import { trainTestSplit } from '../data/split.js';
import { subset } from '../data/subset.js';
import { DataError, UsageError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { asBinary, downloadNotes, positiveClassOf } from './commands/dataOptions.js';
import { loadDataSpec } from './datasets/loadDataSpec.js';
import type { Output } from './output.js';

/** The sets one training run uses, after splits and the binary task are applied. */
export interface TrainingSets {
  train: LabeledSet;
  validation?: LabeledSet;
  test?: LabeledSet;
  positive?: { index: number; name: string };
}

export interface TrainingSetOptions {
  data: string;
  label?: string;
  dataDir?: string;
  seed: number;
  testSplit?: number;
  validationSplit?: number;
  positive?: string;
}

/** Splits off `fraction` of a set's rows (seeded); names the flag when a side would be empty. */
export function holdOut(set: LabeledSet, fraction: number, seed: number, flag: string): [LabeledSet, LabeledSet] {
  const parts = trainTestSplit(set.features.rows, { testFraction: fraction, rng: new Rng(seed) });
  if (parts.test.length === 0 || parts.train.length === 0) throw new UsageError(`${flag} ${fraction} leaves an empty split of ${set.features.rows} rows`);
  return [subset(set, parts.train), subset(set, parts.test)];
}

/**
 * Loads --data and applies, in order: --test-split (files and generators; named datasets have their own test
 * split), --positive (the "is it CLASS?" task), and --validation-split (taken from the training rows).
 */
export async function loadTrainingSets(o: TrainingSetOptions, output: Output): Promise<TrainingSets> {
  const loaded = await loadDataSpec(o.data, { label: o.label, seed: o.seed, dataDir: o.dataDir, onProgress: downloadNotes(output) });
  const sets: TrainingSets = { train: loaded.train };
  if (loaded.test) sets.test = loaded.test;
  if (o.testSplit !== undefined && o.testSplit > 0) {
    if (sets.test) throw new UsageError(`--test-split: ${o.data} already has a test split`);
    [sets.train, sets.test] = holdOut(sets.train, o.testSplit, o.seed, '--test-split');
  }
  if (o.positive !== undefined) {
    sets.positive = positiveClassOf(sets.train, o.positive);
    sets.train = asBinary(sets.train, sets.positive);
    if (sets.test) sets.test = asBinary(sets.test, sets.positive);
  }
  if (o.validationSplit !== undefined && o.validationSplit > 0) {
    [sets.train, sets.validation] = holdOut(sets.train, o.validationSplit, o.seed + 1, '--validation-split');
  }
  if (sets.train.features.rows === 0) throw new DataError('no training rows', sets.train.source);
  return sets;
}
