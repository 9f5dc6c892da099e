/**
 * Numerics under stress for the linear models, through the real command line: huge learning rates,
 * unscaled and extreme inputs, zero and constant columns, a single class, one example, empty splits.
 * Training either works — and then every reported number and every saved weight is finite — or stops
 * with exit 1 (usage), 2 (data) or 3 (diverged) and a one-line message that says what to do. Never NaN
 * weights reported as success, never a saved model that cannot be loaded.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadModel } from '../../src/cli/modelStore.js';
import { LinearModel } from '../../src/models/linearModel.js';
import { type CliResult, platypus, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const PIZZA = file('pizza.txt', 'Reservations Pizzas\n13 33\n2 16\n14 32\n23 51\n13 27\n1 16\n18 34\n10 17\n26 29\n3 15\n');
const UNSCALED = file('unscaled.csv', 'area,price,rent\n100000,2e6,10\n200000,1e6,20\n300000,3e6,35\n150000,2.5e6,18\n');
const HUGE = file('huge.csv', 'a,b,y\n1e300,-1e300,0\n-1e300,1e300,1\n1e299,1e-300,0\n5e300,3,1\n');
const ZERO_COLUMN = file('zero-column.csv', 'a,zero,y\n1,0,0\n2,0,1\n3,0,0\n4,0,1\n5,0,1\n');
const CONSTANT_COLUMNS = file('constant.csv', 'a,b,y\n7,7,0\n7,7,1\n7,7,0\n7,7,1\n');
const ONE_CLASS_NAMES = file('one-class.csv', 'a,b,label\n1,2,cat\n3,4,cat\n5,6,cat\n');
const ALL_ZERO_LABELS = file('all-zero.csv', 'a,b,y\n1,2,0\n3,4,0\n5,6,0\n');
const ONE_ROW = file('one-row.csv', 'a,b,y\n1,2,1\n');
const TEN_ROWS = file('ten.csv', `a,b,y\n${Array.from({ length: 10 }, (_, i) => `${i},${i % 3},${i % 2}`).join('\n')}\n`);

/** The message names a next step: a flag to change, or what to check. */
const HINT = /try |check |use |--[a-z]|rescale|needs? /;

/**
 * The contract: success with finite numbers everywhere (and, with --out, a model file that loads with
 * finite weights), or a failure with exit code 1–3, one error line with a hint, nothing on stdout and
 * no model file written.
 */
function worksOrStopsWithHint(r: CliResult, out?: string): 'worked' | 'stopped' {
  if (r.code === 0) {
    assert.ok(r.json, `a JSON summary: ${r.stdout}`);
    const finite = (v: unknown, path: string): void => {
      if (typeof v === 'number') assert.ok(Number.isFinite(v), `${path} is ${v} in a successful run: ${r.stdout}`);
      else if (Array.isArray(v)) v.forEach((x, i) => finite(x, `${path}[${i}]`));
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) finite(x, `${path}.${k}`);
    };
    finite(r.json.train, 'train');
    finite(r.json.test, 'test');
    finite(r.json.parameters, 'parameters');
    assert.doesNotMatch(r.stdout, /NaN|Infinity|null/, 'no NaN, Infinity or null in the summary');
    if (out !== undefined) {
      const { model } = loadModel(out);
      assert.ok(model instanceof LinearModel);
      for (const v of [...model.learned.weights.data, ...model.learned.bias.data]) assert.ok(Number.isFinite(v), `saved weight ${v}`);
    }
    return 'worked';
  }
  assert.ok([1, 2, 3].includes(r.code), `exit code ${r.code}: ${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('platypus: error: '));
  assert.ok(line, `an error line: ${r.stderr}`);
  assert.match(line, HINT, `the error says what to do: ${line}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '', 'nothing on stdout');
  if (out !== undefined) assert.ok(!existsSync(out), 'no model file is saved when training fails');
  return 'stopped';
}

