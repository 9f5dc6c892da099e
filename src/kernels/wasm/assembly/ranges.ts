// One entry point for every kernel that threads can share: runRange(kind, args, i0, i1, work) runs part
// [i0, i1) of one call (rows of C, images, rows or elements, by kind), its arguments read from an argument
// block in memory. The calling thread and the helper thread both claim parts of one job and call this,
// so a job is described once, in memory, whatever the kernel. AssemblyScript (asc), not tsc.
//
// The argument block: int32 slots at args + 4·i (i < 32; pointers are byte addresses), float64 slots at
// args + 128 + 8·j (j < 8). The kinds and their slots must match RANGE in ../ranges.ts.

import { panelCount } from './blocking';
import { gemmRows } from './gemm';
import { rowEpilogue } from './epilogue';
import { packB, packBPanels } from './pack';
import { addRowVector, axpy, relu, sigmoid, sigmoidBackward } from './elementwise';
import { adamStep, columnAffine, columnCombine, reluBackward } from './training';
import { gatherBytes, scaleBytes } from './gather';
import { col2im, im2col, maxPool, maxPoolBackward } from './convolution';

const GEMM_ROWS: i32 = 0;
const IM2COL: i32 = 1;
const COL2IM: i32 = 2;
const MAX_POOL: i32 = 3;
const MAX_POOL_BACKWARD: i32 = 4;
const RELU: i32 = 5;
const RELU_BACKWARD: i32 = 6;
const SIGMOID: i32 = 7;
const ADD_ROW_VECTOR: i32 = 8;
const COLUMN_AFFINE: i32 = 9;
const COLUMN_COMBINE: i32 = 10;
const ADAM_STEP: i32 = 11;
const GATHER_BYTES: i32 = 12;
const SCALE_BYTES: i32 = 13;
const AXPY: i32 = 14;
const GEMM_COLUMNS: i32 = 15;
const GEMM_K_HALVES: i32 = 16;
const ROW_EPILOGUE: i32 = 17;
const SIGMOID_BACKWARD: i32 = 18;
const PACK_B: i32 = 19;

