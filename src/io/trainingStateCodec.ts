import { z } from 'zod';
import { ModelError } from '../errors.js';
import type { TrainingState } from '../models/trainingState.js';
import type { OptimizerState } from '../optim/optimizer.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { type StoredTensor, decodeTensor, encodeTensor } from './tensorCodec.js';
import { Tensor } from '../tensor/tensor.js';

const storedTensor = z.object({
  shape: z.array(z.number().int().nonnegative()).max(8),
  dtype: z.enum(['float32', 'float64']),
  data: z.string(),
});

/** An Rng state: four 32-bit words and the spare normal (null when there is none). */
const rngState = z.tuple([z.number().int().min(0).max(2 ** 32 - 1), z.number().int().min(0).max(2 ** 32 - 1), z.number().int().min(0).max(2 ** 32 - 1), z.number().int().min(0).max(2 ** 32 - 1), z.number().nullable()]);

/** The `training` section of a checkpoint: where the run stood after its last completed epoch. */
export const trainingSchema = z.object({
  epoch: z.number().int().nonnegative(),
  history: z.array(z.object({ epoch: z.number().int().positive(), loss: z.number(), seconds: z.number() }).passthrough()).max(100_000_000),
  /** the row order, little-endian int32 in base64 */
  order: z.string(),
  rng: rngState,
  dropoutRng: rngState.optional(),
  optimizer: z.record(z.string(), z.object({ t: z.number().int().nonnegative(), slots: z.array(storedTensor).max(4) })),
});

export type StoredTraining = z.infer<typeof trainingSchema>;

function rngOut(state: number[]): StoredTraining['rng'] {
  return [state[0]! >>> 0, state[1]! >>> 0, state[2]! >>> 0, state[3]! >>> 0, Number.isNaN(state[4]) ? null : state[4]!];
}

function rngIn(state: StoredTraining['rng']): number[] {
  return [state[0], state[1], state[2], state[3], state[4] ?? Number.NaN];
}

export function encodeTraining(t: TrainingState): StoredTraining {
  const optimizer: StoredTraining['optimizer'] = {};
  for (const [name, s] of Object.entries(t.optimizer)) {
    optimizer[name] = { t: s.t, slots: s.slots.map((a) => encodeTensor(new Tensor([a.length], a))) };
  }
  const out: StoredTraining = {
    epoch: t.epoch,
    history: t.history as StoredTraining['history'],
    order: encodeBase64(new Uint8Array(t.order.buffer, t.order.byteOffset, t.order.byteLength)),
    rng: rngOut(t.rng),
    optimizer,
  };
  if (t.dropoutRng) out.dropoutRng = rngOut(t.dropoutRng);
  return out;
}

/** Decodes a checkpoint's training section; `rows` is the number of training rows the order must cover. */
export function decodeTraining(stored: StoredTraining, source: string): TrainingState {
  const bytes = decodeBase64(stored.order);
  if (bytes === undefined || bytes.length % 4 !== 0) throw new ModelError(`${source}: training.order is not base64 of 32-bit row numbers`);
  const order = new Int32Array(new Uint8Array(bytes).buffer);
  const optimizer: OptimizerState = {};
  for (const [name, s] of Object.entries(stored.optimizer)) {
    optimizer[name] = { t: s.t, slots: s.slots.map((slot, i) => decodeTensor(slot as StoredTensor, `${source}: optimizer ${name} slot ${i}`).data) };
  }
  if (stored.history.length !== stored.epoch) throw new ModelError(`${source}: training.history has ${stored.history.length} epochs, training.epoch says ${stored.epoch}`);
  const state: TrainingState = { epoch: stored.epoch, history: stored.history, order, rng: rngIn(stored.rng), optimizer };
  if (stored.dropoutRng) state.dropoutRng = rngIn(stored.dropoutRng);
  return state;
}
