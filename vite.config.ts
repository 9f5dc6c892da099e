// Builds the playground (src/web) into dist/web, served by `platypus playground`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The WebAssembly kernels' bytes are a build output (npm run build:wasm writes them into dist before vite runs).
const wasmBinaries = fileURLToPath(new URL('./dist/src/kernels/wasm/binaries.js', import.meta.url));

// protobuf.js (CommonJS, used only by the ONNX export) does nothing when imported: say so, so that bundles
// that never export a model drop it instead of carrying ~110 kB of it.
const treeshake = { moduleSideEffects: (id: string) => !/[\\/]node_modules[\\/](protobufjs|long)[\\/]/.test(id) };

export default defineConfig({
  root: 'src/web',
  base: './',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: URLs: the server's content security policy allows only same-origin files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      treeshake,
      onwarn(warning, warn) {
        // zod's comments confuse Rollup's pure-annotation parser; harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es', rollupOptions: { treeshake } },
  resolve: { alias: [{ find: /^\.\/binaries\.js$/, replacement: wasmBinaries }] },
});
