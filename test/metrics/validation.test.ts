import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, ShapeError, UsageError } from '../../src/errors.js';
import {
  type Average,
  accuracyScore,
  binaryCounts,
  classCounts,
  classificationReport,
  confusionMatrix,
  f1Score,
  perClassPrecisionRecallFscore,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
} from '../../src/metrics/index.js';

type LabelMetric = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>) => unknown;

// Every metric over two label arrays, called with options that let any two classes through.
const labelMetrics: Record<string, LabelMetric> = {
  accuracyScore,
  confusionMatrix: (t, p) => confusionMatrix(t, p),
  classCounts: (t, p) => classCounts(t, p),
  binaryCounts: (t, p) => binaryCounts(t, p),
  perClassPrecisionRecallFscore: (t, p) => perClassPrecisionRecallFscore(t, p),
  precisionRecallFscoreSupport: (t, p) => precisionRecallFscoreSupport(t, p, { average: 'macro' }),
  precisionScore: (t, p) => precisionScore(t, p, { average: 'macro' }),
  recallScore: (t, p) => recallScore(t, p, { average: 'macro' }),
  f1Score: (t, p) => f1Score(t, p, { average: 'macro' }),
  classificationReport: (t, p) => classificationReport(t, p),
};

/** Checks the error's class and that its message names the function and the argument. */
function assertThrowsNaming(run: () => unknown, kind: typeof ShapeError | typeof DataError, ...parts: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" should mention "${part}"`);
    return true;
  });
}

for (const [name, metric] of Object.entries(labelMetrics)) {
  test(`${name}: lengths that differ are a ShapeError`, () => {
    assertThrowsNaming(() => metric([0, 1, 1], [0, 1]), ShapeError, `${name}:`, 'yTrue has 3 values', 'yPred has 2');
  });

  test(`${name}: empty input is a DataError`, () => {
    assertThrowsNaming(() => metric([], []), DataError, `${name}:`, 'yTrue is empty');
  });

  test(`${name}: non-integer, negative and NaN labels are DataErrors naming the sample`, () => {
    assertThrowsNaming(() => metric([0, 1, 1], [0, 1.5, 1]), DataError, `${name}:`, 'yPred[1] is 1.5');
    assertThrowsNaming(() => metric([0, -1, 1], [0, 1, 1]), DataError, `${name}:`, 'yTrue[1] is -1');
    assertThrowsNaming(() => metric([0, 1, NaN], [0, 1, 1]), DataError, `${name}:`, 'yTrue[2] is NaN');
  });
}

test('a label at or above numClasses is a DataError', () => {
  assertThrowsNaming(() => confusionMatrix([0, 1], [0, 3], { numClasses: 3 }), DataError, 'confusionMatrix:', 'yPred[1] is 3', 'numClasses is 3');
});

test('label options: both labels and numClasses, bad labels, bad numClasses are UsageErrors', () => {
  assert.throws(() => confusionMatrix([0], [0], { labels: [0], numClasses: 1 }), UsageError);
  assert.throws(() => confusionMatrix([0], [0], { labels: [] }), /labels is empty/);
  assert.throws(() => confusionMatrix([0], [0], { labels: [0, 0] }), /lists 0 twice/);
  assert.throws(() => classCounts([0], [0], { labels: [-1] }), /labels contains -1/);
  assert.throws(() => classCounts([0], [0], { numClasses: 0 }), /numClasses is 0/);
});

test('averaging options: unknown averages, "none", zeroDivision and binary misuse are UsageErrors', () => {
  assert.throws(() => precisionScore([0, 1], [0, 1], { average: 'none' as unknown as Average }), /call perClassPrecisionRecallFscore/);
  assert.throws(() => precisionScore([0, 1], [0, 1], { average: 'samples' as unknown as Average }), UsageError);
  assert.throws(() => recallScore([0, 1], [0, 1], { zeroDivision: 0.5 }), /recallScore: zeroDivision is 0.5/);
  assert.throws(() => f1Score([0, 1, 2], [0, 1, 2]), /f1Score: average 'binary' needs at most 2 classes but found 3/);
  assert.throws(() => f1Score([0, 2], [0, 2]), /positiveLabel 1 is not one of the classes found \(0, 2\)/);
  assert.throws(() => f1Score([0, 1], [0, 1], { numClasses: 2 }), UsageError);
  assert.throws(() => binaryCounts([0, 1], [0, 1], { positiveLabel: 0.5 }), /binaryCounts: positiveLabel is 0.5/);
});
