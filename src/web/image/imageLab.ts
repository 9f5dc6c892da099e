/**
 * The image lab: the user picks MNIST or Fashion-MNIST IDX files, trains a one-hidden-layer network in a worker,
 * watches test accuracy rise and the first layer's weights take shape, and draws a digit to classify (mouse,
 * pen, finger or keyboard). The settings live in the image lab's part of the URL.
 */
import type { PageUrl } from '../pageUrl.js';
import { putPicture } from '../render/picture.js';
import { hasImageParams, parseImageConfig, writeImageConfig } from '../state/imageProps.js';
import { drawAccuracy } from './accuracyChart.js';
import { drawingPad } from './drawing.js';
import { imageSettings } from './imageSettings.js';
import type { FromImageWorker, ImageFiles, KernelsInfo, ToImageWorker } from './protocol.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** 'wasm-relaxed · 2 threads' */
export function kernelsLabel(kernels: KernelsInfo): string {
  return `${kernels.name} · ${kernels.threads} ${kernels.threads === 1 ? 'thread' : 'threads'}`;
}

/**
 * Wires the image lab's section of the page. Its worker starts when the section is first opened (it then
 * reports its kernels); a link with image-lab settings opens the section.
 */
export function startImageLab(url: PageUrl): void {
  let worker: Worker | undefined;
  let trained = false;
  let training = false;
  let side = 28;
  let opened = false;
  const section = byId<HTMLDetailsElement>('image-lab');
  const status = byId('image-status');
  const trainButton = byId<HTMLButtonElement>('image-train');
  const setStatus = (text: string, error = false): void => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };
  const setTraining = (on: boolean): void => {
    training = on;
    trainButton.textContent = on ? 'Stop' : 'Train';
    trainButton.setAttribute('aria-pressed', String(on));
  };

  // The URL carries the settings once the section has been opened (or when the link carried them).
  const settings = imageSettings(parseImageConfig(url.initial), () => {
    if (opened) url.write('image', writeImageConfig(settings.config()));
  });

  let names: string[] = [];
  const bars = byId('image-probabilities');
  const prediction = byId('image-prediction');
  const showProbabilities = (values: readonly number[]): void => {
    const best = values.indexOf(Math.max(...values));
    prediction.textContent = `Most likely: ${names[best] ?? best} (${(100 * values[best]!).toFixed(1)} %)`;
    bars.replaceChildren(
      ...values.map((p, k) => {
        const li = document.createElement('li');
        const label = document.createElement('span');
        label.textContent = names[k] ?? String(k);
        const meter = document.createElement('meter');
        meter.min = 0;
        meter.max = 1;
        meter.value = p;
        meter.setAttribute('aria-label', `probability of ${names[k] ?? k}`);
        const value = document.createElement('span');
        value.className = 'probability';
        value.textContent = `${(100 * p).toFixed(1)} %`;
        if (k === best) li.className = 'best';
        li.append(label, meter, value);
        return li;
      }),
    );
  };

  const onMessage = (event: MessageEvent<FromImageWorker>): void => {
    const message = event.data;
    switch (message.type) {
      case 'kernels':
        byId('image-kernels').textContent = kernelsLabel(message.kernels);
        break;
      case 'loaded':
        side = message.width;
        names = message.classNames;
        trainButton.disabled = false;
        setStatus(`${message.trainRows} training and ${message.testRows} test images of ${message.height}×${message.width}, ${message.classes} classes${message.heldOut ? ' (test images held out of the training file)' : ''}; training on ${kernelsLabel(message.kernels)}`);
        break;
      case 'progress': {
        const { progress } = message;
        const accuracy = progress.accuracy.at(-1)![1];
        byId('image-accuracy').textContent = `${(100 * accuracy).toFixed(1)} %`;
        byId('image-epoch').textContent = `${progress.epoch} (${progress.seen} images, ${progress.seconds.toFixed(1)} s)`;
        drawAccuracy(byId<HTMLCanvasElement>('image-accuracy-chart'), progress.accuracy);
        putPicture(byId<HTMLCanvasElement>('image-weights'), progress.weights);
        trained = true;
        predict();
        break;
      }
      case 'done':
        setTraining(false);
        setStatus(message.stopped ? 'stopped' : 'training finished');
        break;
      case 'probabilities':
        showProbabilities(message.values);
        break;
      case 'error':
        setTraining(false);
        setStatus(message.message, true);
        break;
    }
  };
  const startWorker = (): Worker => {
    if (!worker) {
      worker = new Worker(new URL('./imageWorker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = onMessage;
      worker.onerror = (event) => setStatus(`worker error: ${event.message}`, true);
    }
    return worker;
  };
  const send = (message: ToImageWorker, transfer: Transferable[] = []): void => startWorker().postMessage(message, transfer);

  const open = (): void => {
    if (opened) return;
    opened = true;
    url.write('image', writeImageConfig(settings.config()));
    startWorker();
  };
  section.addEventListener('toggle', () => {
    if (section.open) open();
  });
  if (hasImageParams(url.initial)) {
    section.open = true;
    open();
  }

  const fileOf = async (id: string): Promise<{ name: string; bytes: ArrayBuffer } | undefined> => {
    const file = byId<HTMLInputElement>(id).files?.[0];
    return file ? { name: file.name, bytes: await file.arrayBuffer() } : undefined;
  };
  byId('image-load').addEventListener('click', async () => {
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(['image-train-images', 'image-train-labels', 'image-test-images', 'image-test-labels'].map(fileOf));
    if (!trainImages || !trainLabels) {
      setStatus('pick at least the training images and labels files', true);
      return;
    }
    const files: ImageFiles = { trainImages, trainLabels, ...(testImages && testLabels ? { testImages, testLabels } : {}) };
    setStatus('reading the files…');
    const buffers = [trainImages, trainLabels, testImages, testLabels].flatMap((f) => (f ? [f.bytes] : []));
    send({ type: 'load', files, classSet: settings.config().dataset }, buffers);
  });
  trainButton.addEventListener('click', () => {
    if (training) {
      send({ type: 'stop' });
      return;
    }
    setTraining(true);
    setStatus('training…');
    const { hidden, activation, learningRate, batchSize, epochs, seed } = settings.config();
    send({ type: 'train', options: { hidden, activation, learningRate, batchSize, epochs, seed } });
  });

  const pad = drawingPad({ canvas: byId<HTMLCanvasElement>('image-pad'), cursor: byId('image-pad-cursor'), penState: byId('image-pad-state') }, () => predict());
  function predict(): void {
    if (!trained) return;
    const pixels = pad.pixels(side);
    if (pixels) send({ type: 'predict', pixels }, [pixels.buffer]);
  }
  byId('image-clear').addEventListener('click', () => {
    pad.clear();
    bars.replaceChildren();
    prediction.textContent = '';
  });
}
