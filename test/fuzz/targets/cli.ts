/**
 * Fuzz target for the command line: random argv arrays drawn from the real commands and flags (read from
 * each command's --help, so new flags are fuzzed as soon as they exist) with real and junk values, run in
 * process through main(argv). The only accepted outcomes are exit codes 0 (success), 1 (usage), 2 (bad
 * data or model file) and 3 (training diverged) with a one-line error and no stack trace — never 70 (an
 * internal error), never a rejected promise, never a leaked SIGINT handler.
 *
 * Every case stays fast and local: training gets `--epochs` of at most 5 (appended, so it wins over any
 * drawn value), named datasets get a `--data-dir` with a tiny copy, `fetch` is stubbed to fail, the cache
 * is a temporary directory, and every path written is inside the fixture directory.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { main } from '../../../src/cli/main.js';
import { defineTarget } from '../target.js';

/** Paths in cases are written `@name` and resolved against the fixture directory when the case runs. */
const AT = '@';
let root = '';
const resolve = (arg: string): string => (arg.startsWith(AT) ? join(root, arg.slice(1)) : arg);

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main(argv) with stdout and stderr captured. */
export async function runMain(args: readonly string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'platypus', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

function idx(dims: number[], values: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  out[2] = 8;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(values, 4 + 4 * dims.length);
  return out;
}

/** A tiny MNIST-style set: n images of 4×4, labels 0…9. */
function writeTinyMnist(dir: string, n: number, broken: boolean): void {
  mkdirSync(dir, { recursive: true });
  const images = idx([n, 4, 4], Uint8Array.from({ length: n * 16 }, (_, i) => (i * 37) % 256));
  const labels = idx([n], Uint8Array.from({ length: n }, (_, i) => i % 10));
  for (const split of ['train', 't10k']) {
    writeFileSync(join(dir, `${split}-images-idx3-ubyte.gz`), gzipSync(broken ? images.subarray(0, images.length - 5) : images));
    writeFileSync(join(dir, `${split}-labels-idx1-ubyte.gz`), gzipSync(labels));
  }
}

/** Text data files: good ones, and each way a file can be bad. */
const TEXT_FILES: Record<string, string | Uint8Array> = {
  'pizza.txt': 'Reservations  Pizzas\n13  33\n2  16\n14  32\n23  51\n13  27\n1  16\n18  34\n10  17\n26  29\n3  15\n',
  'police.txt': 'Reservations Temperature Tourists Police\n13 26 9 1\n2 14 6 0\n14 20 3 1\n23 25 9 1\n13 24 8 1\n1 13 2 0\n18 23 9 1\n10 18 10 0\n',
  'pets.csv': 'weight,height,kind\n4,30,cat\n30,60,dog\n5,25,cat\n25,55,dog\n0.5,10,bird\n0.4,12,bird\n',
  'one-class.csv': 'a,b,label\n1,2,cat\n3,4,cat\n5,6,cat\n',
  'one-row.csv': 'a,b,y\n1,2,1\n',
  'constant.csv': 'a,zero,y\n1,0,0\n2,0,1\n3,0,0\n4,0,1\n',
  'huge.csv': 'a,b,y\n1e300,-1e300,0\n-1e300,1e300,1\n1e299,1e-300,0\n5e300,3,1\n',
  'crlf.csv': 'a,b,y\r\n1,2,0\r\n3,4,1\r\n',
  'ragged.txt': 'a b y\n1 2 3\n4 5\n',
  'nan.csv': 'a,b,y\n1,NaN,0\n2,3,1\n',
  'empty.txt': '',
  'header-only.csv': 'a,b,y\n',
  'latin1.csv': Uint8Array.from([...Buffer.from('a,b,y\n1,2,0\n'), 0xe9, 0x2c, 0x31, 0x2c, 0x30, 0x0a]),
  'binary.bin': Uint8Array.from({ length: 300 }, (_, i) => (i * 101) % 256),
  'wide.csv': `${Array.from({ length: 300 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 300 }, (_, i) => i % 2).join(',')}\n${Array.from({ length: 300 }, (_, i) => (i + 1) % 2).join(',')}\n`,
};

const DATA_SPECS = [
  ...Object.keys(TEXT_FILES).map((f) => `${AT}data/${f}`),
  ...['circles', 'xor', 'spiral', 'gaussians', 'linear', 'blobs', 'line'],
  'mnist', 'fashion-mnist', `${AT}mnist/train-images-idx3-ubyte.gz`, `${AT}mnist/t10k-labels-idx1-ubyte.gz`, `${AT}broken/train-images-idx3-ubyte.gz`,
  `${AT}data`, `${AT}nothing.txt`, `${AT}data/nothing/x.csv`, 'pizza', '', ' ', 'MNIST', 'circles ', '-', '.',
];

/** Model files: trained in setup, and broken copies. */
const MODEL_FILES = ['linear', 'logistic', 'softmax', 'perceptron', 'mlp', 'images', 'truncated', 'future', 'not-json', 'empty', 'dir', 'missing', 'weights-only'].map((m) => `${AT}models/${m}.json`);

const INPUTS = ['20', '13,26,9', '1,2', '1 2', '0,0', '', ' ', 'x', '1e400', '-0', 'NaN', '1,,2', Array(16).fill('3').join(','), Array(300).fill('1').join(','), '١'];

const GENERIC_VALUES = ['0', '1', '2', '5', '-1', '0.5', '0.999', '1e-3', '1e6', '1e300', '1e400', 'NaN', 'Infinity', '-Infinity', 'abc', '', ' ', '0x10', '1_000', 'all', '3.5', '99999999999999999999'];

/** Values worth trying per flag, on top of the generic ones. */
const FLAG_VALUES: Record<string, readonly string[]> = {
  '--data': DATA_SPECS,
  '--model': ['linear', 'logistic', 'softmax', 'perceptron', 'mlp', 'mlp:4', 'mlp:3,2', 'mlp:0', 'mlp:', 'mlp:1,x', 'mlp:1000', 'mlp:100000,100000', 'mlp:5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5', 'neural', 'Linear'],
  '--label': ['y', 'label', 'kind', 'Pizzas', 'Police', 'a', 'zero', 'nope', 'c0', ''],
  '--positive': ['0', '1', '2', '9', 'cat', 'dog', 'bird', 'nope', '-1', '1.0', '', 'not cat'],
  '--out': [`${AT}out/m1.json`, `${AT}out/m2.json`, `${AT}out/missing-dir/m.json`, `${AT}data`, `${AT}out`, `${AT}models/linear.json`],
  '--report': [`${AT}out/report`, `${AT}out/report2`, `${AT}data/pizza.txt`],
  '--data-dir': [`${AT}mnist`, `${AT}broken`, `${AT}empty`, `${AT}nothing`, `${AT}data/pizza.txt`],
  '--init': ['zeros', 'random', 'book', 'xavier', 'he', 'ones'],
  '--activation': ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear', 'softmax', 'gelu'],
  '--optimizer': ['sgd', 'momentum', 'rmsprop', 'adam', 'adagrad'],
  '--output': ['softmax', 'sigmoid', 'linear', 'relu'],
  '--dtype': ['float32', 'float64', 'int8'],
  '--format': ['platypus', 'book', 'onnx'],
  '--batch-size': ['1', '2', '7', 'all', '0', '100000'],
  '--dropout': ['0', '0.5', '0.99', '1'],
  '--test-split': ['0', '0.25', '0.5', '0.9', '0.999', '1'],
  '--validation-split': ['0', '0.25', '0.5', '0.999'],
  '--hidden': ['3', '4,8', '2-2', '4-4,8', '0', 'x', '', '3,,4'],
  '--lr': ['0.1', '1', '0.1,1', '0.01,0.1,1', '1,x', '0', '-1'],
};

/** Values written into the fuzzed argv for --epochs: small whole numbers, or junk that fails fast. */
const SAFE_EPOCHS = ['0', '1', '2', '3', '5', '-1', 'x', '1.5', ''];

interface Flag {
  name: string;
  takesValue: boolean;
  /** its value names a file or directory (from the help's placeholder): only fixture paths are drawn */
  isPath: boolean;
}

/** Each command's flags, read from its --help in setup. */
const flagsOf: Record<string, Flag[]> = {};
const COMMANDS = ['train', 'evaluate', 'predict', 'export', 'compare', 'info', 'data list', 'data get'];
/** Commands that train, and so get a small --epochs appended. (`playground` starts a server: never drawn.) */
const TRAINING = new Set(['train', 'compare']);

async function readFlags(): Promise<void> {
  for (const command of COMMANDS) {
    const help = await runMain([...command.split(' '), '--help']);
    const flags: Flag[] = [];
    for (const m of help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z0-9-]+)( <[^>]+>| \[[^\]]+\])?/gm)) {
      if (m[1] !== '--help') flags.push({ name: m[1]!, takesValue: m[2] !== undefined, isPath: /file|dir|path|spec/i.test(m[2] ?? '') });
    }
    assert.ok(flags.length > 0 || command === 'predict' || command === 'data get', `no flags read from ${command} --help`);
    flagsOf[command] = flags;
  }
}

