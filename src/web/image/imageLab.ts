/**
 * The image lab: the user picks MNIST or Fashion-MNIST IDX files, trains the book's network in a worker,
 * watches test accuracy rise and the first layer's weights take shape, and draws a digit to classify.
 */
import { putPicture } from '../render/picture.js';
import { drawingPad } from './drawing.js';
import type { FromImageWorker, ImageFiles, ToImageWorker } from './protocol.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

function drawAccuracy(canvas: HTMLCanvasElement, points: readonly [number, number][]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  const pad = 4;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#4a4a4f';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText('100 %', pad, 12);
  ctx.fillText('0', pad, height - pad);
  const maxX = Math.max(1, ...points.map(([x]) => x));
  ctx.strokeStyle = '#0a5aa0';
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach(([x, a], i) => {
    const px = pad + ((width - 2 * pad) * x) / maxX;
    const py = height - pad - (height - 2 * pad) * a;
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  });
  ctx.stroke();
}

/** Wires the image lab's section of the page; its worker starts when the first files are loaded. */
export function startImageLab(): void {
  let worker: Worker | undefined;
  let trained = false;
  let training = false;
  let side = 28;
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
  let names: string[] = [];
  const bars = byId('image-probabilities');
  const showProbabilities = (values: readonly number[]): void => {
    const best = values.indexOf(Math.max(...values));
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
      case 'loaded':
        side = message.width;
        names = message.classNames;
        trainButton.disabled = false;
        setStatus(`${message.trainRows} training and ${message.testRows} test images of ${message.height}×${message.width}, ${message.classes} classes${message.heldOut ? ' (test images held out of the training file)' : ''}; training on the ${message.kernels} kernels`);
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
  const send = (message: ToImageWorker, transfer: Transferable[] = []): void => {
    if (!worker) {
      worker = new Worker(new URL('./imageWorker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = onMessage;
    }
    worker.postMessage(message, transfer);
  };

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
    const classSet = byId<HTMLSelectElement>('image-classes').value === 'fashion' ? 'fashion' : 'mnist';
    send({ type: 'load', files, classSet }, buffers);
  });
  const numberOf = (id: string, fallback: number): number => {
    const v = byId<HTMLInputElement>(id).valueAsNumber;
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  trainButton.addEventListener('click', () => {
    if (training) {
      send({ type: 'stop' });
      return;
    }
    setTraining(true);
    setStatus('training…');
    send({
      type: 'train',
      options: {
        hidden: Math.round(numberOf('image-hidden', 100)), learningRate: numberOf('image-lr', 0.5), batchSize: Math.round(numberOf('image-batch', 32)),
        epochs: Math.round(numberOf('image-epochs', 5)), seed: 1,
      },
    });
  });

  const pad = drawingPad(byId<HTMLCanvasElement>('image-pad'), () => predict());
  function predict(): void {
    if (!trained) return;
    const pixels = pad.pixels(side);
    if (pixels) send({ type: 'predict', pixels }, [pixels.buffer]);
  }
  byId('image-clear').addEventListener('click', () => {
    pad.clear();
    bars.replaceChildren();
  });
}
