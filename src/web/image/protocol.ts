/** Messages between the image lab and its worker. */
import type { ImageDatasetChoice, ImageLabConfig } from '../state/imageProps.js';
import type { Picture } from '../worker/protocol.js';

/** The IDX files the user picked, as bytes (gzipped or not); the test pair is optional. */
export interface ImageFiles {
  trainImages: { name: string; bytes: ArrayBuffer };
  trainLabels: { name: string; bytes: ArrayBuffer };
  testImages?: { name: string; bytes: ArrayBuffer };
  testLabels?: { name: string; bytes: ArrayBuffer };
}

/** What the worker trains with: the lab's settings except the class names, which only label the files. */
export type ImageTrainOptions = Omit<ImageLabConfig, 'dataset'>;

export type ToImageWorker =
  | { type: 'load'; files: ImageFiles; classSet: ImageDatasetChoice }
  | { type: 'train'; options: ImageTrainOptions }
  | { type: 'stop' }
  | { type: 'predict'; pixels: Uint8Array };

export interface ImageProgress {
  epoch: number;
  /** training rows seen so far */
  seen: number;
  seconds: number;
  /** test accuracy measured along the way: [rows seen, accuracy] */
  accuracy: [number, number][];
  /** the first layer's weights, one tile per hidden unit */
  weights: Picture;
}

/** The kernels the worker trains on: 'wasm-relaxed', 'wasm-simd' or 'js', on 1 or 2 threads. */
export interface KernelsInfo {
  name: string;
  threads: number;
}

export type FromImageWorker =
  /** sent once, when the worker has loaded its kernels */
  | { type: 'kernels'; kernels: KernelsInfo }
  | { type: 'loaded'; classNames: string[]; trainRows: number; testRows: number; height: number; width: number; classes: number; heldOut: boolean; kernels: KernelsInfo }
  | { type: 'progress'; progress: ImageProgress }
  | { type: 'done'; stopped: boolean }
  | { type: 'probabilities'; values: number[] }
  | { type: 'error'; message: string };
