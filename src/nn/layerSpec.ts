import { UsageError } from '../errors.js';
import type { Padding } from './convShape.js';

/**
 * One step of a network as a user writes it. Convolutions and hidden dense layers get the network's activation
 * (and its batch normalization, when switched on) after them; `batch-norm` and `dropout` add one layer where
 * they stand.
 */
export type LayerSpec =
  | { readonly kind: 'conv'; readonly filters: number; readonly size: number; readonly stride?: number; readonly padding?: Padding }
  | { readonly kind: 'pool'; readonly size: number; readonly stride?: number }
  | { readonly kind: 'dense'; readonly units: number }
  | { readonly kind: 'dropout'; readonly rate: number }
  | { readonly kind: 'batch-norm' };

/**
 * The default convolutional network: two 3×3 convolutions, each halved by pooling and then batch-normalized, then
 * 128 dense units with dropout 0.3. Normalizing after the pooling touches a quarter of the values normalizing after
 * each convolution would: on Fashion-MNIST the same accuracy for ~3 s less an epoch. The dropout is against
 * overfitting: without it, 5 epochs reach 97 % on the training images and 90.98–91.31 % on the test images (seeds
 * 2, 0); with it, 91.21–91.57 % (seeds 0–2).
 */
export const DEFAULT_CNN: readonly LayerSpec[] = Object.freeze([
  { kind: 'conv', filters: 16, size: 3 },
  { kind: 'pool', size: 2 },
  { kind: 'batch-norm' },
  { kind: 'conv', filters: 32, size: 3 },
  { kind: 'pool', size: 2 },
  { kind: 'batch-norm' },
  { kind: 'dense', units: 128 },
  { kind: 'dropout', rate: 0.3 },
]);

/** Most layers a written spec may have. */
const MAX_LAYERS = 64;

export const LAYER_SPEC_SYNTAX =
  'comma-separated layers: conv:<filters>x<size>[:s<stride>][:valid|same], pool:<size>[:s<stride>], dense:<units>, dropout:<rate>, bn';

function whole(token: string, text: string | undefined, max: number): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`layer '${token}': expected a whole number, got '${text ?? ''}' (${LAYER_SPEC_SYNTAX})`);
  const v = Number(text);
  if (v < 1 || v > max) throw new UsageError(`layer '${token}': ${v} is outside [1, ${max}]`);
  return v;
}

function parseOne(token: string): LayerSpec {
  const [head, ...rest] = token.split(':');
  switch (head) {
    case 'conv': {
      const m = /^(\d+)x(\d+)$/.exec(rest[0] ?? '');
      if (!m) throw new UsageError(`layer '${token}': write conv:<filters>x<size>, e.g. conv:16x3`);
      let stride: number | undefined;
      let padding: Padding | undefined;
      for (const option of rest.slice(1)) {
        if (option === 'same' || option === 'valid') padding = option;
        else if (/^s\d+$/.test(option)) stride = whole(token, option.slice(1), 64);
        else throw new UsageError(`layer '${token}': unknown option '${option}' (s<stride>, same or valid)`);
      }
      return { kind: 'conv', filters: whole(token, m[1], 100_000), size: whole(token, m[2], 64), ...(stride ? { stride } : {}), ...(padding ? { padding } : {}) };
    }
    case 'pool': {
      let stride: number | undefined;
      for (const option of rest.slice(1)) {
        if (/^s\d+$/.test(option)) stride = whole(token, option.slice(1), 64);
        else throw new UsageError(`layer '${token}': unknown option '${option}' (s<stride>)`);
      }
      return { kind: 'pool', size: whole(token, rest[0], 64), ...(stride ? { stride } : {}) };
    }
    case 'dense':
      if (rest.length !== 1) throw new UsageError(`layer '${token}': write dense:<units>, e.g. dense:128`);
      return { kind: 'dense', units: whole(token, rest[0], 100_000) };
    case 'dropout': {
      const rate = Number(rest[0]);
      if (rest.length !== 1 || rest[0] === '' || !(rate >= 0 && rate < 1)) throw new UsageError(`layer '${token}': write dropout:<rate> with a rate in [0, 1), e.g. dropout:0.25`);
      return { kind: 'dropout', rate };
    }
    case 'bn':
    case 'batch-norm':
      if (rest.length !== 0) throw new UsageError(`layer '${token}': bn takes no options`);
      return { kind: 'batch-norm' };
    default:
      throw new UsageError(`unknown layer '${token}' (${LAYER_SPEC_SYNTAX})`);
  }
}

/** Parses e.g. "conv:16x3,pool:2,conv:32x3,pool:2,dense:128,dense:10". */
export function parseLayerSpecs(text: string): LayerSpec[] {
  const tokens = text.split(',').map((t) => t.trim().toLowerCase());
  if (tokens.length === 1 && tokens[0] === '') throw new UsageError(`no layers given (${LAYER_SPEC_SYNTAX})`);
  if (tokens.length > MAX_LAYERS) throw new UsageError(`at most ${MAX_LAYERS} layers, got ${tokens.length}`);
  return tokens.map(parseOne);
}

/** The spec written back in the syntax parseLayerSpecs reads. */
export function formatLayerSpecs(specs: readonly LayerSpec[]): string {
  return specs
    .map((s) => {
      switch (s.kind) {
        case 'conv':
          return `conv:${s.filters}x${s.size}${s.stride && s.stride !== 1 ? `:s${s.stride}` : ''}${s.padding === 'valid' ? ':valid' : ''}`;
        case 'pool':
          return `pool:${s.size}${s.stride && s.stride !== s.size ? `:s${s.stride}` : ''}`;
        case 'dense':
          return `dense:${s.units}`;
        case 'dropout':
          return `dropout:${s.rate}`;
        case 'batch-norm':
          return 'bn';
      }
    })
    .join(',');
}
