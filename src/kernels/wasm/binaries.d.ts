/**
 * The compiled kernel modules, base64-encoded. The implementation, binaries.js, is generated into
 * dist/src/kernels/wasm/ by `npm run build:wasm` (src/kernels/wasm/assembly/build.mjs) and never committed.
 * Each module imports its memory as `env.memory`: unshared for `simd`/`relaxed`, shared for `*Shared`.
 */
/** Plain SIMD. */
export declare const simd: string;
/** Relaxed SIMD (fused multiply-add). */
export declare const relaxed: string;
/** Plain SIMD, shared memory. */
export declare const simdShared: string;
/** Relaxed SIMD, shared memory. */
export declare const relaxedShared: string;
