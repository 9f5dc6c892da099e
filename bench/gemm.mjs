// GEMM throughput, GFLOP/s per shape: js, wasm-simd, wasm-relaxed and NumPy float32 (OpenBLAS)
// on one thread, measured in the same run, then the best wasm build and NumPy on two threads.
// `npm run bench:gemm` (builds first), or after a build:
//   node bench/gemm.mjs [--seconds 0.25] [--one-thread] [--json]
// --json adds one last line "GEMM_RESULT {…}" with every figure (bench/run.mjs reads it).
// Shapes are m·k·n; the MLP ones carry the transposes training uses: forward X·W (NN),
// weight gradient Xᵀ·dY (TN), input gradient dY·Wᵀ (NT). Each figure is the best of 5 timed
// batches after a warm-up (so V8 has tiered the WebAssembly up); on a shared machine they are noisy, and
// the two-thread table is measured in 3 rounds, wasm and NumPy alternating, each keeping its best.
import { execFileSync } from 'node:child_process';
import { jsKernels } from '../dist/src/kernels/js/index.js';
import { loadWasmKernels } from '../dist/src/kernels/wasm/index.js';
import { enableRelaxedSimdInNode } from '../dist/src/kernels/wasm/node-flags.js';
import { spawnNodeKernelWorker } from '../dist/src/kernels/wasm/node-threads.js';

const SHAPES = [
  { label: 'fwd X·W', m: 256, k: 785, n: 100, transA: false, transB: false },
  { label: 'dW Xᵀ·dY', m: 785, k: 256, n: 100, transA: true, transB: false },
  { label: 'dX dY·Wᵀ', m: 256, k: 100, n: 785, transA: false, transB: true },
  { label: 'wide NN', m: 256, k: 784, n: 1200, transA: false, transB: false },
  { label: 'square NN', m: 512, k: 512, n: 512, transA: false, transB: false },
];
const REPEATS = 5;
/** Rounds of the two-thread table, wasm and NumPy alternating (best of all rounds' batches). */
const TWO_THREAD_ROUNDS = 3;

const secondsArg = process.argv.indexOf('--seconds');
const budget = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 0.25;
const twoThreads = !process.argv.includes('--one-thread');
const json = process.argv.includes('--json');

function randomInto(x) {
  for (let i = 0; i < x.length; i++) x[i] = Math.random() * 2 - 1;
  return x;
}

/** Best GFLOP/s of REPEATS batches, each about budget/REPEATS seconds, after one warm-up batch. */
function measure(run, flops) {
  let calls = 1;
  let t0 = performance.now();
  run();
  let once = Math.max(performance.now() - t0, 1e-3);
  calls = Math.max(1, Math.round((budget * 1000) / REPEATS / once));
  for (let i = 0; i < calls; i++) run(); // warm-up (tier-up)
  let best = 0;
  for (let r = 0; r < REPEATS; r++) {
    t0 = performance.now();
    for (let i = 0; i < calls; i++) run();
    const seconds = (performance.now() - t0) / 1000;
    best = Math.max(best, (flops * calls) / seconds / 1e9);
  }
  return best;
}

function benchKernels(kernels, alloc) {
  return SHAPES.map(({ m, k, n, transA, transB }) => {
    const a = randomInto(alloc(m * k));
    const b = randomInto(alloc(k * n));
    const c = alloc(m * n);
    const spec = { m, n, k, transA, transB };
    return measure(() => kernels.gemm(spec, a, b, c), 2 * m * n * k);
  });
}

