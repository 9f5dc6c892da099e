/**
 * Metrics, following scikit-learn's conventions: arguments come as (yTrue, yPred, options);
 * `*Score` is higher-is-better, `*Loss` and `*Error` lower-is-better; confusion-matrix rows are true classes;
 * precision, recall and F1 all come from one set of counts; 0/0 is settled by an explicit `zeroDivision`.
 */
export { accuracyScore } from './accuracy.js';
export { confusionMatrix } from './confusion-matrix.js';
export type { ConfusionMatrix } from './confusion-matrix.js';
export { formatConfusionMatrix } from './format-confusion-matrix.js';
export type { FormatConfusionMatrixOptions } from './format-confusion-matrix.js';
export type { LabelOptions } from './labels.js';
export { classCounts } from './class-counts.js';
export type { ClassCounts } from './class-counts.js';
export { binaryCounts } from './binary-counts.js';
export type { BinaryCounts, BinaryCountsOptions } from './binary-counts.js';
export { perClassPrecisionRecallFscore, scoresFromCounts } from './per-class-scores.js';
export type { PerClassOptions, PerClassScores, ZeroDivisionLabels, ZeroDivisionOptions } from './per-class-scores.js';
export type { AveragedRow, MulticlassAverage } from './averaging.js';
export { f1Score, precisionRecallFscoreSupport, precisionScore, recallScore } from './precision-recall-fscore.js';
export type { Average, AverageOptions, AveragedScores } from './precision-recall-fscore.js';
export { classificationReport } from './classification-report.js';
export type { ClassReportRow, ClassificationReport, ClassificationReportOptions } from './classification-report.js';
export { formatClassificationReport } from './format-classification-report.js';
export type { FormatClassificationReportOptions } from './format-classification-report.js';
export { PROBABILITY_SUM_TOLERANCE, binaryLogLoss, categoricalLogLoss } from './log-loss.js';
export type { LogLossOptions } from './log-loss.js';
export { meanAbsoluteError, meanSquaredError, r2Score } from './regression.js';
export { thresholdSweep } from './threshold-sweep.js';
export type { ThresholdCounts } from './threshold-sweep.js';
export { precisionRecallCurve } from './precision-recall-curve.js';
export type { PrecisionRecallCurve } from './precision-recall-curve.js';
