/**
 * What the running WebAssembly engine supports, found by validating tiny modules (no Node or DOM APIs).
 * Each probe is one function `() -> v128` whose body uses the feature in question.
 */
import { webAssembly } from './wasm-api.js';

/** `v128.const 0`: opcode 0xfd 0x0c and 16 zero bytes. */
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
/** `f32x4.add` (SIMD opcode 0xe4, LEB128-encoded). */
const F32X4_ADD = [0xfd, 0xe4, 0x01];
/** `f32x4.relaxed_madd` (relaxed SIMD opcode 0x105, LEB128-encoded). */
const F32X4_RELAXED_MADD = [0xfd, 0x85, 0x02];

/** A module with one function of type `() -> v128` running `body`. All sections are under 128 bytes. */
function probeModule(body: number[]): Uint8Array {
  const code = [0x00 /* no locals */, ...body, 0x0b /* end */];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: one type, () -> v128
    0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
    0x0a, code.length + 2, 0x01, code.length, ...code, // code section: one body
  ]);
}

function validates(bytes: Uint8Array): boolean {
  try {
    return webAssembly()?.validate(bytes) ?? false;
  } catch {
    return false;
  }
}

/** Whether this engine runs WebAssembly with 128-bit SIMD (every current browser, Node ≥ 16). */
export function wasmSimdSupported(): boolean {
  return validates(probeModule([...V128_ZERO, ...V128_ZERO, ...F32X4_ADD]));
}

/**
 * Whether this engine runs relaxed SIMD (f32x4.relaxed_madd). Node 20 does only after
 * `enableRelaxedSimdInNode()` (node-flags.ts); Chrome ≥ 114 and Node ≥ 22 do by default.
 */
export function relaxedSimdSupported(): boolean {
  return validates(probeModule([...V128_ZERO, ...V128_ZERO, ...V128_ZERO, ...F32X4_RELAXED_MADD]));
}

/**
 * Whether a shared WebAssembly.Memory can be made here: always in Node; in a browser only on a
 * cross-origin isolated page (COOP/COEP headers), where SharedArrayBuffer exists.
 */
export function sharedMemorySupported(): boolean {
  const api = webAssembly();
  if (api === undefined || typeof SharedArrayBuffer !== 'function') return false;
  try {
    new api.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}
