// `npm run bench`: the book's network (784 → 100 sigmoid → 10 softmax), a wide one (784 → 1200 → 10) and
// the convolutional network of issue #7 (conv 16×3 → pool 2 → conv 32×3 → pool 2 → dense 128 → dense 10,
// ReLU, Adam, batch 64) trained on Fashion-MNIST by Platypus and its peers, each system in its own child process, in one
// sitting; then the GEMM table of bench/gemm.mjs. Prints tables and writes bench/results/<date>.json
// (and latest.json). Options:
//   --full          full epochs for every system except the slow ones (Platypus js, TF.js cpu, brain.js),
//                   i.e. also TF.js wasm on both networks (long: for an idle machine)
//   --only a,b      only the systems whose id contains one of these strings (e.g. --only platypus,numpy)
//   --nets book     only these networks (book, wide, cnn, cnn-bn; comma-separated)
//   --no-gemm       skip the GEMM table
//   --epochs N      measured passes per child process (default: 5 on the book network, whose passes take
//                   under a second for the fast systems, so that Platypus's first, warm-up pass is never the
//                   median of its run; 3 on the others)
//   --rounds N      on the book network, Platypus and NumPy run in N rounds (default 5), each round one child of
//                   each, in alternating order, so a slow spell of this shared machine falls on all of them
//                   alike; their s/epoch is the median of every pass of every round. NumPy starts from
//                   Platypus's initial weights and visits its batch order (bench/systems/platypus_rng.py), so
//                   the accuracies compare the same training, not two draws of the random numbers.
// See docs/benchmarks.md for what each row means.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const FULL = flag('--full');
const ONLY = option('--only', '').split(',').filter(Boolean);
const NETS = option('--nets', 'book,wide,cnn,cnn-bn').split(',');
const PASSES_OPTION = option('--epochs', undefined);
/** Measured passes per child process on a network (a system's own `passes` wins: the slow ones run fewer). */
const passesFor = (net) => Number(PASSES_OPTION ?? (net.id === 'book' ? 5 : 3));
const ROUNDS_OPTION = option('--rounds', undefined);
/** Interleaved rounds of the systems marked `interleave` on a network (see --rounds). */
const roundsFor = (net) => Math.max(1, Number(ROUNDS_OPTION ?? net.rounds ?? 1));
const TRAIN_ROWS = 60000;
const CHILD_TIMEOUT_S = Number(option('--timeout', '240'));

const NETWORKS = [
  { id: 'book', title: "the book's network 784 → 100 sigmoid → 10 softmax", hidden: 100, rounds: 5 },
  { id: 'wide', title: 'wide network 784 → 1200 sigmoid → 10 softmax', hidden: 1200 },
  {
    id: 'cnn', title: 'CNN conv 16×3 → pool 2 → conv 32×3 → pool 2 → dense 128 → dense 10, ReLU, He init, Adam',
    layers: 'conv:16x3,pool:2,conv:32x3,pool:2,dense:128', batchSize: 64, learningRate: 0.001,
  },
  {
    id: 'cnn-bn', title: 'the same CNN as `platypus train --model cnn`: batch norm after each pooling, learning rate × 0.7 each epoch',
    layers: 'conv:16x3,pool:2,bn,conv:32x3,pool:2,bn,dense:128,dropout:0.3', batchSize: 64, learningRate: 0.001, learningRateDecay: 0.7,
  },
];

/**
 * Each system and the training rows it runs on per network: TRAIN_ROWS is a full epoch; fewer rows is a
 * subset whose time is extrapolated to a full epoch (rows are chosen so that each system's measurement
 * stays around ten seconds on this 2-core machine, the whole run within ~10 minutes). `interleave`: runs in
 * the network's rounds (Platypus and the NumPy reference, whose ratios the acceptance reads closely).
 */
