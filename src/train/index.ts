export { YIELD_EVERY_MS, evaluateLoss, fit, fitAsync } from './fit.js';
export type { BatchEvent, FitOptions, LoopCheckpoint, TrainingData } from './fit.js';
export type { EpochRecord, History } from './history.js';
export type { Objective } from './objective.js';
