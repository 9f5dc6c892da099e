import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { classificationReport } from '../../src/metrics/index.js';

function assertClose(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

// scikit-learn's documentation example. Counts: tp [1,0,2], fp [1,1,0], fn [0,1,1], support [1,1,3].
// P = [1/2, 0, 1], R = [1, 0, 2/3], F1 = [2/3, 0, 4/5], accuracy 3/5.
const yTrue = [0, 1, 2, 2, 2];
const yPred = [0, 0, 2, 2, 1];

test('classificationReport: per-class rows, accuracy and both averages', () => {
  const report = classificationReport(yTrue, yPred, { classNames: ['class 0', 'class 1', 'class 2'] });
  assert.deepEqual(
    report.classes.map((c) => [c.label, c.name, c.support]),
    [
      [0, 'class 0', 1],
      [1, 'class 1', 1],
      [2, 'class 2', 3],
    ],
  );
  const expected = [
    [1 / 2, 1, 2 / 3],
    [0, 0, 0],
    [1, 2 / 3, 4 / 5],
  ];
  report.classes.forEach((c, k) => {
    assertClose(c.precision, expected[k]![0]!);
    assertClose(c.recall, expected[k]![1]!);
    assertClose(c.f1, expected[k]![2]!);
  });
  assert.equal(report.accuracy, 0.6);
  assert.equal(report.support, 5);
  assertClose(report.macroAvg.precision, 1 / 2);
  assertClose(report.macroAvg.recall, 5 / 9);
  assertClose(report.macroAvg.f1, 22 / 45);
  assert.equal(report.macroAvg.support, 5);
  assertClose(report.weightedAvg.precision, 0.7);
  assertClose(report.weightedAvg.recall, 0.6);
  assertClose(report.weightedAvg.f1, 46 / 75);
  assert.deepEqual(report.zeroDivisionLabels, { precision: [], recall: [], f1: [] });
});

test('classificationReport: names default to the labels', () => {
  assert.deepEqual(
    classificationReport(yTrue, yPred).classes.map((c) => c.name),
    ['0', '1', '2'],
  );
});

test('classificationReport: classNames are indexed by class, and a named class that never occurs still gets a row', () => {
  const report = classificationReport([0, 2], [0, 2], { classNames: ['platypus', 'echidna', 'wombat'] });
  assert.deepEqual(
    report.classes.map((c) => [c.name, c.support, c.precision]),
    [
      ['platypus', 1, 1],
      ['echidna', 0, 0],
      ['wombat', 1, 1],
    ],
  );
  assert.deepEqual(report.zeroDivisionLabels, { precision: [1], recall: [1], f1: [1] });
  assertClose(report.macroAvg.precision, 2 / 3);
  assert.equal(report.weightedAvg.precision, 1);
});

test('classificationReport: zeroDivision 1 scores the never-predicted class as 1', () => {
  const report = classificationReport([0, 1, 2, 2], [0, 1, 1, 0], { zeroDivision: 1 });
  assert.equal(report.classes[2]!.precision, 1);
  assertClose(report.macroAvg.precision, 2 / 3);
});

test('classificationReport: too few classNames is a UsageError', () => {
  assert.throws(() => classificationReport(yTrue, yPred, { classNames: ['a', 'b'] }), UsageError);
  assert.throws(() => classificationReport(yTrue, yPred, { classNames: ['a'], labels: [0, 2] }), /class 2 has none/);
});