const train = (args: string[], out?: string): CliResult => platypus(['train', ...args, '--json', '--quiet', ...(out ? ['--out', out] : [])]);
const outPath = (name: string): string => join(dir, `${name}.model.json`);

describe('huge learning rates', () => {
  for (const [model, data] of [
    ['linear', PIZZA],
    ['logistic', 'circles'],
    ['softmax', 'blobs'],
    ['perceptron', 'xor'],
  ] as const) {
    test(`${model} with --lr 1e300 diverges with a hint, or works with finite weights (a saturated sigmoid can stop the steps)`, () => {
      const out = outPath(`lr-${model}`);
      const r = train(['--data', data, '--model', model, '--lr', '1e300', '--epochs', '50'], out);
      if (worksOrStopsWithHint(r, out) === 'stopped') {
        assert.equal(r.code, 3);
        assert.match(r.stderr, /diverged at epoch \d+.*try a smaller learning rate \(--lr\)/);
      }
    });
  }

  test('linear with --lr 1 on the pizza data diverges at a named epoch', () => {
    const r = train(['--data', PIZZA, '--lr', '1', '--epochs', '1000']);
    assert.equal(worksOrStopsWithHint(r), 'stopped');
    assert.match(r.stderr, /training diverged at epoch \d+, batch 1: the loss became Infinity; try a smaller learning rate/);
  });
});

describe('unscaled and extreme inputs', () => {
  test('inputs in the millions diverge at the book learning rate, with a hint to standardize', () => {
    const r = train(['--data', UNSCALED, '--epochs', '100']);
    assert.equal(worksOrStopsWithHint(r), 'stopped');
    assert.match(r.stderr, /--standardize/);
  });

  test('the same inputs standardized train to a good fit', () => {
    const out = outPath('unscaled');
    const r = train(['--data', UNSCALED, '--epochs', '500', '--lr', '0.1', '--standardize'], out);
    assert.equal(worksOrStopsWithHint(r, out), 'worked');
    assert.ok(r.json!.train.r2 > 0.9, `R² ${r.json!.train.r2}`);
  });

  test('values near 1e300 without standardizing stop with a hint', () => {
    for (const model of ['linear', 'logistic']) {
      const r = train(['--data', HUGE, '--model', model, '--epochs', '10']);
      assert.equal(worksOrStopsWithHint(r), 'stopped', model);
      assert.match(r.stderr, /check the data for extreme values/);
    }
  });

  test('values near 1e300, standardized, train and save a model that loads (the standardizer does not overflow)', () => {
    const out = outPath('huge');
    const r = train(['--data', HUGE, '--model', 'logistic', '--epochs', '200', '--lr', '0.5', '--standardize'], out);
    assert.equal(worksOrStopsWithHint(r, out), 'worked');
    const weights = r.json!.parameters.weights as number[];
    assert.ok(weights.some((w) => w !== 0), `the inputs are used, not scaled to zero: ${weights}`);
    const { model } = loadModel(out);
    const std = (model as LinearModel).learned.standardizer!.std;
    assert.ok(std.every((s) => Number.isFinite(s) && s > 1e299), `std ${Array.from(std)}`);
    const p = platypus(['predict', out, '1e300,-1e300', '--json']);
    assert.equal(p.code, 0, p.stderr);
    assert.ok(Number.isFinite(p.json!.predictions[0].probability));
  });

  test('values beyond float32 in a float32 model stop with a hint', () => {
    const r = train(['--data', HUGE, '--model', 'linear', '--epochs', '3', '--dtype', 'float32']);
    assert.equal(worksOrStopsWithHint(r), 'stopped');
  });

  test('values beyond float32 in a float32 model with 0 epochs stop with a hint before training', () => {
    const r = train(['--data', HUGE, '--model', 'linear', '--epochs', '0', '--dtype', 'float32']);
    assert.equal(worksOrStopsWithHint(r), 'stopped');
    assert.match(r.stderr, /beyond float32's range; use --dtype float64/);
  });
});

describe('zero and constant columns', () => {
  test('an all-zero column gets weight 0 and the rest trains, standardized or not', () => {
    for (const flags of [['--standardize'], ['--no-standardize']]) {
      const out = outPath(`zero${flags[0]}`);
      const r = train(['--data', ZERO_COLUMN, '--model', 'logistic', '--epochs', '300', '--lr', '0.1', ...flags], out);
      assert.equal(worksOrStopsWithHint(r, out), 'worked');
      assert.equal(r.json!.parameters.weights[1], 0, 'no gradient ever reaches the zero column');
    }
  });

  test('constant columns standardize to 0 instead of dividing by a zero std', () => {
    const out = outPath('constant');
    const r = train(['--data', CONSTANT_COLUMNS, '--model', 'logistic', '--epochs', '100', '--standardize'], out);
    assert.equal(worksOrStopsWithHint(r, out), 'worked');
    assert.deepEqual(r.json!.parameters.weights, [0, 0]);
  });
});

describe('a single class', () => {
  test('softmax on labels that are all one class name stops with a hint', () => {
    const out = outPath('one-class');
    const r = train(['--data', ONE_CLASS_NAMES, '--model', 'softmax', '--epochs', '20'], out);
    assert.equal(worksOrStopsWithHint(r, out), 'stopped');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /every one of the 3 training targets is class 0; a classifier needs examples of at least two classes/);
  });

  for (const model of ['logistic', 'perceptron']) {
    test(`${model} on 0/1 labels that are all 0 stops with a hint`, () => {
      const r = train(['--data', ALL_ZERO_LABELS, '--model', model, '--epochs', '20']);
      assert.equal(worksOrStopsWithHint(r), 'stopped');
      assert.match(r.stderr, /at least two classes/);
    });
  }

  test('--positive naming a class absent from the training rows stops with a hint', () => {
    const r = train(['--data', ONE_CLASS_NAMES, '--model', 'logistic', '--positive', 'dog', '--epochs', '5']);
    assert.equal(worksOrStopsWithHint(r), 'stopped');
  });

  test('a network on one class stops with a hint', () => {
    assert.equal(worksOrStopsWithHint(train(['--data', ONE_CLASS_NAMES, '--model', 'mlp:3', '--epochs', '5'])), 'stopped');
  });
});

