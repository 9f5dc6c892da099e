import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { platypus, tempDir } from '../helpers/cli.js';

/** A bad-argument run: the exit code, one error line naming the problem, nothing on stdout, no stack trace. */
function assertCleanError(args: string[], code: number, pattern: RegExp): void {
  const r = platypus(args);
  assert.equal(r.code, code, `exit code for ${args.join(' ')}: ${r.stderr}`);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('platypus: error: '));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '');
}

function run(args: string[]): Record<string, any> {
  const r = platypus(args);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.json, `no JSON on the last line of stdout: ${r.stdout}`);
  return r.json!;
}

const close = (a: number, b: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} vs ${b}`);

const dir = tempDir();

test('explain gradient: every parameter tensor agrees with central differences in float64 (default network)', () => {
  const j = run(['explain', 'gradient', '--json']);
  assert.equal(j.topic, 'gradient');
  assert.equal(j.dtype, 'float64');
  assert.equal(j.passed, true);
  assert.ok(j.maxRelativeError < 1e-6, String(j.maxRelativeError));
  assert.deepEqual(j.parameters.map((p: any) => p.name), ['0.dense0.weights', '0.dense0.bias', '2.dense1.weights', '2.dense1.bias']);
  assert.deepEqual(j.rows, [0, 1, 2, 3]);
  for (const p of j.parameters) {
    assert.ok(p.maxRelativeError < 1e-6, `${p.name}: ${p.maxRelativeError}`);
    assert.ok(p.samples.length >= 1);
    for (const s of p.samples) {
      // The shown numbers check out: the difference quotient of the shown losses, and the error between the two columns.
      close(s.numeric, (s.lossPlus - s.lossMinus) / (2 * j.epsilon), 1e-9, `${p.name}[${s.index}] central difference`);
      const relative = Math.abs(s.analytic - s.numeric) / Math.max(Math.abs(s.analytic), Math.abs(s.numeric), j.floor);
      close(s.relativeError, relative, 1e-9, `${p.name}[${s.index}] relative error`);
      assert.ok(relative < 1e-6);
      assert.ok(s.lossPlus !== s.lossMinus || s.analytic === 0, 'the nudge changes the loss');
    }
  }
  const text = platypus(['explain', 'gradient']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Backpropagation computes ∂L\/∂w/);
  assert.match(text.stdout, /0\.dense0\.weights\[0,0\]/);
  assert.match(text.stdout, /agree: the largest relative error is .* below 1e-6/);
});

test('explain gradient on a float32 model file checks a float64 copy; --example and --rows pick the batch', () => {
  const model = join(dir, 'circles32.json');
  assert.equal(platypus(['train', '--data', 'circles', '--model', 'mlp:5', '--epochs', '20', '--dtype', 'float32', '--out', model, '--quiet']).code, 0);
  const j = run(['explain', 'gradient', '--model', model, '--data', 'circles', '--example', '10', '--rows', '3', '--json']);
  assert.equal(j.convertedFromFloat32, true);
  assert.equal(j.modelFile, model);
  assert.deepEqual(j.rows, [10, 11, 12]);
  assert.equal(j.passed, true);
  assert.ok(j.maxRelativeError < 1e-6);
  const linear = join(dir, 'softmax.json');
  assert.equal(platypus(['train', '--data', 'blobs', '--model', 'softmax', '--epochs', '50', '--lr', '0.1', '--out', linear, '--quiet']).code, 0);
  const s = run(['explain', 'gradient', '--model', linear, '--data', 'blobs', '--json']);
  assert.deepEqual(s.parameters.map((p: any) => p.name), ['weights', 'bias']);
  assert.ok(s.maxRelativeError < 1e-6);
});

test('explain softmax: the shown logits give the shown ŷ, loss, gradient ŷ − y and finite difference', () => {
  const j = run(['explain', 'softmax', '--example', '3', '--json']);
  assert.equal(j.example, 3);
  const z: number[] = j.logits;
  const t: number = j.trueClass;
  assert.equal(z.length, 3);
  const max = Math.max(...z);
  assert.equal(j.max, max);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  close(j.sum, sum, 1e-12, 'Σ exp(z − max)');
  // softmax computed here without the shift, as a check that the shift changes nothing
  const direct = z.map((v) => Math.exp(v) / z.reduce((a, w) => a + Math.exp(w), 0));
  j.probabilities.forEach((p: number, k: number) => close(p, direct[k]!, 1e-12, `ŷ[${k}]`));
  close(j.probabilities.reduce((a: number, b: number) => a + b, 0), 1, 1e-12, 'Σŷ');
  assert.deepEqual(j.oneHot, z.map((_, k) => (k === t ? 1 : 0)));
  close(j.loss, -Math.log(j.probabilities[t]), 1e-10, 'L = −log ŷ_true');
  close(j.libraryLoss, j.loss, 1e-12, 'library loss');
  j.gradient.forEach((g: number, k: number) => {
    close(g, j.probabilities[k] - j.oneHot[k], 1e-15, `∂L/∂z[${k}]`);
    close(j.libraryGradient[k], g, 1e-12, `library ∂L/∂z[${k}]`);
  });
  const fd = j.finiteDifference;
  assert.equal(fd.logit, t);
  close(fd.numeric, (fd.lossPlus - fd.lossMinus) / (2 * fd.h), 1e-9, 'central difference');
  assert.ok(Math.abs(fd.numeric - j.gradient[t]) / Math.abs(j.gradient[t]) < 1e-6, `${fd.numeric} vs ${j.gradient[t]}`);
  const text = platypus(['explain', 'softmax', '--example', '3']);
  assert.equal(text.code, 0, text.stderr);
  for (const part of ['1. the logits z', 'exp(z − max)', 'ŷ = ', 'L = −log ŷ', '∂L/∂z = ŷ − y', 'central difference']) assert.ok(text.stdout.includes(part), part);
});

test('explain cross-entropy: −log of the shown ŷ_true, confident-wrong costs the most, clipping at 1e-15', () => {
  const j = run(['explain', 'cross-entropy', '--json']);
  assert.equal(j.classes, 3);
  assert.deepEqual(j.cases.map((c: any) => c.kind), ['confident-right', 'unsure', 'confident-wrong']);
  for (const c of j.cases) {
    assert.equal(c.exact, true, c.kind);
    close(c.probabilities.reduce((a: number, b: number) => a + b, 0), 1, 1e-9, 'Σŷ');
    assert.equal(c.pTrue, c.probabilities[c.trueClass]);
    close(c.loss, -Math.log(c.pTrue), 1e-12, `${c.kind} loss`);
    assert.equal(c.predicted, c.probabilities.indexOf(Math.max(...c.probabilities)));
  }
  const [right, unsure, wrong] = j.cases;
  assert.equal(right.predicted, right.trueClass);
  assert.notEqual(wrong.predicted, wrong.trueClass);
  assert.ok(right.loss < unsure.loss && unsure.loss < wrong.loss, `${right.loss} < ${unsure.loss} < ${wrong.loss}`);
  close(j.meanLoss, (right.loss + unsure.loss + wrong.loss) / 3, 1e-12, 'mean');
  assert.equal(j.epsilon, 1e-15);
  assert.deepEqual(j.clipping.map((c: any) => c.pTrue), [0, 1e-20]);
  for (const c of j.clipping) close(c.loss, -Math.log(1e-15), 1e-12, `clipped loss of ${c.pTrue}`);
  const text = platypus(['explain', 'cross-entropy']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /confident and wrong/);
  assert.match(text.stdout, /34\.539/);
});

test('explain precision-recall: counts, precision and recall at 0.1 … 0.9 check out; the curve falls in recall', () => {
  const j = run(['explain', 'precision-recall', '--json']);
  assert.deepEqual(j.thresholds.map((r: any) => r.threshold), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  for (const r of j.thresholds) {
    assert.equal(r.tp + r.fp + r.tn + r.fn, j.rows);
    assert.equal(r.tp + r.fn, j.positives);
    close(r.precision, r.tp / (r.tp + r.fp), 1e-15, 'precision');
    close(r.recall, r.tp / (r.tp + r.fn), 1e-15, 'recall');
    close(r.f1, (2 * r.precision * r.recall) / (r.precision + r.recall), 1e-12, 'F1');
  }
  for (let i = 1; i < j.thresholds.length; i++) {
    assert.ok(j.thresholds[i].recall <= j.thresholds[i - 1].recall, 'recall never rises with the threshold');
    assert.ok(j.thresholds[i].tp + j.thresholds[i].fp <= j.thresholds[i - 1].tp + j.thresholds[i - 1].fp);
  }
  // the default overlaps: some threshold trades recall for precision
  assert.ok(j.thresholds[0].precision < j.thresholds[8].precision && j.thresholds[0].recall > j.thresholds[8].recall);
  const curve = j.curve;
  assert.equal(curve.precision.length, curve.recall.length);
  assert.equal(curve.recall[0], 1, 'the lowest threshold calls everything positive');
  close(curve.precision[0], j.positives / j.rows, 1e-12, 'precision at the lowest threshold');
});

test('explain precision-recall on a model file agrees with evaluate at threshold 0.5, and --report draws the curve', () => {
  const model = join(dir, 'gaussians.json');
  assert.equal(platypus(['train', '--data', 'gaussians', '--model', 'logistic', '--epochs', '200', '--lr', '0.1', '--out', model, '--quiet']).code, 0);
  const e = run(['evaluate', model, '--data', 'gaussians', '--json']);
  const report = join(dir, 'pr');
  const j = run(['explain', 'precision-recall', '--model', model, '--data', 'gaussians', '--report', report, '--json']);
  const half = j.thresholds.find((r: any) => r.threshold === 0.5);
  assert.deepEqual({ tp: half.tp, fp: half.fp, tn: half.tn, fn: half.fn }, e.binary);
  assert.equal(j.report, join(report, 'index.html'));
  const html = readFileSync(join(report, 'index.html'), 'utf8');
  assert.ok(html.includes('<svg') && html.includes('precision-recall trade-off'));
  assert.ok(existsSync(join(report, 'precision-recall.svg')));
  // A multiclass model answers "is it CLASS?" with that class's probability.
  const softmax = join(dir, 'blobs.json');
  assert.equal(platypus(['train', '--data', 'blobs', '--model', 'softmax', '--epochs', '100', '--lr', '0.1', '--out', softmax, '--quiet']).code, 0);
  const one = run(['explain', 'precision-recall', '--model', softmax, '--data', 'blobs', '--positive', '2', '--json']);
  assert.equal(one.positiveClass, '2');
  assert.equal(one.positives, 100);
});

test('explain: bad arguments give one-line errors with exit codes 1 and 2', () => {
  const regression = join(dir, 'line.json');
  assert.equal(platypus(['train', '--data', 'line', '--model', 'linear', '--epochs', '10', '--out', regression, '--quiet']).code, 0);
  assertCleanError(['explain', 'entropy'], 1, /unknown topic 'entropy'; topics are gradient, softmax, cross-entropy, precision-recall/);
  assertCleanError(['explain', 'gradient', '--model', join(dir, 'missing.json'), '--data', 'blobs'], 2, /missing\.json: no such file/);
  assertCleanError(['explain', 'precision-recall', '--model', regression, '--data', 'line'], 1, /needs a classifier; .*line\.json is a regression model/);
  assertCleanError(['explain', 'softmax', '--model', regression, '--data', 'line'], 1, /needs a multiclass model/);
  assertCleanError(['explain', 'softmax', '--model', regression], 1, /--model needs --data/);
  assertCleanError(['explain', 'softmax', '--report', join(dir, 'r')], 1, /--report applies to explain precision-recall, not softmax/);
  assertCleanError(['explain', 'precision-recall', '--data', 'blobs'], 1, /3 classes.*--positive CLASS/);
  assertCleanError(['explain', 'softmax', '--example', '5000'], 1, /--example 5000: .* has 300 rows/);
});

test('explain --help lists the topics with examples', () => {
  const r = platypus(['explain', '--help']);
  assert.equal(r.code, 0);
  for (const topic of ['gradient', 'softmax', 'cross-entropy', 'precision-recall', 'Examples:', 'platypus explain softmax --example']) assert.ok(r.stdout.includes(topic), topic);
});
