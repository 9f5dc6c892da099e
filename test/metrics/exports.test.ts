import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as metrics from '../../src/metrics/index.js';

test('src/metrics/index.ts exports exactly this public API', () => {
  assert.deepEqual(Object.keys(metrics).sort(), [
    'PROBABILITY_SUM_TOLERANCE',
    'accuracyScore',
    'binaryCounts',
    'binaryLogLoss',
    'categoricalLogLoss',
    'classCounts',
    'classificationReport',
    'confusionMatrix',
    'f1Score',
    'formatClassificationReport',
    'formatConfusionMatrix',
    'meanAbsoluteError',
    'meanSquaredError',
    'perClassPrecisionRecallFscore',
    'precisionRecallCurve',
    'precisionRecallFscoreSupport',
    'precisionScore',
    'r2Score',
    'recallScore',
    'scoresFromCounts',
    'thresholdSweep',
  ]);
});