describe('one example, and empty splits', () => {
  test('linear regression on one example works (R² is left out: it is undefined for one row)', () => {
    const out = outPath('one-row');
    for (const flags of [[], ['--standardize']]) {
      const r = train(['--data', ONE_ROW, '--model', 'linear', '--epochs', '100', ...flags], out);
      assert.equal(worksOrStopsWithHint(r, out), 'worked');
      assert.equal(r.json!.train.r2, undefined);
    }
  });

  test('a classifier on one example stops: one example is one class', () => {
    const r = train(['--data', ONE_ROW, '--model', 'logistic', '--epochs', '10']);
    assert.equal(worksOrStopsWithHint(r), 'stopped');
  });

  test('--test-split that leaves no test or no training rows is a usage error naming the split', () => {
    for (const [data, split] of [
      [ONE_ROW, '0.5'],
      [TEN_ROWS, '0.01'],
      [TEN_ROWS, '0.99'],
      ['blobs', '0.999'],
    ] as const) {
      const r = train(['--data', data, '--model', 'logistic', '--test-split', split, '--epochs', '5', '--positive', '1']);
      assert.equal(worksOrStopsWithHint(r), 'stopped', `${data} ${split}`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /split/);
    }
  });

  test('a split that leaves one class in the training rows stops with a hint, not a model of one class', () => {
    const r = train(['--data', TEN_ROWS, '--model', 'logistic', '--test-split', '0.8', '--epochs', '5', '--seed', '3']);
    worksOrStopsWithHint(r);
  });
});
