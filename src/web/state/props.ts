/**
 * The 2-D lab's setup as a declarative table of properties: the same table parses the URL's query string
 * and writes it back, so a shared link reproduces the dataset, the network and its hyperparameters.
 * No DOM: URLSearchParams only.
 */
import type { NeuralNetworkOptions } from '../../models/neuralNetwork.js';

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

/** One property: its URL name, how to read it (undefined = invalid, keep the default) and how to write it. */
interface Prop<K extends keyof LabConfig> {
  key: K;
  param: string;
  parse(text: string): LabConfig[K] | undefined;
  write(value: LabConfig[K]): string;
}

function numberIn(min: number, max: number, integer: boolean): (text: string) => number | undefined {
  return (text) => {
    if (text.trim() === '') return undefined;
    const v = Number(text);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) return undefined;
    // + 0 turns -0 into 0, so '-0' reads back as the '0' it is written as.
    return v + 0;
  };
}

function oneOf<T extends string>(choices: readonly T[]): (text: string) => T | undefined {
  return (text) => (choices as readonly string[]).includes(text) ? (text as T) : undefined;
}

const asText = (v: number | string): string => String(v);

function prop<K extends keyof LabConfig>(p: Prop<K>): Prop<keyof LabConfig> {
  return p as unknown as Prop<keyof LabConfig>;
}

/** The table: one row per property, in URL order. */
export const PROPS: readonly Prop<keyof LabConfig>[] = [
  prop({ key: 'dataset', param: 'dataset', parse: oneOf(DATASETS), write: asText }),
  prop({ key: 'noise', param: 'noise', parse: numberIn(0, 1, false), write: asText }),
  prop({ key: 'size', param: 'size', parse: numberIn(20, 5000, true), write: asText }),
  prop({ key: 'classes', param: 'classes', parse: numberIn(2, 8, true), write: asText }),
  prop({ key: 'testFraction', param: 'test', parse: numberIn(0.05, 0.9, false), write: asText }),
  prop({
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
  prop({ key: 'activation', param: 'activation', parse: oneOf(ACTIVATIONS), write: asText }),
  prop({ key: 'learningRate', param: 'lr', parse: numberIn(1e-6, 10, false), write: asText }),
  prop({ key: 'batchSize', param: 'batch', parse: numberIn(1, 1000, true), write: asText }),
  prop({ key: 'optimizer', param: 'optimizer', parse: oneOf(OPTIMIZERS), write: asText }),
  prop({ key: 'l2', param: 'l2', parse: numberIn(0, 1, false), write: asText }),
  prop({ key: 'seed', param: 'seed', parse: numberIn(0, 2 ** 31 - 1, true), write: asText }),
];

/** The config a query string describes; missing or invalid properties keep their defaults. */
export function parseConfig(search: string): LabConfig {
  const params = new URLSearchParams(search);
  const config: LabConfig = { ...DEFAULT_CONFIG, hidden: [...DEFAULT_CONFIG.hidden] };
  const target = config as unknown as Record<string, unknown>;
  for (const p of PROPS) {
    const text = params.get(p.param);
    if (text === null) continue;
    const value = p.parse(text);
    if (value !== undefined) target[p.key] = value;
  }
  return config;
}

/** The query string (with its leading '?') that parseConfig turns back into `config`. */
export function writeConfig(config: LabConfig): string {
  const params = new URLSearchParams();
  for (const p of PROPS) params.set(p.param, p.write(config[p.key]));
  return `?${params.toString()}`;
}
