// Bytes to floats: rows of a byte matrix, standardized per column on the way.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. Pointers are byte addresses.
// The arithmetic is float64, (x − shift) · factor rounded once to float32: the same operations as the
// portable loops, so the same bits.

/**
 * Four byte values (the i32 lanes of q), standardized by the columns at shift/factor, stored at dst.
 * The signed conversion (one instruction on x64; the unsigned one is several) is exact for 0…255.
 */
// @ts-ignore: decorator
@inline function scale4(q: v128, shift: usize, factor: usize, dst: usize): void {
  const lo = f64x2.mul(f64x2.sub(f64x2.convert_low_i32x4_s(q), v128.load(shift)), v128.load(factor));
  const hi = f64x2.mul(
    f64x2.sub(f64x2.convert_low_i32x4_s(i32x4.shuffle(q, q, 2, 3, 2, 3)), v128.load(shift, 16)),
    v128.load(factor, 16),
  );
  v128.store(dst, i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

/** dst[j] = (src[j] − shift[j]) · factor[j] for j < cols: 16 bytes at a time, then one at a time. */
// @ts-ignore: decorator
@inline function scaleRow(src: usize, cols: i32, shift: usize, factor: usize, dst: usize): void {
  const vecEnd = <usize>(cols & ~15);
  let j: usize = 0;
  for (; j < vecEnd; j += 16) {
    const v = v128.load(src + j);
    const lo = i16x8.extend_low_i8x16_u(v);
    const hi = i16x8.extend_high_i8x16_u(v);
    const s = shift + (j << 3);
    const f = factor + (j << 3);
    const d = dst + (j << 2);
    scale4(i32x4.extend_low_i16x8_u(lo), s, f, d);
    scale4(i32x4.extend_high_i16x8_u(lo), s + 32, f + 32, d + 16);
    scale4(i32x4.extend_low_i16x8_u(hi), s + 64, f + 64, d + 32);
    scale4(i32x4.extend_high_i16x8_u(hi), s + 96, f + 96, d + 48);
  }
  for (; j < <usize>cols; j++) {
    const v = (<f64>load<u8>(src + j) - load<f64>(shift + (j << 3))) * load<f64>(factor + (j << 3));
    store<f32>(dst + (j << 2), <f32>v);
  }
}

/**
 * out[r, j] = (x[indices[r], j] − shift[j]) · factor[j] for r < rows, j < cols: rows of the byte matrix
 * x: [·, cols] picked by the int32 indices, into out: [rows, cols] float32. shift, factor: [cols] float64.
 */
export function gatherBytes(x: usize, cols: i32, indices: usize, rows: i32, shift: usize, factor: usize, out: usize): void {
  const rowBytes = <usize>cols;
  for (let r = 0; r < rows; r++) {
    const src = x + <usize>load<i32>(indices + (<usize>r << 2)) * rowBytes;
    scaleRow(src, cols, shift, factor, out + <usize>r * rowBytes * 4);
  }
}

/** out[r, j] = (x[r, j] − shift[j]) · factor[j] for the consecutive byte rows x: [rows, cols]. */
export function scaleBytes(x: usize, rows: i32, cols: i32, shift: usize, factor: usize, out: usize): void {
  const rowBytes = <usize>cols;
  for (let r = 0; r < rows; r++) scaleRow(x + <usize>r * rowBytes, cols, shift, factor, out + <usize>r * rowBytes * 4);
}
