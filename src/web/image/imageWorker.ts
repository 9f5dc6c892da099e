/** The image lab's worker: loads the IDX files, trains, and answers predictions for drawn digits, all off the page's thread. */
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from '../../index.js';
import type { FromImageWorker, KernelsInfo, ToImageWorker } from './protocol.js';
import { ImageTrainer, loadImages } from './imageTrainer.js';
import { activeKernels, useKernels } from '../../tensor/backend.js';
import { loadWasmKernels, sharedMemorySupported, wasmSimdSupported } from '../../kernels/wasm/index.js';
import { spawnWebKernelWorker, webThreadsSupported } from '../../kernels/wasm/web-threads.js';

/**
 * The book's network trains in float32, where the WebAssembly SIMD kernels run its matrix products some 20 times
 * faster than the portable loops. Where this worker is cross-origin isolated (the playground's server sends
 * COOP/COEP) and the machine has a second core, the bigger products are split with a helper thread on a shared
 * memory — in row blocks of multiples of 4, so every result is bit-identical to one thread. Otherwise one thread;
 * engines without WebAssembly SIMD keep the portable loops (same results, only slower).
 */
async function fastKernels(): Promise<KernelsInfo> {
  if (wasmSimdSupported()) {
    const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
    if (webThreadsSupported() && sharedMemorySupported() && cores >= 2) {
      try {
        useKernels(await loadWasmKernels({ threads: 2, spawnWorker: spawnWebKernelWorker }));
      } catch {
        // The helper did not start: one thread below.
      }
    }
    if (activeKernels().threads === 1) {
      try {
        useKernels(await loadWasmKernels({ threads: 1 }));
      } catch {
        // The portable loops stay.
      }
    }
  }
  const { name, threads } = activeKernels();
  return { name, threads };
}

const kernels = fastKernels();

interface WorkerScope {
  postMessage(message: FromImageWorker, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToImageWorker>) => void) | null;
}

function serve(scope: WorkerScope): void {
  let trainer: ImageTrainer | undefined;
  let stop = false;
  let training = false;
  const post = (message: FromImageWorker, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
  const fail = (e: unknown): void => post({ type: 'error', message: e instanceof Error ? e.message : String(e) });

  void kernels.then((info) => post({ type: 'kernels', kernels: info }));
  scope.onmessage = async (event) => {
    const message = event.data;
    const kernelsInfo = await kernels;
    try {
      switch (message.type) {
        case 'load': {
          if (training) throw new Error('stop training before loading other files');
          const classNames = [...(message.classSet === 'fashion' ? FASHION_MNIST_CLASSES : MNIST_CLASSES)];
          const data = loadImages(message.files, classNames);
          trainer = new ImageTrainer(data);
          post({ type: 'loaded', classNames, trainRows: data.train.features.rows, testRows: data.test.features.rows, height: data.height, width: data.width, classes: data.classes, heldOut: data.heldOut, kernels: kernelsInfo });
          break;
        }
        case 'train': {
          if (!trainer || training) break;
          const current = trainer;
          const started = performance.now();
          const accuracy: [number, number][] = [[0, 0]];
          stop = false;
          training = true;
          current
            .train(message.options, (epoch, seen) => {
              accuracy.push([seen, current.accuracy()]);
              const weights = current.weightsPicture();
              post({ type: 'progress', progress: { epoch, seen, seconds: (performance.now() - started) / 1000, accuracy: [...accuracy], weights } }, [weights.rgba.buffer as ArrayBuffer]);
            }, () => stop)
            .then((stopped) => post({ type: 'done', stopped }), fail)
            .finally(() => {
              training = false;
            });
          break;
        }
        case 'stop':
          stop = true;
          break;
        case 'predict':
          if (trainer?.model?.fitted) post({ type: 'probabilities', values: trainer.probabilities(message.pixels) });
          break;
      }
    } catch (e) {
      fail(e);
    }
  };
}

serve(self as unknown as WorkerScope);
