import { decode as decodePng, hasPngSignature } from 'fast-png';
import jpeg from 'jpeg-js';
import { DataError } from '../../errors.js';

/** A decoded picture as gray levels in [0, 1], row-major from the top-left. */
export interface GrayImage {
  width: number;
  height: number;
  /** 0 = black, 1 = white */
  pixels: Float64Array;
}

/** Pictures larger than this (in pixels) are refused before decoding: a digit needs far fewer. */
export const MAX_IMAGE_PIXELS = 40_000_000;

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Reads the width and height from a PNG's IHDR chunk, before any pixel is decoded. */
function pngSize(bytes: Uint8Array): [number, number] {
  if (bytes.length < 24) throw new DataError('truncated PNG header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/**
 * Decodes a PNG or JPEG into gray levels (luma, Rec. 601 weights; transparent pixels count as white paper).
 * Errors name `source`.
 */
export function decodeGray(bytes: Uint8Array, source: string): GrayImage {
  let width: number;
  let height: number;
  let data: ArrayLike<number>;
  let channels: number;
  let max = 255;
  try {
    if (hasPngSignature(bytes)) {
      const [w, h] = pngSize(bytes);
      if (w * h > MAX_IMAGE_PIXELS) throw new DataError(`picture is ${w}×${h}, more than ${MAX_IMAGE_PIXELS} pixels`, source);
      const png = decodePng(bytes);
      ({ width, height, channels } = png);
      data = png.data;
      max = png.depth === 16 ? 65535 : png.depth === 8 ? 255 : 2 ** png.depth - 1;
      if (png.palette) {
        const palette = png.palette;
        const rgb = new Uint8Array(width * height * 3);
        for (let i = 0; i < width * height; i++) {
          const entry = palette[(png.data as Uint8Array)[i]!] ?? [0, 0, 0];
          rgb.set(entry.slice(0, 3), 3 * i);
        }
        data = rgb;
        channels = 3;
        max = 255;
      }
    } else if (isJpeg(bytes)) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
      ({ width, height } = img);
      data = img.data;
      channels = 4;
    } else {
      throw new DataError('not a PNG or JPEG picture', source);
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`cannot decode the picture: ${(e as Error).message}`, source);
  }
  if (width < 1 || height < 1) throw new DataError('picture has no pixels', source);
  const pixels = new Float64Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    let gray: number;
    let alpha = 1;
    if (channels >= 3) gray = (0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!) / max;
    else gray = data[o]! / max;
    if (channels === 2) alpha = data[o + 1]! / max;
    if (channels === 4) alpha = data[o + 3]! / max;
    pixels[i] = gray * alpha + (1 - alpha);
  }
  return { width, height, pixels };
}
