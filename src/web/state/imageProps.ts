/**
 * The image lab's setup as a table of URL properties (see table.ts): which class names the files carry, the
 * network (hidden units, activation), the learning rate, batch size, epochs and seed. The files themselves are
 * not in the link: the visitor picks them again. Parameter names start with 'image' so they never meet the 2-D
 * lab's (props.ts), and both parts share one query string. No DOM.
 */
import { type Prop, asText, numberIn, oneOf, parseProps, prop, writeProps } from './table.js';

/** The class names given to the files' labels: MNIST digits or Fashion-MNIST's clothes. */
export const IMAGE_DATASETS = ['mnist', 'fashion'] as const;
export type ImageDatasetChoice = (typeof IMAGE_DATASETS)[number];
/** Activations of the hidden layer; sigmoid is the book's. */
export const IMAGE_ACTIVATIONS = ['sigmoid', 'relu', 'tanh'] as const;
export type ImageActivationChoice = (typeof IMAGE_ACTIVATIONS)[number];

/** Bounds of the numeric settings, shared by the URL and the form's inputs. */
export const IMAGE_LIMITS = {
  hidden: { min: 1, max: 1000 },
  learningRate: { min: 0.0001, max: 10 },
  batchSize: { min: 1, max: 10000 },
  epochs: { min: 1, max: 100 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/** Everything that fixes an image-lab run on given files: the same config gives the same weights, batch by batch. */
export interface ImageLabConfig {
  dataset: ImageDatasetChoice;
  /** units of the one hidden layer */
  hidden: number;
  activation: ImageActivationChoice;
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
}

export const DEFAULT_IMAGE_CONFIG: Readonly<ImageLabConfig> = Object.freeze({
  dataset: 'mnist',
  hidden: 100,
  activation: 'sigmoid',
  learningRate: 0.5,
  batchSize: 32,
  epochs: 5,
  seed: 1,
});

type ImageProp = Prop<ImageLabConfig>;
const imageProp = <K extends keyof ImageLabConfig>(p: Prop<ImageLabConfig, K>): ImageProp => prop(p);
const limit = (bounds: { min: number; max: number }, integer: boolean): ((text: string) => number | undefined) =>
  numberIn(bounds.min, bounds.max, integer);

/** The table: one row per property, in URL order. */
export const IMAGE_PROPS: readonly ImageProp[] = [
  imageProp({ key: 'dataset', param: 'image', parse: oneOf(IMAGE_DATASETS), write: asText }),
  imageProp({ key: 'hidden', param: 'image-hidden', parse: limit(IMAGE_LIMITS.hidden, true), write: asText }),
  imageProp({ key: 'activation', param: 'image-activation', parse: oneOf(IMAGE_ACTIVATIONS), write: asText }),
  imageProp({ key: 'learningRate', param: 'image-lr', parse: limit(IMAGE_LIMITS.learningRate, false), write: asText }),
  imageProp({ key: 'batchSize', param: 'image-batch', parse: limit(IMAGE_LIMITS.batchSize, true), write: asText }),
  imageProp({ key: 'epochs', param: 'image-epochs', parse: limit(IMAGE_LIMITS.epochs, true), write: asText }),
  imageProp({ key: 'seed', param: 'image-seed', parse: limit(IMAGE_LIMITS.seed, true), write: asText }),
];

/** The image-lab config a query string describes; missing or invalid properties keep their defaults. */
export function parseImageConfig(search: string): ImageLabConfig {
  return parseProps(IMAGE_PROPS, { ...DEFAULT_IMAGE_CONFIG }, search);
}

/** The query string (with its leading '?') that parseImageConfig turns back into `config`. */
export function writeImageConfig(config: ImageLabConfig): string {
  return writeProps(IMAGE_PROPS, config);
}

/** Whether a query string mentions any image-lab property (valid or not): a link into the image lab. */
export function hasImageParams(search: string): boolean {
  const params = new URLSearchParams(search);
  return IMAGE_PROPS.some((p) => params.has(p.param));
}
