/**
 * The few parts of the WebAssembly JavaScript API this backend uses, typed here because the
 * project's lib (ES2022, no DOM) does not declare `WebAssembly`. Reached through globalThis, so
 * the same code runs in Node, browsers and workers.
 */

/** A WebAssembly.Memory. `buffer` is a SharedArrayBuffer when the memory is shared. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Adds `deltaPages` pages of 64 KiB; returns the previous size in pages. */
  grow(deltaPages: number): number;
}

/** A compiled module (opaque; can be posted to workers). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export type WasmImports = Record<string, Record<string, unknown>>;

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** Bytes of one WebAssembly memory page. */
export const WASM_PAGE_BYTES = 65536;

/** The engine's WebAssembly object, or undefined where there is none. */
export function webAssembly(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}
