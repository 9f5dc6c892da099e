import { ShapeError } from '../errors.js';
import type { Rgb } from './colormap.js';

/** An RGBA image in memory, row-major from the top-left. No DOM: the CLI encodes it as PNG, the browser puts it on a canvas. */
export interface Raster {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export function createRaster(width: number, height: number, background: Rgb = [255, 255, 255]): Raster {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ShapeError(`raster: size must be whole numbers ≥ 1, got ${width}×${height}`);
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = background[0];
    rgba[4 * i + 1] = background[1];
    rgba[4 * i + 2] = background[2];
    rgba[4 * i + 3] = 255;
  }
  return { width, height, rgba };
}

export function setPixel(r: Raster, x: number, y: number, color: Rgb, alpha = 1): void {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  if (xi < 0 || yi < 0 || xi >= r.width || yi >= r.height) return;
  const o = 4 * (yi * r.width + xi);
  r.rgba[o] = r.rgba[o]! * (1 - alpha) + color[0] * alpha;
  r.rgba[o + 1] = r.rgba[o + 1]! * (1 - alpha) + color[1] * alpha;
  r.rgba[o + 2] = r.rgba[o + 2]! * (1 - alpha) + color[2] * alpha;
}

/** A width × height image of `values` (row-major) through a colour map, each value scaled up to `scale` pixels. */
export function heatmap(values: ArrayLike<number>, width: number, height: number, colorOf: (v: number) => Rgb, scale = 1): Raster {
  if (values.length !== width * height) throw new ShapeError(`heatmap: ${values.length} values for ${width}×${height}`);
  const r = createRaster(width * scale, height * scale);
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      setPixel(r, x, y, colorOf(values[Math.floor(y / scale) * width + Math.floor(x / scale)]!));
    }
  }
  return r;
}

/** A filled disc with a dark outline, for data points over a heatmap. */
export function drawDot(r: Raster, cx: number, cy: number, radius: number, fill: Rgb): void {
  for (let y = Math.floor(cy - radius - 1); y <= Math.ceil(cy + radius + 1); y++) {
    for (let x = Math.floor(cx - radius - 1); x <= Math.ceil(cx + radius + 1); x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (d <= radius - 0.8) setPixel(r, x, y, fill);
      else if (d <= radius + 0.2) setPixel(r, x, y, [40, 40, 40]);
    }
  }
}

/** Copies `src` into `dst` with its top-left corner at (x, y). */
export function blit(dst: Raster, src: Raster, x: number, y: number): void {
  for (let j = 0; j < src.height; j++) {
    for (let i = 0; i < src.width; i++) {
      const o = 4 * (j * src.width + i);
      setPixel(dst, x + i, y + j, [src.rgba[o]!, src.rgba[o + 1]!, src.rgba[o + 2]!]);
    }
  }
}

/** Tiles equally sized images into a grid of `columns`, separated by `gap` pixels of background. */
export function tile(images: readonly Raster[], columns: number, gap = 2, background: Rgb = [255, 255, 255]): Raster {
  if (images.length === 0) throw new ShapeError('tile: no images');
  const w = images[0]!.width;
  const h = images[0]!.height;
  const cols = Math.min(columns, images.length);
  const rows = Math.ceil(images.length / cols);
  const out = createRaster(cols * w + (cols + 1) * gap, rows * h + (rows + 1) * gap, background);
  images.forEach((img, k) => blit(out, img, gap + (k % cols) * (w + gap), gap + Math.floor(k / cols) * (h + gap)));
  return out;
}