// @ts-ignore: decorator
@inline function int(args: usize, i: i32): i32 {
  return load<i32>(args + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function ptr(args: usize, i: i32): usize {
  return <usize>load<u32>(args + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function float(args: usize, j: i32): f64 {
  return load<f64>(args + 128 + (<usize>j << 3));
}

/** Byte offset of item i when each item is `per` float32 (or int32) values. */
// @ts-ignore: decorator
@inline function at(i: i32, per: i32): usize {
  return (<usize>i * <usize>per) << 2;
}

/** Runs items [i0, i1) of the job `kind` described at args. `work`: this thread's gemmWorkBytes(). */
export function runRange(kind: i32, args: usize, i0: i32, i1: i32, work: usize): void {
  if (i1 <= i0) return;
  const n = i1 - i0;
  switch (kind) {
    case GEMM_ROWS:
    case GEMM_COLUMNS: {
      // rows of C, or its 8-wide column panels: m, n, k, a, transA, lda, packedB, c, accumulate, bias (0: none),
      // activation (0: none)
      const m = int(args, 0), n = int(args, 1);
      const rows = kind == GEMM_ROWS;
      gemmRows(
        rows ? i0 : 0, rows ? i1 : m, rows ? 0 : i0, rows ? panelCount(n) : i1, n, int(args, 2), ptr(args, 3),
        int(args, 4) != 0, int(args, 5), ptr(args, 6), ptr(args, 7), int(args, 8) != 0, work, ptr(args, 9), int(args, 10),
      );
      break;
    }
    case GEMM_K_HALVES: {
      // the two halves of a deep product, each packing its own part of B: m, n, transA, lda, accumulate (half 0
      // only), transB, ldb, then for half h at slot 7 + 5h: its a, b, packed B, c, k
      const m = int(args, 0), n = int(args, 1), transB = int(args, 5) != 0, ldb = int(args, 6);
      for (let h = i0; h < i1; h++) {
        const s = 7 + 5 * h;
        const k = int(args, s + 4);
        packB(ptr(args, s + 1), transB, k, n, ldb, ptr(args, s + 2));
        gemmRows(0, m, 0, panelCount(n), n, k, ptr(args, s), int(args, 2) != 0, int(args, 3), ptr(args, s + 2), ptr(args, s + 3), h == 0 && int(args, 4) != 0, work);
      }
      break;
    }
    case PACK_B: {
      // 8-wide panels of B: b, transB, k, n, ldb, dst
      packBPanels(ptr(args, 0), int(args, 1) != 0, int(args, 2), int(args, 3), int(args, 4), ptr(args, 5), i0, i1);
      break;
    }
    case IM2COL:
    case COL2IM: {
      // images: source, height, width, channels, k, stride, padTop, padLeft, outH, outW, destination
      const height = int(args, 1), width = int(args, 2), c = int(args, 3), k = int(args, 4);
      const outH = int(args, 8), outW = int(args, 9);
      const image = height * width * c;
      const unfolded = outH * outW * k * k * c;
      if (kind == IM2COL) {
        im2col(ptr(args, 0) + at(i0, image), n, height, width, c, k, int(args, 5), int(args, 6), int(args, 7), outH, outW, ptr(args, 10) + at(i0, unfolded));
      } else {
        col2im(ptr(args, 0) + at(i0, unfolded), n, height, width, c, k, int(args, 5), int(args, 6), int(args, 7), outH, outW, ptr(args, 10) + at(i0, image));
      }
      break;
    }
    case MAX_POOL: {
      // images: x, height, width, channels, k, stride, outH, outW, out, argmax
      maxPool(ptr(args, 0), i0, i1, int(args, 1), int(args, 2), int(args, 3), int(args, 4), int(args, 5), int(args, 6), int(args, 7), ptr(args, 8), ptr(args, 9));
      break;
    }
    case MAX_POOL_BACKWARD: {
      // images: dy, argmax, dy floats per image, dx, dx floats per image
      const dyPer = int(args, 2), dxPer = int(args, 4);
      maxPoolBackward(ptr(args, 0), ptr(args, 1), i0 * dyPer, i1 * dyPer, ptr(args, 3), i0 * dxPer, i1 * dxPer);
      break;
    }
    case RELU:
    case SIGMOID: {
      // elements: x, out
      const x = ptr(args, 0) + at(i0, 1), out = ptr(args, 1) + at(i0, 1);
      if (kind == RELU) relu(x, n, out);
      else sigmoid(x, n, out);
      break;
    }
    case ROW_EPILOGUE: {
      // rows: c, cols, bias (0: none), activation
      const cols = int(args, 1);
      rowEpilogue(ptr(args, 0), <usize>cols * 4, i0, i1, 0, cols, ptr(args, 2), int(args, 3));
      break;
    }
    case SIGMOID_BACKWARD: {
      // elements: y, dy, out
      sigmoidBackward(ptr(args, 0) + at(i0, 1), ptr(args, 1) + at(i0, 1), n, ptr(args, 2) + at(i0, 1));
      break;
    }
    case RELU_BACKWARD: {
      // elements: x, dy, out
      reluBackward(ptr(args, 0) + at(i0, 1), ptr(args, 1) + at(i0, 1), n, ptr(args, 2) + at(i0, 1));
      break;
    }
    case ADD_ROW_VECTOR: {
      // rows: x, bias, cols, out
      const cols = int(args, 2);
      addRowVector(ptr(args, 0) + at(i0, cols), ptr(args, 1), n, cols, ptr(args, 3) + at(i0, cols));
      break;
    }
    case COLUMN_AFFINE: {
      // rows: x, cols, center, scale, gain, bias, h (0: none), out
      const cols = int(args, 1);
      const h = ptr(args, 6);
      columnAffine(
        ptr(args, 0) + at(i0, cols), n, cols, ptr(args, 2), ptr(args, 3), ptr(args, 4), ptr(args, 5),
        h == 0 ? 0 : h + at(i0, cols), ptr(args, 7) + at(i0, cols),
      );
      break;
    }
    case COLUMN_COMBINE: {
      // rows: a, b, cols, ka, kb, k, out
      const cols = int(args, 2);
      columnCombine(ptr(args, 0) + at(i0, cols), ptr(args, 1) + at(i0, cols), n, cols, ptr(args, 3), ptr(args, 4), ptr(args, 5), ptr(args, 6) + at(i0, cols));
      break;
    }
    case ADAM_STEP: {
      // elements: w, g, m, v; floats β₁, β₂, η, c₁, c₂, ε
      const o = at(i0, 1);
      adamStep(
        ptr(args, 0) + o, ptr(args, 1) + o, ptr(args, 2) + o, ptr(args, 3) + o, n,
        float(args, 0), float(args, 1), float(args, 2), float(args, 3), float(args, 4), float(args, 5),
      );
      break;
    }
    case GATHER_BYTES: {
      // rows: x, cols, indices, shift, factor, out
      const cols = int(args, 1);
      gatherBytes(ptr(args, 0), cols, ptr(args, 2) + at(i0, 1), n, ptr(args, 3), ptr(args, 4), ptr(args, 5) + at(i0, cols));
      break;
    }
    case SCALE_BYTES: {
      // rows: x, cols, shift, factor, out
      const cols = int(args, 1);
      scaleBytes(ptr(args, 0) + <usize>i0 * <usize>cols, n, cols, ptr(args, 2), ptr(args, 3), ptr(args, 4) + at(i0, cols));
      break;
    }
    case AXPY: {
      // elements: a, b, out; float alpha
      const o = at(i0, 1);
      axpy(ptr(args, 0) + o, float(args, 0), ptr(args, 1) + o, n, ptr(args, 2) + o);
      break;
    }
    default:
      unreachable();
  }
}
