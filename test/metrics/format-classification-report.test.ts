import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { classificationReport, formatClassificationReport } from '../../src/metrics/index.js';

const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { classNames: ['class 0', 'class 1', 'class 2'] });

test('formatClassificationReport: the layout of scikit-learn', () => {
  const expected = [
    '              precision    recall  f1-score   support',
    '',
    '     class 0       0.50      1.00      0.67         1',
    '     class 1       0.00      0.00      0.00         1',
    '     class 2       1.00      0.67      0.80         3',
    '',
    '    accuracy                           0.60         5',
    '   macro avg       0.50      0.56      0.49         5',
    'weighted avg       0.70      0.60      0.61         5',
  ].join('\n');
  assert.equal(formatClassificationReport(report), expected);
});

test('formatClassificationReport: digits and a long class name widen the table', () => {
  const r = classificationReport([0, 1, 1], [0, 1, 0], { classNames: ['platypus', 'short-beaked echidna'] });
  const expected = [
    '                      precision    recall  f1-score   support',
    '',
    '            platypus      0.500     1.000     0.667         1',
    'short-beaked echidna      1.000     0.500     0.667         2',
    '',
    '            accuracy                          0.667         3',
    '           macro avg      0.750     0.750     0.667         3',
    '        weighted avg      0.833     0.667     0.667         3',
  ].join('\n');
  assert.equal(formatClassificationReport(r, { digits: 3 }), expected);
});

test('formatClassificationReport: digits must be a whole number from 0 to 15', () => {
  assert.throws(() => formatClassificationReport(report, { digits: -1 }), UsageError);
  assert.throws(() => formatClassificationReport(report, { digits: 2.5 }), /digits is 2.5/);
});
