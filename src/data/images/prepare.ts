import { DataError } from '../../errors.js';
import type { GrayImage } from './decode.js';

export interface PrepareOptions {
  /** the model's image size */
  height: number;
  width: number;
  /**
   * MNIST-style digits are light ink on a dark background. 'auto' inverts a picture whose border is
   * mostly light (dark ink on white paper, as people draw). @default 'auto'
   */
  invert?: boolean | 'auto';
  /** the largest side of the ink's bounding box after scaling, as MNIST's 20 of 28 pixels. @default 20/28 of the size */
  inkSize?: number;
  /** the value a full-intensity pixel gets (255 for models trained on raw MNIST bytes). @default 255 */
  scale?: number;
}

/** Bilinear sample of img at (x, y) in pixel coordinates (centres at +0.5), 0 outside. */
function sample(pixels: Float64Array, w: number, h: number, x: number, y: number): number {
  const x0 = Math.floor(x - 0.5);
  const y0 = Math.floor(y - 0.5);
  const fx = x - 0.5 - x0;
  const fy = y - 0.5 - y0;
  const at = (i: number, j: number): number => (i < 0 || j < 0 || i >= w || j >= h ? 0 : pixels[j * w + i]!);
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

/**
 * Turns a picture of a digit into a model input the way MNIST was made: ink as light on dark, cropped to
 * its bounding box, scaled so the longer side is `inkSize` (area-averaged when shrinking), and placed so
 * its centre of mass sits at the centre of a height × width image. Returns height·width values in [0, scale].
 */
export function prepareDigit(img: GrayImage, options: PrepareOptions): Float64Array {
  const { width: W, height: H } = options;
  const scale = options.scale ?? 255;
  const inkSize = options.inkSize ?? Math.round((Math.min(W, H) * 20) / 28);
  let ink = img.pixels;
  const invert = options.invert ?? 'auto';
  let shouldInvert = invert === true;
  if (invert === 'auto') {
    let border = 0;
    let count = 0;
    for (let x = 0; x < img.width; x++) {
      border += img.pixels[x]! + img.pixels[(img.height - 1) * img.width + x]!;
      count += 2;
    }
    for (let y = 0; y < img.height; y++) {
      border += img.pixels[y * img.width]! + img.pixels[y * img.width + img.width - 1]!;
      count += 2;
    }
    shouldInvert = border / count > 0.5;
  }
  if (shouldInvert) ink = ink.map((v) => 1 - v);
  // Bounding box of the ink (anything above a faint threshold).
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (ink[y * img.width + x]! > 0.1) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) throw new DataError('the picture is blank: no ink to read');
  const boxW = x1 - x0 + 1;
  const boxH = y1 - y0 + 1;
  const factor = inkSize / Math.max(boxW, boxH);
  const outW = Math.max(1, Math.round(boxW * factor));
  const outH = Math.max(1, Math.round(boxH * factor));
  // Resample the box into outW × outH, averaging over the source area when shrinking.
  // Each axis takes as many samples per output pixel as it has source pixels per output pixel, so the work
  // is about the box's area (one sample count for both axes made a 65535×1 picture take 4096² samples per pixel).
  const small = new Float64Array(outW * outH);
  const subX = Math.max(1, Math.ceil(boxW / outW));
  const subY = Math.max(1, Math.ceil(boxH / outH));
  for (let j = 0; j < outH; j++) {
    for (let i = 0; i < outW; i++) {
      let s = 0;
      for (let sj = 0; sj < subY; sj++) {
        for (let si = 0; si < subX; si++) {
          const x = x0 + ((i + (si + 0.5) / subX) / outW) * boxW;
          const y = y0 + ((j + (sj + 0.5) / subY) / outH) * boxH;
          s += sample(ink, img.width, img.height, x, y);
        }
      }
      small[j * outW + i] = s / (subX * subY);
    }
  }
  // Centre of mass of the scaled ink, moved to the image centre.
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let j = 0; j < outH; j++) {
    for (let i = 0; i < outW; i++) {
      const v = small[j * outW + i]!;
      mass += v;
      cx += v * (i + 0.5);
      cy += v * (j + 0.5);
    }
  }
  const offsetX = Math.round(W / 2 - cx / mass);
  const offsetY = Math.round(H / 2 - cy / mass);
  const out = new Float64Array(W * H);
  for (let j = 0; j < outH; j++) {
    for (let i = 0; i < outW; i++) {
      const x = i + offsetX;
      const y = j + offsetY;
      if (x >= 0 && y >= 0 && x < W && y < H) out[y * W + x] = Math.min(1, Math.max(0, small[j * outW + i]!)) * scale;
    }
  }
  return out;
}