interface CliCase {
  /** which command (an index into COMMANDS, or a junk first word) */
  command: number | string;
  /** the model file of evaluate, predict and export (an index into MODEL_FILES) */
  model: number;
  /** the rows of predict */
  inputs: string[];
  /** positional arguments no command expects (usually none) */
  extra: string[];
  /** `--data <spec>` for train and evaluate (an index into DATA_SPECS), or none */
  data: number | null;
  /** option picks: [flag index, value index, generic values too] (reduced modulo the lists when run) or a junk token */
  options: ([number, number, boolean] | string)[];
  epochs: string;
  dataDir: string;
}

const junkToken = fc.oneof(
  fc.constantFrom('--', '-', '--nope', '-x', '--epochs=3', '--lr=0.1', '--data=blobs', '--json', '--quiet', '--debug', '--help', '-h', '--version', '-V', '--no-standardize', '--standardize', 'x', '', ' ', '--data'),
  fc.string({ maxLength: 10 }),
);

const cliCase: fc.Arbitrary<CliCase> = fc.record({
  command: fc.oneof({ weight: 30, arbitrary: fc.nat({ max: COMMANDS.length - 1 }) }, { weight: 1, arbitrary: fc.constantFrom('help', 'bogus', '', '--version', 'TRAIN') }),
  model: fc.nat({ max: MODEL_FILES.length - 1 }),
  inputs: fc.array(fc.constantFrom(...INPUTS), { minLength: 1, maxLength: 3 }),
  extra: fc.oneof({ weight: 9, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...MODEL_FILES, 'mnist', 'fashion-mnist', 'nope'), junkToken), { maxLength: 2 }) }),
  data: fc.oneof({ weight: 9, arbitrary: fc.nat({ max: DATA_SPECS.length - 1 }) }, { weight: 1, arbitrary: fc.constant(null) }),
  options: fc.array(fc.oneof({ weight: 15, arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.boolean()) }, { weight: 1, arbitrary: junkToken }), { maxLength: 8 }),
  epochs: fc.constantFrom(...SAFE_EPOCHS),
  dataDir: fc.constantFrom(`${AT}mnist`, `${AT}mnist`, `${AT}broken`, `${AT}empty`),
});

