import type { FloatArray, GemmEpilogue, GemmSpec } from '../types.js';
import { addRowVector, relu, sigmoid } from './elementwise.js';

/**
 * Portable matrix product: the reference every faster backend is tested against.
 * The loop order keeps the innermost loop walking contiguous memory of B and C,
 * so it runs at a few GFLOP/s without any blocking.
 */
export function gemm(spec: GemmSpec, a: FloatArray, b: FloatArray, c: FloatArray, epilogue?: GemmEpilogue): void {
  multiply(spec, a, b, c);
  if (epilogue === undefined) return;
  const size = spec.m * spec.n;
  const out = c.length === size ? c : c.subarray(0, size);
  if (epilogue.bias) addRowVector(out, epilogue.bias, spec.m, spec.n, out);
  if (epilogue.activation === 'sigmoid') sigmoid(out, out);
  else if (epilogue.activation === 'relu') relu(out, out);
}

function multiply(spec: GemmSpec, a: FloatArray, b: FloatArray, c: FloatArray): void {
  const { m, n, k } = spec;
  const transA = spec.transA ?? false;
  const transB = spec.transB ?? false;
  if (!spec.accumulate) c.fill(0, 0, m * n);
  if (!transB) {
    // C[i,:] += A[i,p] · B[p,:]
    for (let i = 0; i < m; i++) {
      const cRow = i * n;
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[p * m + i]! : a[i * k + p]!;
        if (aip === 0) continue;
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j]! += aip * b[bRow + j]!;
      }
    }
    return;
  }
  // B stored as [n, k]: C[i,j] = Σ_p A[i,p] · B[j,p], a dot product of two contiguous rows when A is not transposed.
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      if (transA) {
        for (let p = 0; p < k; p++) sum += a[p * m + i]! * b[bRow + p]!;
      } else {
        const aRow = i * k;
        for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[bRow + p]!;
      }
      c[cRow + j]! += sum;
    }
  }
}
