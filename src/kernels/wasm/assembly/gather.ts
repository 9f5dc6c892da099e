// Bytes to floats: rows of a byte matrix, standardized per column on the way.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. Pointers are byte addresses.
// The arithmetic is float32, (x − shift) · factor with shift and factor float32: one rounding after the
// subtraction and one after the product, as the portable loops do with Math.fround, so the same bits.

/** dst[j] = (src[j] − shift[j]) · factor[j] for j < cols: 16 bytes at a time, then one at a time. */
// @ts-ignore: decorator
@inline function scaleRow(src: usize, cols: i32, shift: usize, factor: usize, dst: usize): void {
  const vecEnd = <usize>(cols & ~15);
  let j: usize = 0;
  for (; j < vecEnd; j += 16) {
    const v = v128.load(src + j);
    const lo = i16x8.extend_low_i8x16_u(v);
    const hi = i16x8.extend_high_i8x16_u(v);
    const o = j << 2;
    // The signed conversion is exact for 0…255 (and one instruction on x64; the unsigned one is several).
    v128.store(dst + o, f32x4.mul(f32x4.sub(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo)), v128.load(shift + o)), v128.load(factor + o)));
    v128.store(dst + o, f32x4.mul(f32x4.sub(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo)), v128.load(shift + o, 16)), v128.load(factor + o, 16)), 16);
    v128.store(dst + o, f32x4.mul(f32x4.sub(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(hi)), v128.load(shift + o, 32)), v128.load(factor + o, 32)), 32);
    v128.store(dst + o, f32x4.mul(f32x4.sub(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(hi)), v128.load(shift + o, 48)), v128.load(factor + o, 48)), 48);
  }
  for (; j < <usize>cols; j++) {
    store<f32>(dst + (j << 2), (<f32>load<u8>(src + j) - load<f32>(shift + (j << 2))) * load<f32>(factor + (j << 2)));
  }
}

/**
 * out[r, j] = (x[indices[r], j] − shift[j]) · factor[j] for r < rows, j < cols: rows of the byte matrix
 * x: [·, cols] picked by the int32 indices, into out: [rows, cols] float32. shift, factor: [cols] float32.
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
