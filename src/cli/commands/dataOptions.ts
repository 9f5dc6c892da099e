import type { LabeledSet } from '../../data/dataset.js';
import { binaryTargets } from '../../data/classes.js';
import { UsageError } from '../../errors.js';

/** Resolves --positive CLASS (a class name or index) against a set's classes. */
export function positiveClassOf(set: LabeledSet, spec: string): { index: number; name: string } {
  const names = set.classNames;
  if (names) {
    const byName = names.indexOf(spec);
    if (byName >= 0) return { index: byName, name: spec };
  }
  const index = Number(spec);
  if (/^\d+$/.test(spec) && Number.isSafeInteger(index)) {
    const present = names ? index < names.length : set.targets.some((t) => t === index);
    if (present) return { index, name: names?.[index] ?? spec };
  }
  const known = names ? names.map((n, i) => `${i} (${n})`).join(', ') : [...new Set(set.targets)].sort((a, b) => a - b).join(', ');
  throw new UsageError(`--positive: no class '${spec}' in ${set.source}; classes are ${known}`);
}

/** The set as "is it class P?" with 0/1 targets and class names [not P, P]. */
export function asBinary(set: LabeledSet, positive: { index: number; name: string }): LabeledSet {
  return { ...set, targets: binaryTargets(set.targets, positive.index), classNames: [`not ${positive.name}`, positive.name] };
}

/** Download progress as a note per file and per quarter, not per chunk. */
export function downloadNotes(output: { note(line: string): void }): (p: { file: string; received: number; total?: number }) => void {
  const shown = new Map<string, number>();
  return (p) => {
    const quarter = p.total ? Math.floor((4 * p.received) / p.total) : 0;
    if (shown.get(p.file) === quarter) return;
    shown.set(p.file, quarter);
    output.note(`downloading ${p.file}: ${p.received}${p.total ? ` of ${p.total}` : ''} bytes`);
  };
}
