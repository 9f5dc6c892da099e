/** The image lab's worker: loads the IDX files, trains, and answers predictions for drawn digits, all off the page's thread. */
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from '../../index.js';
import type { FromImageWorker, ToImageWorker } from './protocol.js';
import { ImageTrainer, loadImages } from './imageTrainer.js';
import { activeKernels, useKernels } from '../../tensor/backend.js';
import { loadWasmKernels, wasmSimdSupported } from '../../kernels/wasm/index.js';

/**
 * The book's network trains in float32, where the WebAssembly SIMD kernels run its matrix products some 20 times
 * faster than the portable loops; engines without WebAssembly SIMD keep the portable loops.
 */
async function fastKernels(): Promise<string> {
  try {
    if (wasmSimdSupported()) useKernels(await loadWasmKernels({ threads: 1 }));
  } catch {
    // The portable loops give the same results, only slower.
  }
  return activeKernels().name;
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

  scope.onmessage = async (event) => {
    const message = event.data;
    const kernelName = await kernels;
    try {
      switch (message.type) {
        case 'load': {
          if (training) throw new Error('stop training before loading other files');
          const classNames = [...(message.classSet === 'fashion' ? FASHION_MNIST_CLASSES : MNIST_CLASSES)];
          const data = loadImages(message.files, classNames);
          trainer = new ImageTrainer(data);
          post({ type: 'loaded', classNames, trainRows: data.train.features.rows, testRows: data.test.features.rows, height: data.height, width: data.width, classes: data.classes, heldOut: data.heldOut, kernels: kernelName });
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