/** The argv of a case: the command, its positional arguments, the drawn options, then the safety flags. */
export function argvOf(c: CliCase): string[] {
  const commandName = typeof c.command === 'number' ? COMMANDS[c.command]! : c.command;
  const flags = (flagsOf[commandName] ?? []).filter((f) => f.name !== '--data');
  const args = commandName.split(' ').filter((w) => w !== '');
  if (commandName === 'evaluate' || commandName === 'predict' || commandName === 'export') args.push(MODEL_FILES[c.model]!);
  if (commandName === 'predict') args.push(...c.inputs);
  if (commandName === 'data get') args.push(['mnist', 'nope', '', 'MNIST', '../x'][c.model % 5]!);
  args.push(...c.extra);
  if ((TRAINING.has(commandName) || commandName === 'evaluate') && c.data !== null) args.push('--data', DATA_SPECS[c.data]!);
  for (const option of c.options) {
    if (typeof option === 'string') {
      args.push(option);
      continue;
    }
    const [f, v, generic] = option;
    const flag = flags[f % Math.max(1, flags.length)];
    if (!flag) continue;
    args.push(flag.name);
    if (!flag.takesValue) continue;
    // Paths are drawn only from the fixture directory, so nothing is ever written outside it.
    const values = flag.isPath
      ? (FLAG_VALUES[flag.name] ?? [`${AT}out/${flag.name.slice(2)}-1`, `${AT}out/${flag.name.slice(2)}-2`, `${AT}empty`, `${AT}data/pizza.txt`])
      : generic || !FLAG_VALUES[flag.name]
        ? [...(FLAG_VALUES[flag.name] ?? []), ...GENERIC_VALUES]
        : FLAG_VALUES[flag.name]!;
    args.push(values[v % values.length]!);
  }
  // Safety flags go last (the last value of a flag wins) but before a `--`, after which nothing is a flag.
  const safety: string[] = [];
  if (TRAINING.has(commandName)) safety.push('--epochs', c.epochs);
  if (args.some((a) => a === 'mnist' || a === 'fashion-mnist')) safety.push('--data-dir', c.dataDir);
  const end = args.indexOf('--');
  args.splice(end < 0 ? args.length : end, 0, ...safety);
  return args.map(resolve);
}

