/**
 * The 2-D lab's setup as a declarative table of properties: the same table parses the URL's query string
 * and writes it back, so a shared link reproduces the dataset, the network and its hyperparameters
 * (see table.ts). The image lab's properties are in imageProps.ts. No DOM.
 */
import type { NeuralNetworkOptions } from '../../models/neuralNetwork.js';
import { type Prop, asText, numberIn, oneOf, parseProps, prop, writeProps } from './table.js';

export type ActivationChoice = NonNullable<NeuralNetworkOptions['activation']>;
export type OptimizerChoice = NonNullable<NeuralNetworkOptions['optimizer']>;

export const DATASETS = ['circles', 'xor', 'spiral', 'gaussians', 'linear', 'blobs', 'csv'] as const;
export type DatasetChoice = (typeof DATASETS)[number];
export const ACTIVATIONS: readonly ActivationChoice[] = ['tanh', 'relu', 'sigmoid', 'leaky-relu', 'linear'];
export const OPTIMIZERS: readonly OptimizerChoice[] = ['sgd', 'momentum', 'rmsprop', 'adam'];
export const LEARNING_RATES: readonly number[] = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
export const L2_RATES: readonly number[] = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1];
export const MAX_LAYERS = 6;
export const MAX_NODES = 8;

/** Everything that fixes a run of the 2-D lab: the same config gives the same data, weights and trajectory. */
export interface LabConfig {
  dataset: DatasetChoice;
  /** gaussian noise of the generator */
  noise: number;
  /** number of points */
  size: number;
  /** classes of spiral and blobs */
  classes: number;
  /** fraction of the points held out for the test loss */
  testFraction: number;
  /** nodes per hidden layer */
  hidden: number[];
  activation: ActivationChoice;
  learningRate: number;
  batchSize: number;
  optimizer: OptimizerChoice;
  l2: number;
  seed: number;
}

export const DEFAULT_CONFIG: Readonly<LabConfig> = Object.freeze({
  dataset: 'circles',
  noise: 0.1,
  size: 300,
  classes: 3,
  testFraction: 0.3,
  hidden: [4, 4],
  activation: 'tanh',
  learningRate: 0.03,
  batchSize: 10,
  optimizer: 'sgd',
  l2: 0,
  seed: 1,
});

type LabProp = Prop<LabConfig>;
const labProp = <K extends keyof LabConfig>(p: Prop<LabConfig, K>): LabProp => prop(p);

/** The table: one row per property, in URL order. */
export const PROPS: readonly LabProp[] = [
  labProp({ key: 'dataset', param: 'dataset', parse: oneOf(DATASETS), write: asText }),
  labProp({ key: 'noise', param: 'noise', parse: numberIn(0, 1, false), write: asText }),
  labProp({ key: 'size', param: 'size', parse: numberIn(20, 5000, true), write: asText }),
  labProp({ key: 'classes', param: 'classes', parse: numberIn(2, 8, true), write: asText }),
  labProp({ key: 'testFraction', param: 'test', parse: numberIn(0.05, 0.9, false), write: asText }),
  labProp({
    key: 'hidden',
    param: 'hidden',
    parse: (text) => {
      if (text === '') return [];
      const sizes = text.split(',').map(numberIn(1, MAX_NODES, true));
      if (sizes.length > MAX_LAYERS || sizes.some((s) => s === undefined)) return undefined;
      return sizes as number[];
    },
    write: (v) => v.join(','),
  }),
  labProp({ key: 'activation', param: 'activation', parse: oneOf(ACTIVATIONS), write: asText }),
  labProp({ key: 'learningRate', param: 'lr', parse: numberIn(1e-6, 10, false), write: asText }),
  labProp({ key: 'batchSize', param: 'batch', parse: numberIn(1, 1000, true), write: asText }),
  labProp({ key: 'optimizer', param: 'optimizer', parse: oneOf(OPTIMIZERS), write: asText }),
  labProp({ key: 'l2', param: 'l2', parse: numberIn(0, 1, false), write: asText }),
  labProp({ key: 'seed', param: 'seed', parse: numberIn(0, 2 ** 31 - 1, true), write: asText }),
];

/** The config a query string describes; missing or invalid properties keep their defaults. */
export function parseConfig(search: string): LabConfig {
  return parseProps(PROPS, { ...DEFAULT_CONFIG, hidden: [...DEFAULT_CONFIG.hidden] }, search);
}

/** The query string (with its leading '?') that parseConfig turns back into `config`. */
export function writeConfig(config: LabConfig): string {
  return writeProps(PROPS, config);
}
