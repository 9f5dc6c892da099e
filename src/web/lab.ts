/**
 * The 2-D lab: wires the controls, the URL state, the worker and the views. All training happens in the worker;
 * the page only draws the frames it receives, at most one per animation frame.
 */
import { createLabControls } from './controls/labControls.js';
import { drawLossChart } from './render/lossChart.js';
import type { PageUrl } from './pageUrl.js';
import { NetworkView } from './render/networkView.js';
import { putPicture } from './render/picture.js';
import { type LabConfig, parseConfig, writeConfig } from './state/props.js';
import type { CustomData, Frame, FromWorker, ToWorker } from './worker/protocol.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

function setStatus(element: HTMLElement, text: string, error = false): void {
  element.textContent = text;
  element.classList.toggle('error', error);
}

/** Starts the lab on the current page; its setup comes from and goes to its part of the URL. */
export function startLab(url: PageUrl): void {
  const worker = new Worker(new URL('./worker/trainingWorker.ts', import.meta.url), { type: 'module' });
  const send = (message: ToWorker): void => worker.postMessage(message);
  const dataStatus = byId('data-status');
  const runStatus = byId('run-status');
  const playButton = byId<HTMLButtonElement>('play');
  const view = new NetworkView(byId('network'), byId('node-detail'), byId<HTMLCanvasElement>('node-detail-canvas'), byId('node-formula'));
  const decision = byId<HTMLCanvasElement>('decision');
  const lossChart = byId<HTMLCanvasElement>('loss-chart');

  let config: LabConfig = parseConfig(url.initial);
  let custom: CustomData | undefined;
  let playing = false;
  /** shown before the data summary until the next setup */
  let notice = '';
  if (config.dataset === 'csv') {
    notice = 'The link used a CSV file, which links do not carry: pick the file again. Showing circles meanwhile. ';
    config = { ...config, dataset: 'circles' };
  }

  const writeUrl = (): void => url.write('plane', writeConfig(config));
  const setPlaying = (on: boolean): void => {
    playing = on;
    playButton.setAttribute('aria-pressed', String(on));
    playButton.textContent = on ? 'Pause' : 'Play';
  };
  const setup = (next: LabConfig, data?: CustomData): void => {
    config = next;
    writeUrl();
    setPlaying(false);
    setStatus(runStatus, '');
    send({ type: 'setup', config, ...(data ? { custom: data } : {}) });
  };
  const controls = createLabControls(byId('data-controls'), byId('network-controls'), config, (next) => setup(next));

  let trainLoss: number[] = [];
  let testLoss: number[] = [];
  let pending: Frame | undefined;
  let drawScheduled = false;
  const draw = (): void => {
    drawScheduled = false;
    const frame = pending;
    pending = undefined;
    if (!frame) return;
    const started = performance.now();
    view.update(frame);
    putPicture(decision, frame.decision);
    drawLossChart(lossChart, trainLoss, testLoss);
    byId('epoch').textContent = String(frame.epoch);
    byId('train-loss').textContent = (trainLoss.at(-1) ?? NaN).toFixed(4);
    byId('test-loss').textContent = (testLoss.at(-1) ?? NaN).toFixed(4);
    byId('test-accuracy').textContent = `${(100 * frame.testAccuracy).toFixed(1)} %`;
    // A user-timing entry per drawn frame, so the page's own cost per frame can be measured (tests, devtools).
    performance.measure('platypus:draw-frame', { start: started, end: performance.now() });
  };

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    switch (message.type) {
      case 'layout': {
        const { layout } = message;
        view.setLayout(layout);
        if (writeConfig(layout.config) !== writeConfig(config)) {
          config = layout.config;
          controls.show(config);
          writeUrl();
        }
        setStatus(dataStatus, `${notice}${layout.source}: ${layout.trainRows} training and ${layout.testRows} test points, ${layout.classes} classes`, notice !== '');
        notice = '';
        break;
      }
      case 'frame':
        // Losses arrive once each; a frame that starts over (a reset or a loaded model) replaces them.
        if (message.frame.firstEpoch === 0) {
          trainLoss = [];
          testLoss = [];
        }
        trainLoss.push(...message.frame.trainLoss);
        testLoss.push(...message.frame.testLoss);
        pending = message.frame;
        if (!message.playing && playing) setPlaying(false);
        if (!drawScheduled) {
          drawScheduled = true;
          requestAnimationFrame(draw);
        }
        break;
      case 'model': {
        const href = URL.createObjectURL(new Blob([message.text], { type: 'application/json' }));
        const a = document.createElement('a');
        a.href = href;
        a.download = 'platypus-playground-model.json';
        a.click();
        setTimeout(() => URL.revokeObjectURL(href), 1000);
        break;
      }
      case 'error':
        setPlaying(false);
        setStatus(runStatus, message.message, true);
        break;
    }
  };
  worker.onerror = (event) => setStatus(runStatus, `worker error: ${event.message}`, true);

  const speed = byId<HTMLSelectElement>('speed');
  const epochsPerFrame = (): number => Number(speed.value);
  speed.addEventListener('change', () => send({ type: 'speed', epochsPerFrame: epochsPerFrame() }));
  playButton.addEventListener('click', () => {
    setPlaying(!playing);
    send(playing ? { type: 'play', epochsPerFrame: epochsPerFrame() } : { type: 'pause' });
  });
  byId('step').addEventListener('click', () => {
    setPlaying(false);
    send({ type: 'step' });
  });
  byId('reset').addEventListener('click', () => setup(config, custom));
  byId('download').addEventListener('click', () => send({ type: 'download' }));
  byId<HTMLInputElement>('model-file').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    setPlaying(false);
    send({ type: 'load', text: await file.text(), name: file.name });
  });

  const useCsv = async (file: File): Promise<void> => {
    custom = { name: file.name, text: await file.text() };
    controls.enableCsv(file.name);
    const next = { ...config, dataset: 'csv' as const };
    controls.show(next);
    setup(next, custom);
  };
  byId<HTMLInputElement>('csv-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void useCsv(file);
  });
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) void useCsv(file);
  });

  setup(config);
}
