/** A dense buffer of floats. float32 is the training default; float64 serves gradient checks and the book's small sets. */
export type FloatArray = Float32Array | Float64Array;

/**
 * One matrix product `C = op(A) · op(B) (+ C when accumulate)`, all row-major.
 * op(A) is [m, k]; op(B) is [k, n]; C is [m, n].
 * With transA, A is stored as [k, m]; with transB, B is stored as [n, k].
 */
export interface GemmSpec {
  m: number;
  n: number;
  k: number;
  transA?: boolean;
  transB?: boolean;
  /** add into C instead of overwriting it */
  accumulate?: boolean;
}

/** Activations a product's epilogue can apply: the same values as the sigmoid and relu kernels. */
export type EpilogueActivation = 'sigmoid' | 'relu';

/**
 * What a product's results go through before they are stored: C = activation(op(A)·op(B) (+ C) + bias),
 * the bias added to every row (as addRowVector), then the activation (as the sigmoid or relu kernel), with
 * the same values as those kernels called after the product.
 */
export interface GemmEpilogue {
  /** [n] values added to every row of C */
  bias?: FloatArray;
  activation?: EpilogueActivation;
}

/** A per-column affine map x ↦ (x − shift[j]) · factor[j] (standardization), one entry per column. */
export interface ColumnScale {
  readonly shift: Float64Array;
  readonly factor: Float64Array;
}

/**
 * Where a convolution's windows fall on a batch of images stored NHWC ([batch, height, width, channels]):
 * square windows of `kernelSize`, moved by `stride`, over an image padded with zeros (`padTop` rows above,
 * `padLeft` columns left; the rest of the padding is implied by outHeight/outWidth).
 */
export interface ConvGeometry {
  batch: number;
  height: number;
  width: number;
  channels: number;
  kernelSize: number;
  stride: number;
  padTop: number;
  padLeft: number;
  outHeight: number;
  outWidth: number;
}

/**
 * The loops every model spends its time in. A backend (portable TypeScript, WebAssembly SIMD)
 * implements all of them; the ops above call only this interface.
 * All arrays of one call have the same element type. Outputs may alias inputs only where noted.
 */
