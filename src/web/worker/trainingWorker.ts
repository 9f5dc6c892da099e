/**
 * The training worker: owns the Trainer, trains in slices of about SLICE_MS so pause and step messages get
 * through, and posts at most one frame per slice. The page never trains.
 */
import type { CustomData, FromWorker, ToWorker } from './protocol.js';
import { Trainer } from './trainer.js';

/** The longest training time between two frames. */
const SLICE_MS = 40;
/** The pause between two frames when the speed is limited: about one display frame. */
const FRAME_MS = 16;

interface WorkerScope {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/** Starts answering the page's messages on `scope` (the worker's global). */
export function serve(scope: WorkerScope): void {
  let trainer: Trainer | undefined;
  let custom: CustomData | undefined;
  let playing = false;
  let scheduled = false;
  let epochsPerFrame = 0;
  /** the first epoch whose losses the page has not been sent */
  let sentEpochs = 0;

  const post = (message: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
  const fail = (e: unknown): void => {
    playing = false;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  };
  const sendFrame = (): void => {
    if (!trainer) return;
    const frame = trainer.frame(sentEpochs);
    sentEpochs = trainer.epoch + 1;
    const transfer = [...frame.nodes.map((n) => n.rgba.buffer), frame.decision.rgba.buffer];
    post({ type: 'frame', frame, playing }, transfer as Transferable[]);
  };
  const loop = (): void => {
    scheduled = false;
    if (!playing || !trainer) return;
    try {
      const start = performance.now();
      let epochs = 0;
      do {
        trainer.trainEpoch();
        epochs++;
      } while (performance.now() - start < SLICE_MS && (epochsPerFrame === 0 || epochs < epochsPerFrame));
      sendFrame();
    } catch (e) {
      fail(e);
      sendFrame();
      return;
    }
    schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(loop, epochsPerFrame === 0 ? 0 : FRAME_MS);
  };
  const install = (next: Trainer): void => {
    trainer = next;
    sentEpochs = 0;
    post({ type: 'layout', layout: trainer.layout() });
    sendFrame();
  };

  scope.onmessage = (event) => {
    const message = event.data;
    try {
      switch (message.type) {
        case 'setup':
          playing = false;
          custom = message.custom ?? custom;
          install(new Trainer(message.config, message.config.dataset === 'csv' ? custom : undefined));
          break;
        case 'speed':
          epochsPerFrame = message.epochsPerFrame;
          break;
        case 'play':
          epochsPerFrame = message.epochsPerFrame;
          playing = true;
          schedule();
          break;
        case 'pause':
          playing = false;
          sendFrame();
          break;
        case 'step':
          playing = false;
          trainer?.trainEpoch();
          sendFrame();
          break;
        case 'download':
          if (trainer) post({ type: 'model', text: trainer.modelFile() });
          break;
        case 'load':
          if (!trainer) break;
          playing = false;
          install(trainer.withModelFile(message.text, message.name, trainer.config.dataset === 'csv' ? custom : undefined));
          break;
      }
    } catch (e) {
      fail(e);
    }
  };
}

serve(self as unknown as WorkerScope);