const SYSTEMS = [
  { id: 'platypus-wasm-1', interleave: true, label: 'Platypus wasm ×1', kind: 'platypus', job: { kernels: 'wasm', threads: 1 }, rows: { book: TRAIN_ROWS, wide: TRAIN_ROWS, cnn: TRAIN_ROWS, 'cnn-bn': TRAIN_ROWS } },
  { id: 'platypus-wasm-2', interleave: true, label: 'Platypus wasm ×2', kind: 'platypus', job: { kernels: 'wasm', threads: 2 }, rows: { book: TRAIN_ROWS, wide: TRAIN_ROWS, cnn: TRAIN_ROWS, 'cnn-bn': TRAIN_ROWS } },
  { id: 'platypus-js', label: 'Platypus js', kind: 'platypus', job: { kernels: 'js', threads: 1 }, rows: { book: 6144, wide: 768 }, slow: true },
  { id: 'numpy-f32-1', interleave: true, label: 'NumPy float32 ×1', kind: 'numpy', job: { dtype: 'float32', threads: 1 }, rows: { book: TRAIN_ROWS, wide: TRAIN_ROWS } },
  { id: 'numpy-f32-2', interleave: true, label: 'NumPy float32 ×2', kind: 'numpy', job: { dtype: 'float32', threads: 2 }, rows: { book: TRAIN_ROWS, wide: TRAIN_ROWS } },
  { id: 'numpy-f64-1', interleave: true, label: 'NumPy float64 ×1', kind: 'numpy', job: { dtype: 'float64', threads: 1 }, rows: { book: TRAIN_ROWS, wide: TRAIN_ROWS } },
  { id: 'numpy-f64-2', interleave: true, label: 'NumPy float64 ×2', kind: 'numpy', job: { dtype: 'float64', threads: 2 }, rows: { book: TRAIN_ROWS } }, // too slow on the wide network here
  { id: 'tfjs-wasm-fit', label: 'TF.js wasm model.fit', kind: 'tfjs', job: { backend: 'wasm', mode: 'fit' }, rows: { book: 15360, wide: 1536, cnn: 640 } },
  { id: 'tfjs-wasm-loop', label: 'TF.js wasm loop', kind: 'tfjs', job: { backend: 'wasm', mode: 'loop' }, rows: { book: TRAIN_ROWS, wide: 1536, cnn: 640 } },
  // TF.js cpu takes ~0.2–0.3 s per CNN example: one pass over 128 rows (two batches) is what fits.
  { id: 'tfjs-cpu-fit', label: 'TF.js cpu model.fit', kind: 'tfjs', job: { backend: 'cpu', mode: 'fit' }, rows: { cnn: 128 }, passes: { cnn: 1 }, slow: true },
  { id: 'tfjs-cpu-loop', label: 'TF.js cpu loop', kind: 'tfjs', job: { backend: 'cpu', mode: 'loop' }, rows: { book: 2048, wide: 256, cnn: 128 }, passes: { cnn: 1 }, slow: true },
  { id: 'brainjs', label: 'brain.js', kind: 'brain', job: { brainLearningRate: 0.3, brainMomentum: 0.1 }, rows: { book: 1536, wide: 256 }, slow: true },
];
const REFERENCES = ['numpy-f32-1', 'numpy-f32-2'];

function rowsFor(system, net) {
  if (FULL && !system.slow) return TRAIN_ROWS;
  return system.rows[net.id];
}

