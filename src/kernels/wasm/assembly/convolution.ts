// Convolution helpers over NHWC float32 images: im2col, its adjoint col2im, max pooling and its gradient.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. Pointers are byte addresses; the geometry is the
// ConvGeometry of ../../types.ts, passed field by field. The loops are those of the portable ones
// (../../js/convolution.ts), moving 4 floats at a time: each result has the same bits.

/** n floats from src to dst, four at a time. */
// @ts-ignore: decorator
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  const bytes = <usize>n << 2;
  const vecEnd = <usize>(n & ~3) << 2;
  let i: usize = 0;
  for (; i < vecEnd; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(src + i));
}

/** n zeros at dst. */
// @ts-ignore: decorator
@inline function zeroFloats(dst: usize, n: i32): void {
  const bytes = <usize>n << 2;
  const vecEnd = <usize>(n & ~3) << 2;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i < vecEnd; i += 16) v128.store(dst + i, zero);
  for (; i < bytes; i += 4) store<f32>(dst + i, 0);
}

/** dst[i] += src[i] for n floats. */
// @ts-ignore: decorator
@inline function addFloats(dst: usize, src: usize, n: i32): void {
  const bytes = <usize>n << 2;
  const vecEnd = <usize>(n & ~3) << 2;
  let i: usize = 0;
  for (; i < vecEnd; i += 16) v128.store(dst + i, f32x4.add(v128.load(dst + i), v128.load(src + i)));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(dst + i) + load<f32>(src + i));
}

/**
 * cols: [batch·outH·outW, k·k·c] = the k×k window of every output position of x: [batch, height, width, c],
 * column (ky·k + kx)·c + ci, zeros where the window reaches into the padding.
 */
export function im2col(
  x: usize, batch: i32, height: i32, width: i32, c: i32, k: i32, stride: i32, padTop: i32, padLeft: i32,
  outH: i32, outW: i32, cols: usize,
): void {
  if (c == 1 && k <= 3) {
    im2colOneChannel(x, batch, height, width, k, stride, padTop, padLeft, outH, outW, cols);
    return;
  }
  const span = k * c;
  const spanBytes = <usize>span << 2;
  const pixelBytes = <usize>c << 2;
  const lineBytes = <usize>width * pixelBytes;
  let dst = cols;
  for (let b = 0; b < batch; b++) {
    const image = x + <usize>b * <usize>height * lineBytes;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        // The whole window row lies in the image: its k pixels are k·c floats side by side.
        const inside = x0 >= 0 && x0 + k <= width;
        for (let ky = 0; ky < k; ky++, dst += spanBytes) {
          const iy = oy * stride - padTop + ky;
          if (iy < 0 || iy >= height) {
            zeroFloats(dst, span);
            continue;
          }
          const line = image + <usize>iy * lineBytes;
          if (inside) {
            copyFloats(dst, line + <usize>x0 * pixelBytes, span);
            continue;
          }
          for (let kx = 0; kx < k; kx++) {
            const ix = x0 + kx;
            const at = dst + <usize>kx * pixelBytes;
            if (ix < 0 || ix >= width) zeroFloats(at, c);
            else copyFloats(at, line + <usize>ix * pixelBytes, c);
          }
        }
      }
    }
  }
}

/**
 * im2col of one-channel images with windows of k ≤ 3: a window row is under 4 floats, so it moves as one
 * 4-float load and store where its line holds 4 floats from its start; the extra floats land where the next
 * window rows go, which are written after it (the call's last window, with nothing after it, goes float by float).
 */