export interface Kernels {
  readonly name: string;
  /** Threads the backend computes with. */
  readonly threads: number;
  /** C = op(A)·op(B) (+ C), then through `epilogue` when given (a layer's bias and activation). */
  gemm(spec: GemmSpec, a: FloatArray, b: FloatArray, c: FloatArray, epilogue?: GemmEpilogue): void;
  /** out[i, j] = x[i, j] + bias[j] for x: [rows, cols]. out may alias x. */
  addRowVector(x: FloatArray, bias: FloatArray, rows: number, cols: number, out: FloatArray): void;
  /** out[j] = Σ_i x[i, j] for x: [rows, cols] (the gradient of a bias). */
  sumRows(x: FloatArray, rows: number, cols: number, out: FloatArray): void;
  /** out = 1 / (1 + e^-x), elementwise. out may alias x. */
  sigmoid(x: FloatArray, out: FloatArray): void;
  /** out = max(0, x), elementwise. out may alias x. */
  relu(x: FloatArray, out: FloatArray): void;
  /** Row-wise softmax of x: [rows, cols], stable (the row maximum is subtracted first). out may alias x. */
  softmaxRows(x: FloatArray, rows: number, cols: number, out: FloatArray): void;
  /** out = a + alpha · b, elementwise (the update of gradient descent). out may alias a or b. */
  axpy(a: FloatArray, alpha: number, b: FloatArray, out: FloatArray): void;
  /**
   * Unfolds x: [batch, height, width, channels] into one row per output position:
   * cols: [batch·outHeight·outWidth, kernelSize²·channels], column (ky·kernelSize + kx)·channels + c,
   * zero where a window reaches into the padding. A convolution is then cols · W.
   */
  im2col(x: FloatArray, g: ConvGeometry, cols: FloatArray): void;
  /** The adjoint of im2col: dx = Σ of every row of cols added back where it was read from (dx is overwritten). */
  col2im(cols: FloatArray, g: ConvGeometry, dx: FloatArray): void;
  /**
   * Max over each kernelSize² window (no padding) of x: [batch, height, width, channels], per channel:
   * out: [batch, outHeight, outWidth, channels]; argmax[i] is the index into x that out[i] came from.
   */
  maxPool(x: FloatArray, g: ConvGeometry, out: FloatArray, argmax: Int32Array): void;
  /**
   * dx = 0, then dx[argmax[i]] += dy[i] for every i < dy.length (the gradient of maxPool). `images`, when
   * given, says dy and dx hold that many images, each maximum in its own image (as maxPool's argmax):
   * a backend may then share the images among threads.
   */
  maxPoolBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, images?: number): void;
  /**
   * dx = dy · (y · (1 − y)), the gradient of the sigmoid from its output y. Into float32, float32 arithmetic
   * (a rounding after each operation). dx may alias dy.
   */
  sigmoidBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void;
  /**
   * Softmax cross-entropy of logits z: [rows, cols] against targets t (one-hot rows or probabilities), fused:
   * returns the mean loss (1/rows)·Σ_r Σ_j t_rj·(lse_r − z_rj), lse_r the row's log-sum-exp (stable: the row
   * maximum is subtracted first), and writes grad = (softmax(z)·Σ_j t_rj − t)/rows, the loss's gradient with
   * respect to z. grad must not overlap z or t.
   */
  softmaxCrossEntropy(z: FloatArray, t: FloatArray, rows: number, cols: number, grad: FloatArray): number;
  /** dx = dy where x > 0, else 0: the gradient of relu. dx may alias dy. */
  reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void;
  /**
   * Per column of x: [rows, cols]: the mean and the biased variance, accumulated in float64 in row order
   * (batch normalization's statistics).
   */
  columnMoments(x: FloatArray, rows: number, cols: number, mean: FloatArray, variance: FloatArray): void;
  /** Per column: sumA[j] = Σ_i a[i, j] and sumAB[j] = Σ_i a[i, j]·b[i, j], accumulated in float64. */
  columnDots(a: FloatArray, b: FloatArray, rows: number, cols: number, sumA: FloatArray, sumAB: FloatArray): void;
  /**
   * Two per-column maps over x: [rows, cols]: h = (x − center[j])·scale[j], out = h·gain[j] + bias[j];
   * h is also written to `h` when given (batch normalization's forward pass: x̂ and y).
   */
  columnAffine(
    x: FloatArray, rows: number, cols: number, center: FloatArray, scale: FloatArray, gain: FloatArray, bias: FloatArray,
    h: FloatArray | undefined, out: FloatArray,
  ): void;
  /** out = a·ka[j] + b·kb[j] + k[j] per column of a, b: [rows, cols] (batch normalization's input gradient). */
  columnCombine(a: FloatArray, b: FloatArray, rows: number, cols: number, ka: FloatArray, kb: FloatArray, k: FloatArray, out: FloatArray): void;
  /**
   * One Adam step in place: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − (η·m)·c₁ / (sqrt(v·c₂) + ε),
   * computed in float64 (so every backend gives the same bits), c₁ and c₂ being the bias corrections.
   */
  adamStep(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, hyper: AdamHyper): void;
  /**
   * Rows of a byte matrix x: [·, cols] picked by `indices`, as floats: out[r, j] = x[indices[r], j], or with
   * `scale` (x[indices[r], j] − shift[j]) · factor[j]: in float32 arithmetic into a float32 out (shift and factor
   * rounded to float32, a rounding after the subtraction and one after the product), in float64 into a float64 out.
   * out: [indices.length, cols]. The indices must be rows of x (the caller checks).
   */
  gatherBytes(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scale?: ColumnScale): void;
  /**
   * Optional: gatherBytes that may run on another thread while this one goes on (the next batch, gathered
   * while the current one trains). The rows are in `out` once `settle()` returns: until then out must not be
   * used and x must not change. The same values as gatherBytes.
   */
  prefetchBytes?(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scale?: ColumnScale): void;
  /** Optional: waits for the work prefetchBytes started, if any. */
  settle?(): void;
  /**
   * Optional: a zeroed float32 array of `length` that these kernels use without copies (a view of their
   * WebAssembly memory), for buffers that live across many calls: parameters, optimizer state, layer
   * outputs, batches. Undefined when the backend has no room: use a plain Float32Array then. The memory
   * comes back when the array is garbage-collected or passed to `freeBuffer`.
   */
  allocateBuffer?(length: number): Float32Array | undefined;
  /**
   * Optional: a zeroed byte array of `length` in the kernels' own memory, for a data set that gatherBytes then
   * reads in place (no copy per batch); undefined when there is no room. Its memory comes back once neither it
   * nor any subarray cut from it is reachable.
   */
  allocateBytes?(length: number): Uint8Array | undefined;
  /** Optional: gives an array from allocateBuffer back now; it must not be used afterwards. */
  freeBuffer?(array: Float32Array): void;
}


/** The numbers of one Adam step: β₁, β₂, the step size η, the bias corrections c₁ = 1/(1 − β₁ᵗ), c₂ = 1/(1 − β₂ᵗ), and ε. */
export interface AdamHyper {
  beta1: number;
  beta2: number;
  eta: number;
  c1: number;
  c2: number;
  epsilon: number;
}
