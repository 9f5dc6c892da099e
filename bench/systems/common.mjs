// Shared by the Node children of bench/run.mjs: arguments, Fashion-MNIST as bytes, the standardization
// Platypus uses (per-pixel mean/std of the training rows, std < 1e-8 → 1), timing helpers, and the
// one line of JSON a child hands back to the parent.
import { loadDataSpec } from '../../dist/src/cli/datasets/loadDataSpec.js';

export const FEATURES = 784;
export const CLASSES = 10;

/** The child's job: {net, hidden, epochs, rows, batchSize, learningRate, seed, ...} as JSON in argv[2]. */
export function jobFromArgv() {
  return JSON.parse(process.argv[2] ?? '{}');
}

function bytesOf(set) {
  const f = set.features;
  if (f.data instanceof Uint8Array && f.cols === FEATURES) return f.data;
  // Not stored as bytes: gather the raw values row by row.
  const out = new Uint8Array(f.rows * f.cols);
  for (let r = 0; r < f.rows; r++) for (let c = 0; c < f.cols; c++) out[r * f.cols + c] = f.get(r, c);
  return out;
}

/** {train: {x: Uint8Array, y: Uint8Array, rows}, test: {...}, splits}: the whole of both splits. */
export async function loadFashion() {
  const { train, test } = await loadDataSpec('fashion-mnist');
  if (!test) throw new Error('fashion-mnist: no test split found');
  const pack = (s) => ({ x: bytesOf(s), y: Uint8Array.from(s.targets), rows: s.features.rows, set: s });
  return { train: pack(train), test: pack(test) };
}

/** Per-pixel mean and 1/std over the first `rows` training rows (Platypus's standardize: true). */
export function standardizer(x, rows) {
  const mean = new Float64Array(FEATURES);
  const sq = new Float64Array(FEATURES);
  for (let r = 0; r < rows; r++) {
    const o = r * FEATURES;
    for (let j = 0; j < FEATURES; j++) {
      const v = x[o + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const factor = new Float64Array(FEATURES);
  for (let j = 0; j < FEATURES; j++) {
    mean[j] /= rows;
    const std = Math.sqrt(Math.max(0, sq[j] / rows - mean[j] * mean[j]));
    factor[j] = 1 / (std < 1e-8 ? 1 : std);
  }
  return { mean, factor };
}

/** Rows `indices[from..to)` of bytes x, standardized, into out (Float32Array [n, 784]). */
export function gatherStandardized(x, indices, from, to, scaler, out) {
  const { mean, factor } = scaler;
  for (let r = from; r < to; r++) {
    const src = indices[r] * FEATURES;
    const dst = (r - from) * FEATURES;
    for (let j = 0; j < FEATURES; j++) out[dst + j] = (x[src + j] - mean[j]) * factor[j];
  }
  return out;
}

/** A seeded permutation of 0..n-1 (xorshift32, Fisher–Yates). */
export function permutation(n, seed) {
  let s = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}

/** Standard normal draws from a seeded generator (Box–Muller over xorshift32). */
export function gaussianFiller(seed) {
  let s = (seed * 2246822519) >>> 0 || 7;
  const u = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return (n, std) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(u()));
      const t = 2 * Math.PI * u();
      out[i] = r * Math.cos(t) * std;
      if (i + 1 < n) out[i + 1] = r * Math.sin(t) * std;
    }
    return out;
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Peak resident memory of this process in MiB (maxRSS is in KiB on Linux). */
export function peakRssMiB() {
  return process.resourceUsage().maxRSS / 1024;
}

/** Prints the result line the parent looks for; the measured passes, not extrapolated. */
export function report(result) {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...result, peakRssMiB: peakRssMiB() })}\n`);
}

/** Runs main(), reporting any failure as {error} instead of a stack trace on a crash. */
export async function runChild(main) {
  try {
    report(await main(jobFromArgv()));
  } catch (error) {
    report({ error: String(error?.message ?? error).split('\n')[0] });
    process.exitCode = 1;
  }
}
