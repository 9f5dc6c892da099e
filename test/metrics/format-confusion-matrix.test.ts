import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, UsageError } from '../../src/errors.js';
import { confusionMatrix, formatConfusionMatrix } from '../../src/metrics/index.js';

const cm = confusionMatrix([0, 0, 0, 0, 0, 0, 1, 1, 1, 2], [0, 0, 0, 0, 1, 2, 1, 1, 0, 2]);

test('formatConfusionMatrix: true classes down, predicted across, under a "true \\ predicted" header', () => {
  const expected = [
    'true \\ predicted  platypus  echidna  wombat',
    'platypus                 4        1       1',
    'echidna                  1        2       0',
    'wombat                   0        0       1',
  ].join('\n');
  assert.equal(formatConfusionMatrix(cm, { classNames: ['platypus', 'echidna', 'wombat'] }), expected);
});

test('formatConfusionMatrix: labels as names, columns as wide as their largest count', () => {
  const expected = [
    'true \\ predicted     0  3',
    '0                 1200  1',
    '3                    0  7',
  ].join('\n');
  assert.equal(formatConfusionMatrix({ labels: [0, 3], matrix: [[1200, 1], [0, 7]] }), expected);
});

test('formatConfusionMatrix: a matrix that does not fit its labels, or a class without a name, is refused', () => {
  assert.throws(() => formatConfusionMatrix({ labels: [0, 1], matrix: [[1, 2]] }), ShapeError);
  assert.throws(() => formatConfusionMatrix(cm, { classNames: ['a', 'b'] }), UsageError);
});
