/** Messages between the page and the training worker. Rasters travel as transferred RGBA buffers. */
import type { LabConfig } from '../state/props.js';

/** An RGBA picture ready for ImageData. */
export interface Picture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** A dataset the user dropped: its CSV text and file name. */
export interface CustomData {
  name: string;
  text: string;
}

export type ToWorker =
  | { type: 'setup'; config: LabConfig; custom?: CustomData }
  /** epochsPerFrame: how many epochs between two frames; 0 trains as fast as the worker can */
  | { type: 'play'; epochsPerFrame: number }
  | { type: 'speed'; epochsPerFrame: number }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'download' }
  | { type: 'load'; text: string; name: string };

/** The shape of the network and the data, sent once per setup. */
export interface Layout {
  /** nodes per layer, inputs first, outputs last */
  sizes: number[];
  /** activation of each layer after the inputs */
  activations: string[];
  inputNames: string[];
  classes: number;
  trainRows: number;
  testRows: number;
  source: string;
  /** what the config became (a loaded model sets the network part) */
  config: LabConfig;
}

export interface Frame {
  epoch: number;
  /** the losses after epochs firstEpoch … epoch (0 is before training): only those the page has not had yet */
  firstEpoch: number;
  trainLoss: number[];
  testLoss: number[];
  testAccuracy: number;
  /** one picture per node, layer by layer (inputs first) */
  nodes: Picture[];
  decision: Picture;
  /** per layer after the inputs: weights [in, out] row-major, and biases [out] */
  weights: Float64Array[];
  biases: Float64Array[];
}

export type FromWorker =
  | { type: 'layout'; layout: Layout }
  | { type: 'frame'; frame: Frame; playing: boolean }
  | { type: 'model'; text: string }
  | { type: 'error'; message: string };
