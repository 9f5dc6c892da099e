import { UsageError } from '../errors.js';
import { Activation } from './activation.js';
import type { MultilayerOptions } from './build.js';
import { BatchNorm } from './batchNorm.js';
import { Conv2D } from './conv2d.js';
import type { ImageShape } from './convShape.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import type { Layer } from './layer.js';
import type { LayerSpec } from './layerSpec.js';
import { MaxPool2D } from './maxPool2d.js';
import { Sequential } from './sequential.js';

/** The options of a multilayer perceptron, with layer specs in place of hidden sizes. */
export interface LayerStackOptions extends Omit<MultilayerOptions, 'hidden'> {
  /** [height, width, channels] of each row read as an image (HWC order); needed by conv and pool layers */
  imageShape?: ImageShape;
  /** the layers between the inputs and the output layer */
  layers: readonly LayerSpec[];
}

/**
 * The output layer a spec names itself: a last `dense:<outputs>` is the output (logits), not a hidden layer,
 * so "conv:16x3,pool:2,dense:128,dense:10" and "conv:16x3,pool:2,dense:128" build the same 10-class network.
 */
export function hiddenLayers(layers: readonly LayerSpec[], outputs: number): readonly LayerSpec[] {
  const last = layers.at(-1);
  return last?.kind === 'dense' && last.units === outputs ? layers.slice(0, -1) : layers;
}

/**
 * A network from layer specs: convolutions and pooling on images (NHWC), a Flatten before the first dense layer
 * after them, hidden layers followed by [BatchNorm →] activation [→ Dropout], and Dense(outputs) giving the logits
 * of the fused loss.
 */
export function layerStack(o: LayerStackOptions): Sequential {
  let image: ImageShape | undefined = o.imageShape;
  if (image && image[0] * image[1] * image[2] !== o.inputs) {
    throw new UsageError(`image shape [${image.join(',')}] has ${image[0] * image[1] * image[2]} values, the rows have ${o.inputs}`);
  }
  let width = o.inputs;
  const layers: Layer[] = [];
  const activate = (features: number, dropout: boolean): void => {
    if (o.batchNorm) layers.push(new BatchNorm({ features, dtype: o.dtype, name: `batchNorm${layers.length}` }));
    layers.push(new Activation(o.activation, o.alpha === undefined ? {} : { alpha: o.alpha }));
    if (dropout && o.dropout) layers.push(new Dropout({ rate: o.dropout, rng: o.dropoutRng ?? o.rng }));
  };
  const flatten = (): void => {
    if (!image) return;
    layers.push(new Flatten());
    width = image[0] * image[1] * image[2];
    image = undefined;
  };
  const needImage = (what: string): ImageShape => {
    if (!image) {
      throw new UsageError(
        o.imageShape ? `${what} cannot follow a dense layer (its output is no longer an image)` : `${what} needs image rows: give the image shape [height, width, channels]`,
      );
    }
    return image;
  };
  for (const spec of hiddenLayers(o.layers, o.outputs)) {
    const n = layers.length;
    switch (spec.kind) {
      case 'conv': {
        const conv = new Conv2D({
          inputShape: needImage('a convolution'), filters: spec.filters, kernelSize: spec.size, stride: spec.stride ?? 1,
          padding: spec.padding ?? 'same', rng: o.rng, init: o.init, dtype: o.dtype, name: `conv${n}`,
        });
        layers.push(conv);
        image = conv.outputShape;
        activate(image[2], false);
        break;
      }
      case 'pool': {
        const pool = new MaxPool2D({ inputShape: needImage('pooling'), size: spec.size, stride: spec.stride ?? spec.size });
        if (pool.outputShape[0] < 1 || pool.outputShape[1] < 1) throw new UsageError(`pooling ${spec.size}×${spec.size} leaves nothing of a ${image![0]}×${image![1]} image`);
        layers.push(pool);
        image = pool.outputShape;
        break;
      }
      case 'dense':
        flatten();
        layers.push(new Dense({ inputs: width, units: spec.units, rng: o.rng, init: o.init, dtype: o.dtype, name: `dense${n}` }));
        width = spec.units;
        activate(width, true);
        break;
      case 'dropout':
        layers.push(new Dropout({ rate: spec.rate, rng: o.dropoutRng ?? o.rng }));
        break;
      case 'batch-norm':
        layers.push(new BatchNorm({ features: image ? image[2] : width, dtype: o.dtype, name: `batchNorm${n}` }));
        break;
    }
  }
  flatten();
  layers.push(new Dense({ inputs: width, units: o.outputs, rng: o.rng, init: o.init, dtype: o.dtype, name: `dense${layers.length}` }));
  return new Sequential(layers, o.loss, { l1: o.l1 ?? 0, l2: o.l2 ?? 0 });
}

/**
 * How many weights layerStack would allocate (parameters of every layer), computed from the shapes alone: so a
 * model file or a command line asking for an absurd network is refused before anything is allocated.
 */
export function stackWeightCount(inputs: number, imageShape: ImageShape | undefined, layers: readonly LayerSpec[], outputs: number, batchNorm = false): number {
  let image = imageShape ? [...imageShape] : undefined;
  let width = inputs;
  let count = 0;
  for (const spec of hiddenLayers(layers, outputs)) {
    switch (spec.kind) {
      case 'conv': {
        const channels = image ? image[2]! : 1;
        count += spec.size * spec.size * channels * spec.filters + spec.filters + (batchNorm ? 4 * spec.filters : 0);
        if (image) {
          const stride = spec.stride ?? 1;
          image = spec.padding === 'valid'
            ? [Math.floor((image[0]! - spec.size) / stride) + 1, Math.floor((image[1]! - spec.size) / stride) + 1, spec.filters]
            : [Math.ceil(image[0]! / stride), Math.ceil(image[1]! / stride), spec.filters];
        }
        break;
      }
      case 'pool':
        if (image) {
          const stride = spec.stride ?? spec.size;
          image = [Math.floor((image[0]! - spec.size) / stride) + 1, Math.floor((image[1]! - spec.size) / stride) + 1, image[2]!];
        }
        break;
      case 'dense':
        if (image) width = Math.max(1, image[0]! * image[1]! * image[2]!);
        image = undefined;
        count += (width + 1) * spec.units + (batchNorm ? 4 * spec.units : 0);
        width = spec.units;
        break;
      case 'batch-norm':
        count += 4 * (image ? image[2]! : width);
        break;
      case 'dropout':
        break;
    }
  }
  if (image) width = Math.max(1, image[0]! * image[1]! * image[2]!);
  return count + (width + 1) * outputs;
}
