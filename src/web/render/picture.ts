import type { Picture } from '../worker/protocol.js';

/** Draws a worker's RGBA picture on a canvas, resizing the canvas to fit it. */
export function putPicture(canvas: HTMLCanvasElement, picture: Picture): void {
  if (canvas.width !== picture.width) canvas.width = picture.width;
  if (canvas.height !== picture.height) canvas.height = picture.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(picture.rgba as Uint8ClampedArray<ArrayBuffer>, picture.width, picture.height), 0, 0);
}