function im2colOneChannel(
  x: usize, batch: i32, height: i32, width: i32, k: i32, stride: i32, padTop: i32, padLeft: i32,
  outH: i32, outW: i32, cols: usize,
): void {
  const zero = f32x4.splat(0);
  const lineBytes = <usize>width << 2;
  const spanBytes = <usize>k << 2;
  const windowBytes = <usize>(k * k) << 2;
  const end = cols + <usize>batch * <usize>outH * <usize>outW * windowBytes;
  let dst = cols;
  for (let b = 0; b < batch; b++) {
    const image = x + <usize>b * <usize>height * lineBytes;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * stride - padTop;
      for (let ox = 0; ox < outW; ox++, dst += windowBytes) {
        const x0 = ox * stride - padLeft;
        const fast = x0 >= 0 && x0 + 4 <= width && dst + windowBytes + 16 <= end;
        for (let ky = 0; ky < k; ky++) {
          const iy = iy0 + ky;
          const row = dst + <usize>ky * spanBytes;
          const inside = iy >= 0 && iy < height;
          const line = image + <usize>iy * lineBytes;
          if (fast) {
            v128.store(row, inside ? v128.load(line + (<usize>x0 << 2)) : zero);
            continue;
          }
          for (let kx = 0; kx < k; kx++) {
            const ix = x0 + kx;
            store<f32>(row + (<usize>kx << 2), inside && ix >= 0 && ix < width ? load<f32>(line + (<usize>ix << 2)) : 0);
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: dx = 0, then every row of cols added back where im2col read it from. */
export function col2im(
  cols: usize, batch: i32, height: i32, width: i32, c: i32, k: i32, stride: i32, padTop: i32, padLeft: i32,
  outH: i32, outW: i32, dx: usize,
): void {
  const span = k * c;
  const spanBytes = <usize>span << 2;
  const pixelBytes = <usize>c << 2;
  const lineBytes = <usize>width * pixelBytes;
  memory.fill(dx, 0, <usize>batch * <usize>height * lineBytes);
  let src = cols;
  for (let b = 0; b < batch; b++) {
    const image = dx + <usize>b * <usize>height * lineBytes;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        const inside = x0 >= 0 && x0 + k <= width;
        for (let ky = 0; ky < k; ky++, src += spanBytes) {
          const iy = oy * stride - padTop + ky;
          if (iy < 0 || iy >= height) continue;
          const line = image + <usize>iy * lineBytes;
          if (inside) {
            addFloats(line + <usize>x0 * pixelBytes, src, span);
            continue;
          }
          for (let kx = 0; kx < k; kx++) {
            const ix = x0 + kx;
            if (ix < 0 || ix >= width) continue;
            addFloats(line + <usize>ix * pixelBytes, src + <usize>kx * pixelBytes, c);
          }
        }
      }
    }
  }
}

/**
 * Max over each k×k window (no padding) of images b0 … b1−1 of x: [batch, height, width, c], per channel,
 * into out: [batch, outH, outW, c], with argmax (int32) the index into x of each maximum. The first maximum
 * wins a tie; a NaN wins and then stays. Four channels at a time.
 */
export function maxPool(
  x: usize, b0: i32, b1: i32, height: i32, width: i32, c: i32, k: i32, stride: i32, outH: i32, outW: i32,
  out: usize, argmax: usize,
): void {
  const vecC = c & ~3;
  const step = i32x4(0, 1, 2, 3);
  let o = <usize>b0 * <usize>outH * <usize>outW * <usize>c; // element index into out
  for (let b = b0; b < b1; b++) {
    const image = b * height * width * c;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o += <usize>c) {
        const corner = image + (oy * stride * width + ox * stride) * c;
        let ci = 0;
        for (; ci < vecC; ci += 4) {
          let best = v128.load(x + (<usize>(corner + ci) << 2));
          let at = i32x4.add(i32x4.splat(corner + ci), step);
          for (let ky = 0; ky < k; ky++) {
            let i = corner + ky * width * c + ci;
            for (let kx = 0; kx < k; kx++, i += c) {
              const v = v128.load(x + (<usize>i << 2));
              const take = v128.and(v128.or(f32x4.gt(v, best), f32x4.ne(v, v)), f32x4.eq(best, best));
              best = v128.bitselect(v, best, take);
              at = v128.bitselect(i32x4.add(i32x4.splat(i), step), at, take);
            }
          }
          v128.store(out + ((o + <usize>ci) << 2), best);
          v128.store(argmax + ((o + <usize>ci) << 2), at);
        }
        for (; ci < c; ci++) {
          let best = load<f32>(x + (<usize>(corner + ci) << 2));
          let at = corner + ci;
          for (let ky = 0; ky < k; ky++) {
            let i = corner + ky * width * c + ci;
            for (let kx = 0; kx < k; kx++, i += c) {
              const v = load<f32>(x + (<usize>i << 2));
              if ((v > best || v != v) && best == best) {
                best = v;
                at = i;
              }
            }
          }
          store<f32>(out + ((o + <usize>ci) << 2), best);
          store<i32>(argmax + ((o + <usize>ci) << 2), at);
        }
      }
    }
  }
}

/**
 * dx[lo … hi) = 0, then dx[argmax[i]] += dy[i] for i in [n0, n1) whose index falls in [lo, hi); other
 * indices are skipped. (With n0 = lo = 0 and n1, hi the whole lengths: the gradient of maxPool; threads
 * take whole images, whose maxima lie in their own image.)
 */
export function maxPoolBackward(dy: usize, argmax: usize, n0: i32, n1: i32, dx: usize, lo: i32, hi: i32): void {
  memory.fill(dx + (<usize>lo << 2), 0, <usize>(hi - lo) << 2);
  for (let i = n0; i < n1; i++) {
    const at = load<i32>(argmax + (<usize>i << 2));
    if (at < lo || at >= hi) continue;
    const p = dx + (<usize>at << 2);
    store<f32>(p, load<f32>(p) + load<f32>(dy + (<usize>i << 2)));
  }
}
