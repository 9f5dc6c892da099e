import type { ConvGeometry, FloatArray } from '../types.js';

export function im2col(x: FloatArray, g: ConvGeometry, cols: FloatArray): void {
  const { batch, height, width, channels: c, kernelSize: k, stride, padTop, padLeft, outHeight, outWidth } = g;
  const rowLength = k * k * c;
  const span = k * c;
  let row = 0;
  for (let b = 0; b < batch; b++) {
    const image = b * height * width * c;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, row += rowLength) {
        const x0 = ox * stride - padLeft;
        const inside = x0 >= 0 && x0 + k <= width;
        let dst = row;
        for (let ky = 0; ky < k; ky++, dst += span) {
          const iy = oy * stride - padTop + ky;
          if (iy < 0 || iy >= height) {
            for (let j = 0; j < span; j++) cols[dst + j] = 0;
            continue;
          }
          const line = image + iy * width * c;
          if (inside) {
            // The window's k pixels of this image row are k·c values side by side (NHWC).
            const src = line + x0 * c;
            for (let j = 0; j < span; j++) cols[dst + j] = x[src + j]!;
            continue;
          }
          for (let kx = 0; kx < k; kx++) {
            const ix = x0 + kx;
            const at = dst + kx * c;
            if (ix < 0 || ix >= width) {
              for (let ci = 0; ci < c; ci++) cols[at + ci] = 0;
            } else {
              const src = line + ix * c;
              for (let ci = 0; ci < c; ci++) cols[at + ci] = x[src + ci]!;
            }
          }
        }
      }
    }
  }
}

export function col2im(cols: FloatArray, g: ConvGeometry, dx: FloatArray): void {
  const { batch, height, width, channels: c, kernelSize: k, stride, padTop, padLeft, outHeight, outWidth } = g;
  dx.fill(0, 0, batch * height * width * c);
  const rowLength = k * k * c;
  const span = k * c;
  let row = 0;
  for (let b = 0; b < batch; b++) {
    const image = b * height * width * c;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, row += rowLength) {
        const x0 = ox * stride - padLeft;
        const inside = x0 >= 0 && x0 + k <= width;
        let src = row;
        for (let ky = 0; ky < k; ky++, src += span) {
          const iy = oy * stride - padTop + ky;
          if (iy < 0 || iy >= height) continue;
          const line = image + iy * width * c;
          if (inside) {
            const dst = line + x0 * c;
            for (let j = 0; j < span; j++) dx[dst + j]! += cols[src + j]!;
            continue;
          }
          for (let kx = 0; kx < k; kx++) {
            const ix = x0 + kx;
            if (ix < 0 || ix >= width) continue;
            const dst = line + ix * c;
            const from = src + kx * c;
            for (let ci = 0; ci < c; ci++) dx[dst + ci]! += cols[from + ci]!;
          }
        }
      }
    }
  }
}

export function maxPool(x: FloatArray, g: ConvGeometry, out: FloatArray, argmax: Int32Array): void {
  const { batch, height, width, channels: c, kernelSize: k, stride, outHeight, outWidth } = g;
  if (k === 2 && stride === 2) {
    maxPool2x2(x, g, out, argmax);
    return;
  }
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const image = b * height * width * c;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, o += c) {
        const corner = image + (oy * stride * width + ox * stride) * c;
        for (let ci = 0; ci < c; ci++) {
          let best = x[corner + ci]!;
          let at = corner + ci;
          for (let ky = 0; ky < k; ky++) {
            let i = corner + ky * width * c + ci;
            for (let kx = 0; kx < k; kx++, i += c) {
              const v = x[i]!;
              // A NaN wins and then stays, so a broken activation is not hidden by the pooling.
              if ((v > best || v !== v) && best === best) {
                best = v;
                at = i;
              }
            }
          }
          out[o + ci] = best;
          argmax[o + ci] = at;
        }
      }
    }
  }
}

/** The common 2×2, stride 2 pooling: four neighbours compared directly, several times faster than the general loops. */
function maxPool2x2(x: FloatArray, g: ConvGeometry, out: FloatArray, argmax: Int32Array): void {
  const { batch, height, width, channels: c, outHeight, outWidth } = g;
  const rowStep = width * c;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const image = b * height * rowStep;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const p0 = image + 2 * oy * rowStep + 2 * ox * c;
        for (let ci = 0; ci < c; ci++, o++) {
          let at = p0 + ci;
          let best = x[at]!;
          for (const i of [at + c, at + rowStep, at + rowStep + c]) {
            const v = x[i]!;
            if ((v > best || v !== v) && best === best) {
              best = v;
              at = i;
            }
          }
          out[o] = best;
          argmax[o] = at;
        }
      }
    }
  }
}

export function maxPoolBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray): void {
  dx.fill(0);
  for (let i = 0; i < dy.length; i++) dx[argmax[i]!]! += dy[i]!;
}