async function setup(): Promise<void> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir(); // saves fsync: keep them off the disk
  root = mkdtempSync(join(base, 'platypus-cli-fuzz-'));
  for (const dir of ['data', 'out', 'models', 'empty', 'cache']) mkdirSync(join(root, dir));
  for (const [name, content] of Object.entries(TEXT_FILES)) writeFileSync(join(root, 'data', name), content);
  writeTinyMnist(join(root, 'mnist'), 24, false);
  writeTinyMnist(join(root, 'broken'), 24, true);
  process.env['XDG_CACHE_HOME'] = join(root, 'cache');
  globalThis.fetch = (() => Promise.reject(new Error('network disabled while fuzzing'))) as typeof fetch;
  await readFlags();
  const models = join(root, 'models');
  const trained: [string, string[]][] = [
    ['linear', ['--data', join(root, 'data/pizza.txt'), '--model', 'linear']],
    ['logistic', ['--data', 'circles', '--model', 'logistic']],
    ['softmax', ['--data', 'blobs', '--model', 'softmax']],
    ['perceptron', ['--data', 'xor', '--model', 'perceptron']],
    ['mlp', ['--data', 'spiral', '--model', 'mlp:4']],
    ['images', ['--data', 'mnist', '--data-dir', join(root, 'mnist'), '--model', 'softmax']],
  ];
  for (const [name, args] of trained) {
    const r = await runMain(['train', ...args, '--epochs', '2', '--out', join(models, `${name}.json`)]);
    assert.equal(r.code, 0, `setup: training the ${name} model failed: ${r.stderr}`);
  }
  const text = readFileSync(join(models, 'softmax.json'), 'utf8');
  writeFileSync(join(models, 'truncated.json'), text.slice(0, text.length >> 1));
  writeFileSync(join(models, 'future.json'), text.replace('"version":1', '"version":99'));
  writeFileSync(join(models, 'not-json.json'), 'weights: [1, 2]');
  writeFileSync(join(models, 'empty.json'), '');
  writeFileSync(join(models, 'weights-only.json'), '[[[1,2],[3,4]],[[5],[6]]]');
  mkdirSync(join(models, 'dir.json'));
}

const sigintListeners = (): number => process.listenerCount('SIGINT');

/** What the working directory holds: a case must not add to it (every path it writes is in the fixtures). */
const cwdEntries = (): string => readdirSync('.').sort().join('\n');

/**
 * Failures found by this fuzzer in code outside the parsers, reported and awaiting a fix by their owner.
 * A case they match is counted under its label instead of failing the run; delete an entry once fixed,
 * and the fuzzer checks the fix.
 */
const KNOWN_ISSUES: { label: string; matches: (argv: readonly string[], r: Captured) => boolean }[] = [];

export const cli = defineTarget<CliCase>({
  arbitrary: cliCase,
  setup,
  teardown: () => rmSync(root, { recursive: true, force: true }),
  async check(c) {
    const argv = argvOf(c);
    const listeners = sigintListeners();
    const entries = cwdEntries();
    let result: Captured;
    try {
      result = await runMain(argv);
    } catch (e) {
      assert.fail(`main(${JSON.stringify(argv)}) rejected: ${String(e)}`);
    }
    const known = KNOWN_ISSUES.find((k) => k.matches(argv, result));
    if (known) return known.label;
    const { code, stderr } = result;
    const context = `platypus ${argv.map((a) => JSON.stringify(a)).join(' ')}\nexit ${code}, stderr:\n${stderr.slice(0, 2000)}`;
    assert.ok([0, 1, 2, 3].includes(code), `exit code ${code} is not 0, 1, 2 or 3: ${context}`);
    assert.doesNotMatch(stderr, /this is a bug/, context);
    if (!argv.includes('--debug')) assert.doesNotMatch(stderr, /\n\s+at .*:\d+:\d+\)?\n/, `a stack trace: ${context}`);
    if (code !== 0) assert.notEqual(stderr.trim(), '', `a failure says why on stderr: ${context}`);
    assert.ok((stderr.match(/platypus: error: /g) ?? []).length <= 1, `one error line: ${context}`);
    assert.equal(sigintListeners(), listeners, `the SIGINT handler was left installed: ${context}`);
    assert.equal(cwdEntries(), entries, `the case wrote into the working directory: ${context}`);
    return `exit ${code}`;
  },
  maxCaseMs: 20_000,
  allocationLimit: () => 512 * 1024 * 1024,
});