/** Runs one child; resolves to its BENCH_RESULT object or {error}. Never rejects. */
function runChild(command, argv, env) {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let done = false;
    const child = spawn(command, argv, { cwd: join(here, '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      if (done) return;
      stderr += `\ntimed out after ${CHILD_TIMEOUT_S} s`;
      child.kill('SIGKILL');
    }, CHILD_TIMEOUT_S * 1000);
    child.stdout.on('data', (d) => void (stdout += d));
    child.stderr.on('data', (d) => void (stderr += d));
    child.on('error', (error) => {
      done = true;
      clearTimeout(timer);
      resolve({ error: `could not start ${command}: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const line = stdout.split('\n').reverse().find((l) => l.startsWith('BENCH_RESULT '));
      if (line) return resolve(JSON.parse(line.slice('BENCH_RESULT '.length)));
      const tail = stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
      resolve({ error: `exited with ${signal ?? `code ${code}`}${tail ? `: ${tail}` : ''}` });
    });
  });
}

function commandFor(system, job) {
  const json = JSON.stringify(job);
  if (system.kind === 'numpy') {
    // The machine sets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for an old OpenBLAS; NumPy's own OpenBLAS runs
    // best without them, so they are removed for this command only; the thread count is pinned.
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(job.threads), OMP_NUM_THREADS: String(job.threads) };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    return ['python3', [join(here, 'systems', 'numpy_mlp.py'), json], env];
  }
  return [process.execPath, [join(here, 'systems', `${system.kind}.mjs`), json], process.env];
}

/** The job a system's child runs on a network. */
function jobFor(system, net, rows) {
  return {
    ...system.job, net: net.id, epochs: system.passes?.[net.id] ?? passesFor(net), rows, seed: 0,
    ...(system.kind === 'numpy' ? { stream: 'platypus' } : {}),
    ...(net.layers
      ? { layers: net.layers, batchSize: net.batchSize, learningRate: net.learningRate, learningRateDecay: net.learningRateDecay ?? 1 }
      : { hidden: net.hidden, batchSize: 256, learningRate: 1 }),
  };
}

/** One child run of a system, timed; logs a line. */
async function runOnce(net, system, rows, round, rounds) {
  const job = jobFor(system, net, rows);
  const which = rounds > 1 ? ` (round ${round + 1}/${rounds})` : '';
  process.stderr.write(`  ${net.id}: ${system.label} on ${rows} rows${which} … `);
  const t0 = Date.now();
  const r = await runChild(...commandFor(system, job));
  const wallSeconds = (Date.now() - t0) / 1000;
  process.stderr.write(r.error
    ? `skipped: ${r.error}\n`
    : `${((median(r.epochSeconds) * TRAIN_ROWS) / r.rows).toFixed(2)} s/epoch (${wallSeconds.toFixed(0)} s wall)\n`);
  return { ...r, passes: job.epochs, wallSeconds };
}

/**
 * One result entry from a system's runs: their passes pooled (s/epoch is their median), the peak memory of
 * the largest, the accuracy of each run (the median where they differ), the first error if any failed.
 */
function entryOf(net, system, rows, runs) {
  const failed = runs.find((r) => r.error);
  const first = runs[0];
  const entry = { net: net.id, system: system.id, label: system.label, rows, passes: first.passes, rounds: runs.length };
  entry.wallSeconds = runs.reduce((sum, r) => sum + r.wallSeconds, 0);
  if (failed) return { ...entry, error: failed.error };
  // The first run's own fields (rows, detail, threads, …); what the runs pool is set below.
  Object.assign(entry, first, { passes: entry.passes, wallSeconds: entry.wallSeconds });
  entry.epochSeconds = runs.flatMap((r) => r.epochSeconds);
  entry.testAccuracy = median(runs.map((r) => r.testAccuracy));
  entry.peakRssMiB = Math.max(...runs.map((r) => r.peakRssMiB));
  if (runs.length > 1) {
    entry.byRound = runs.map((r) => ({ epochSeconds: r.epochSeconds, testAccuracy: r.testAccuracy, peakRssMiB: r.peakRssMiB, wallSeconds: r.wallSeconds }));
  }
  entry.medianPassSeconds = median(entry.epochSeconds);
  entry.secondsPerEpoch = (entry.medianPassSeconds * TRAIN_ROWS) / first.rows;
  entry.bestSecondsPerEpoch = (Math.min(...entry.epochSeconds) * TRAIN_ROWS) / first.rows;
  entry.extrapolated = first.rows < TRAIN_ROWS;
  return entry;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const started = new Date();
const load = { before: loadavg() };
const results = [];
console.log(`Platypus benchmark ${started.toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
  `Node ${process.version}, load average ${load.before.map((x) => x.toFixed(2)).join(' ')} (1/5/15 min)`);

for (const net of NETWORKS.filter((n) => NETS.includes(n.id))) {
  const planned = SYSTEMS
    .filter((system) => !ONLY.length || ONLY.some((o) => system.id.includes(o)))
    .map((system) => ({ system, rows: rowsFor(system, net), runs: [] }))
    .filter((p) => p.rows !== undefined);
  const rounds = roundsFor(net);
  const interleaved = planned.filter((p) => p.system.interleave && rounds > 1);
  for (let round = 0; round < rounds && interleaved.length; round++) {
    for (const p of round % 2 ? [...interleaved].reverse() : interleaved) p.runs.push(await runOnce(net, p.system, p.rows, round, rounds));
  }
  for (const p of planned) {
    if (!p.runs.length) p.runs.push(await runOnce(net, p.system, p.rows, 0, 1));
    results.push(entryOf(net, p.system, p.rows, p.runs));
  }
}

for (const entry of results) {
  for (const ref of REFERENCES) {
    const base = results.find((r) => r.net === entry.net && r.system === ref && !r.error);
    if (base && !entry.error) {
      (entry.ratios ??= {})[ref] = entry.secondsPerEpoch / base.secondsPerEpoch;
      (entry.bestRatios ??= {})[ref] = entry.bestSecondsPerEpoch / base.bestSecondsPerEpoch;
    }
  }
}

// The GEMM table, measured in the same sitting.
let gemm;
if (!flag('--no-gemm')) {
  process.stderr.write('  GEMM table (bench/gemm.mjs) … ');
  gemm = await new Promise((resolve) => {
    let out = '';
    const child = spawn(process.execPath, [join(here, 'gemm.mjs'), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => void (out += d));
    child.on('error', (e) => resolve({ error: e.message }));
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('GEMM_RESULT '));
      const text = out.split('\n').filter((l) => !l.startsWith('GEMM_RESULT ')).join('\n').trimEnd();
      resolve(line ? { ...JSON.parse(line.slice('GEMM_RESULT '.length)), text } : { error: `gemm.mjs exited with code ${code}`, text });
    });
  });
  process.stderr.write(gemm.error ? `failed: ${gemm.error}\n` : 'done\n');
}
load.after = loadavg();
const finished = new Date();

// ---- the table ----
const pad = (s, w) => String(s).padStart(w);
const padEnd = (s, w) => String(s).padEnd(w);
console.log('');
for (const net of NETWORKS.filter((n) => NETS.includes(n.id))) {
  const rows = results.filter((r) => r.net === net.id);
  if (!rows.length) continue;
  const rounds = roundsFor(net);
  const interleaving = rounds > 1 && rows.some((r) => r.rounds > 1)
    ? `; Platypus and NumPy in ${rounds} interleaved rounds (${rounds * passesFor(net)} passes each), NumPy on Platypus's random stream`
    : '';
  console.log(`${net.title}, batch ${net.batchSize ?? 256}, lr ${net.learningRate ?? 1}, standardized inputs, ` +
    `${passesFor(net)} measured pass${passesFor(net) === 1 ? '' : 'es'} per run${interleaving}`);
  console.log(padEnd('system', 22) + pad('s/epoch', 9) + '  ' + padEnd('measured on', 26) + pad('test acc', 9) +
    pad('peak MiB', 10) + pad('÷ np32×1', 10) + pad('÷ np32×2', 10) + pad('best', 8) + pad('best ÷ np32×2', 15));
  for (const r of rows) {
    if (r.error) {
      console.log(padEnd(r.label, 22) + `  skipped: ${r.error}`);
      continue;
    }
    const on = r.extrapolated ? `${r.rows} rows${r.passes !== passesFor(net) ? ` ×${r.passes}` : ''}, extrapolated` : 'full epochs';
    const ratio = (ref, ratios = r.ratios) => (ratios?.[ref] === undefined ? '—' : ratios[ref].toFixed(2));
    console.log(padEnd(r.label, 22) + pad(r.secondsPerEpoch.toFixed(2), 9) + '  ' + padEnd(on, 26) +
      pad((100 * r.testAccuracy).toFixed(2) + '%', 9) + pad(r.peakRssMiB.toFixed(0), 10) + pad(ratio(REFERENCES[0]), 10) + pad(ratio(REFERENCES[1]), 10) +
      pad(r.bestSecondsPerEpoch.toFixed(2), 8) + pad(ratio(REFERENCES[1], r.bestRatios), 15));
  }
  for (const dtype of ['float32', 'float64']) {
    const [one, two] = [1, 2].map((t) => rows.find((r) => r.label === `NumPy ${dtype} ×${t}` && !r.error));
    if (one && two && two.secondsPerEpoch > one.secondsPerEpoch) {
      console.log(`note: NumPy ${dtype} took longer on two threads than on one (${two.secondsPerEpoch.toFixed(2)} against ` +
        `${one.secondsPerEpoch.toFixed(2)} s): the second core was busy with work outside this benchmark, so the medians of the ` +
        'two-thread rows say little here; their best passes say more.');
    }
  }
  console.log('');
}
console.log('s/epoch: median of the measured passes (of all rounds), scaled to 60000 rows where a subset was measured. test acc: on the');
console.log('10000 test images after the measured passes (over the subset where one was used; the median of the rounds). peak MiB:');
console.log('max RSS of that system\'s process (the largest of the rounds).');
console.log('÷ np32: seconds per epoch divided by NumPy float32\'s on 1 / 2 OpenBLAS threads (above 1 = slower than NumPy).');
console.log('best: the fastest pass (scaled likewise), the time a system takes when the shared machine leaves it alone; best ÷ np32×2:');
console.log('that divided by NumPy float32 ×2\'s fastest pass.');
const threadsOf = (r) => (r?.threads ? (r.threads.num_threads ?? JSON.stringify(r.threads.pools)) : '?');
const np = results.filter((r) => r.system.startsWith('numpy') && !r.error);
if (np.length) console.log(`NumPy threads reported by OpenBLAS (${np[0].threads?.source}): ` + np.map((r) => `${r.label} [${r.net}] ${threadsOf(r)}`).join(', '));
const details = [...new Map(results.filter((r) => r.detail).map((r) => [r.system, `${r.label}: ${r.detail}`])).values()];
for (const d of details) console.log(`  ${d}`);
if (gemm?.text) console.log('\n' + gemm.text);
console.log(`\nload average before ${load.before.map((x) => x.toFixed(2)).join(' ')}, after ${load.after.map((x) => x.toFixed(2)).join(' ')}` +
  ` (${cpus().length} cores); total ${((finished - started) / 1000).toFixed(0)} s`);

const report = {
  started: started.toISOString(), finished: finished.toISOString(), node: process.version,
  cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMiB: Math.round(totalmem() / 2 ** 20), loadAverage: load,
  options: {
    full: FULL, passes: Object.fromEntries(NETWORKS.map((net) => [net.id, passesFor(net)])),
    rounds: Object.fromEntries(NETWORKS.map((net) => [net.id, roundsFor(net)])), only: ONLY, nets: NETS,
  },
  results, gemm,
};
const dir = join(here, 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${started.toISOString().slice(0, 10)}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
copyFileSync(file, join(dir, 'latest.json'));
console.log(`results: ${file} (and bench/results/latest.json)`);
