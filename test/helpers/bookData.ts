import { readFileSync } from 'node:fs';
import { Tensor } from '../../src/tensor/tensor.js';
import { sharedData } from './paths.js';

/** A book file read with a minimal whitespace split, independent of the library's own parser. */
export function loadBookFile(name: string): { x: Tensor; y: number[] } {
  const rows = readFileSync(sharedData(`book/${name}`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/).map(Number));
  const d = rows[0]!.length - 1;
  return { x: Tensor.from(rows.map((r) => r.slice(0, d)), undefined, 'float64'), y: rows.map((r) => r[d]!) };
}

/** Least squares [weights…, bias] by the normal equations, solved with Gaussian elimination (float64). */
export function leastSquares(x: Tensor, y: number[]): number[] {
  const n = x.shape[0]!;
  const d = x.shape[1]! + 1;
  const a = Array.from({ length: d }, () => new Array<number>(d + 1).fill(0));
  for (let r = 0; r < n; r++) {
    const row = [...Array.from({ length: d - 1 }, (_, j) => x.at(r, j)), 1];
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) a[i]![j]! += row[i]! * row[j]!;
      a[i]![d]! += row[i]! * y[r]!;
    }
  }
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= d; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[d]! / row[i]!);
}
