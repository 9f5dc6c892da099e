#!/usr/bin/env node
/**
 * The long fuzz campaign: every fuzz target in test/fuzz with ten times the cases `npm test` runs
 * (over 100,000 per parser), on a fresh random seed, printed so a failure can be replayed.
 *
 *   npm run fuzz                          10× the cases, random seed
 *   npm run fuzz -- --scale 50            50× the cases
 *   npm run fuzz -- --seed 1234           a given base seed
 *   npm run fuzz -- --only gz             one target (names: delimitedText, delimitedBytes, delimitedLarge,
 *                                         idx, gz, pairs, modelFile, base64, bookWeights, pictures, cifar, tar, cli)
 *   npm run fuzz -- --only gz --seed S --path P
 *                                         replay one failing case (seed and path from the failure report)
 *
 * It runs the compiled tests (npm run fuzz builds first) and passes the settings to them through the
 * PLATYPUS_FUZZ_* environment variables read by test/fuzz/harness.ts.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const settings = { scale: '10', seed: String(randomInt(2 ** 31)), only: '', path: '' };
for (let i = 0; i < args.length; i++) {
  const name = args[i].replace(/^--/, '');
  if (!(name in settings) || args[i + 1] === undefined) {
    console.error(`usage: node scripts/fuzz.mjs [--scale N] [--seed N] [--only TARGET] [--path P]; got '${args[i]}'`);
    process.exit(1);
  }
  settings[name] = args[++i];
}

const env = { ...process.env, PLATYPUS_FUZZ_SCALE: settings.scale, PLATYPUS_FUZZ_SEED: settings.seed };
if (settings.only) env.PLATYPUS_FUZZ_ONLY = settings.only;
if (settings.path) env.PLATYPUS_FUZZ_PATH = settings.path;
console.log(`fuzz campaign: scale ${settings.scale}, seed ${settings.seed}${settings.only ? `, only ${settings.only}` : ''}${settings.path ? `, path ${settings.path}` : ''}`);

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', 'dist/test/fuzz'], { cwd: root, env, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  console.log(`fuzz campaign ${code === 0 ? 'passed' : 'FAILED'} (scale ${settings.scale}, seed ${settings.seed})`);
  process.exit(code ?? (signal ? 1 : 0));
});