function benchNumpy(threads) {
  const shapes = JSON.stringify(SHAPES.map(({ m, k, n, transA, transB }) => [m, k, n, transA, transB]));
  const script = `
import json, time, ctypes, glob, os, numpy as np
core = 'unknown'
try:
    lib = glob.glob(os.path.join(os.path.dirname(np.__file__), '..', 'numpy.libs', '*openblas*.so'))[0]
    f = ctypes.CDLL(lib).scipy_openblas_get_corename64_
    f.restype = ctypes.c_char_p
    core = f().decode()
except Exception:
    pass
out = []
rng = np.random.default_rng(0)
for m, k, n, ta, tb in json.loads('${shapes}'):
    a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    A = a.T if ta else a
    B = b.T if tb else b
    c = np.empty((m, n), dtype=np.float32)
    t = time.perf_counter(); np.matmul(A, B, out=c); once = max(time.perf_counter() - t, 1e-6)
    calls = max(1, round(${budget} / ${REPEATS} / once))
    for _ in range(calls): np.matmul(A, B, out=c)
    best = 0
    for _ in range(${REPEATS}):
        t = time.perf_counter()
        for _ in range(calls): np.matmul(A, B, out=c)
        best = max(best, 2 * m * n * k * calls / (time.perf_counter() - t) / 1e9)
    out.append(best)
print(json.dumps({'version': np.__version__, 'core': core, 'gflops': out}))
`;
  // Benchmark NumPy as it runs best here: this machine sets OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE
  // for old OpenBLAS builds; unset them for this command only, and pin OpenBLAS's thread count.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  try {
    return JSON.parse(execFileSync('python3', ['-c', script], { env, encoding: 'utf8' }));
  } catch (error) {
    console.error(`NumPy not measured: ${error.message.split('\n')[0]}`);
    return undefined;
  }
}

const relaxedAvailable = enableRelaxedSimdInNode();
const columns = [['js', benchKernels(jsKernels, (n) => new Float32Array(n))]];
for (const relaxedSimd of relaxedAvailable ? [false, true] : [false]) {
  const kernels = await loadWasmKernels({ relaxedSimd });
  columns.push([kernels.name, benchKernels(kernels, (n) => kernels.arena.allocFloat32(n))]);
}
const numpy = benchNumpy(1);
if (numpy) columns.push(['numpy', numpy.gflops]);
const twoColumns = [];
if (twoThreads) {
  // Two threads feel other work on this machine's second core most: measure in rounds, wasm and NumPy
  // alternating, and keep each one's best, so a slow spell does not fall on one of them alone.
  const kernels = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  const best = (acc, gflops) => (acc ? acc.map((g, i) => Math.max(g, gflops[i])) : gflops);
  let wasm2;
  let numpy2;
  for (let round = 0; round < TWO_THREAD_ROUNDS; round++) {
    wasm2 = best(wasm2, benchKernels(kernels, (n) => kernels.arena.allocFloat32(n)));
    const measured = benchNumpy(2);
    if (measured) numpy2 = best(numpy2, measured.gflops);
  }
  kernels.dispose();
  twoColumns.push([`${kernels.name}×2`, wasm2]);
  if (numpy2) twoColumns.push(['numpy×2', numpy2]);
}

const pad = (s, w) => String(s).padStart(w);
function table(title, cols) {
  const ref = cols.find(([name]) => name.startsWith('numpy'));
  console.log(title);
  console.log(pad('shape m·k·n', 24) + cols.map(([name]) => pad(name, 15)).join('') + (ref ? `   fraction of ${ref[0]}` : ''));
  SHAPES.forEach((s, i) => {
    const row = cols.map(([, g]) => pad(g[i].toFixed(1), 15)).join('');
    const fractions = ref
      ? '   ' + cols.filter((c) => c !== ref).map(([name, g]) => `${name} ${(g[i] / ref[1][i]).toFixed(2)}`).join(', ')
      : '';
    console.log(pad(`${s.label} ${s.m}·${s.k}·${s.n}`, 24) + row + fractions);
  });
}
table(
  `GEMM GFLOP/s, one thread, best of ${REPEATS} batches (noisy: 2 cores shared with other work)` +
    (numpy ? `; NumPy ${numpy.version}, OpenBLAS kernel ${numpy.core}` : ''),
  columns,
);
if (!relaxedAvailable) console.log('relaxed SIMD is not available in this engine: wasm-relaxed not measured');
if (twoThreads) {
  console.log('');
  table(`GEMM GFLOP/s, two threads, best of ${TWO_THREAD_ROUNDS} rounds × ${REPEATS} batches, wasm and NumPy alternating (the machine has 2 cores, so these are the noisiest)`, twoColumns);
}

if (json) {
  const named = (cols) => Object.fromEntries(cols.map(([name, g]) => [name, g]));
  console.log('GEMM_RESULT ' + JSON.stringify({
    shapes: SHAPES, seconds: budget, repeats: REPEATS, twoThreadRounds: TWO_THREAD_ROUNDS,
    numpy: numpy ? { version: numpy.version, core: numpy.core } : undefined,
    oneThread: named(columns), twoThreads: named(twoColumns),
  }));
}
