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
function pngSize(bytes: Uint8Array, source: string): [number, number] {
  if (bytes.length < 24) throw new DataError('truncated PNG header', source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** Channels per colour type (IHDR byte 25); an unknown type counts as one, so the bound below stays a lower one. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Deflate never expands more than about 1032:1, so compressed data can hold at most this many bytes per byte. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Refuses a PNG whose IDAT chunks are too small to hold the pixels the header claims, before the decoder
 * allocates the picture the header describes (a 6324×6324 16-bit claim in 70 bytes made it allocate 80 MB).
 */
function checkPngClaim(bytes: Uint8Array, width: number, height: number, source: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = (bytes[24] ?? 1) * (PNG_CHANNELS[bytes[25] ?? 0] ?? 1);
  const needed = height * (1 + Math.ceil((width * bits) / 8)); // each row: a filter byte and its samples
  let compressed = 0;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    if (bytes[at + 4] === 0x49 && bytes[at + 5] === 0x44 && bytes[at + 6] === 0x41 && bytes[at + 7] === 0x54) compressed += Math.min(length, bytes.length - at - 8);
    at += 12 + length;
  }
  if (compressed * MAX_DEFLATE_RATIO < needed) {
    throw new DataError(`picture claims ${width}×${height} pixels, more than its ${compressed} bytes of image data can hold (truncated or corrupt PNG?)`, source);
  }
}

/** The most pixels a JPEG may claim per byte of file (see decodeGray). */
const JPEG_PIXELS_PER_BYTE = 1024;

/** Unpacks samples of 1, 2 or 4 bits (most significant first; each row starts on a byte) into one byte each. */
function unpackSamples(packed: ArrayLike<number>, width: number, height: number, channels: number, depth: number): Uint8Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  if (packed.length < rowBytes * height) return new Uint8Array(0); // reported as too short by the caller
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < perRow; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)]!;
      out[y * perRow + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
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
      const [w, h] = pngSize(bytes, source);
      if (w * h > MAX_IMAGE_PIXELS) throw new DataError(`picture is ${w}×${h}, more than ${MAX_IMAGE_PIXELS} pixels`, source);
      checkPngClaim(bytes, w, h, source);
      const png = decodePng(bytes);
      ({ width, height, channels } = png);
      data = png.data;
      max = png.depth === 16 ? 65535 : png.depth === 8 ? 255 : 2 ** png.depth - 1;
      // Depths 1, 2 and 4 (gray or palette, one channel) come packed, several pixels a byte, each row
      // starting on a byte: unpack them to one value per pixel.
      if (png.depth < 8) data = unpackSamples(png.data, width, height, channels, png.depth);
      const expected = width * height * channels;
      if (data.length < expected) throw new DataError(`picture data holds ${data.length} values, ${width}×${height}×${channels} expected`, source);
      if (png.palette) {
        const palette = png.palette;
        const rgb = new Uint8Array(width * height * 3);
        for (let i = 0; i < width * height; i++) {
          const entry = palette[data[i]!] ?? [0, 0, 0];
          rgb.set(entry.slice(0, 3), 3 * i);
        }
        data = rgb;
        channels = 3;
        max = 255;
      }
    } else if (isJpeg(bytes)) {
      // jpeg-js allocates the picture its frame header claims before reading the scans. Every 8×8 block
      // takes at least one bit of scan data, so a real JPEG holds at most 512 pixels a byte; refuse claims
      // beyond twice that (a 612-byte file claiming 6000×6000 made it allocate 400 MB and spin for 2 s).
      const maxPixels = Math.min(MAX_IMAGE_PIXELS, JPEG_PIXELS_PER_BYTE * bytes.length);
      let img: { width: number; height: number; data: Uint8Array };
      try {
        img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1e6, maxMemoryUsageInMB: 512 });
      } catch (e) {
        if (/maxResolutionInMP/.test((e as Error).message)) {
          throw new DataError(`picture claims more pixels than its ${bytes.length} bytes can hold (at most ${maxPixels}; truncated or corrupt JPEG?)`, source);
        }
        throw e;
      }
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
