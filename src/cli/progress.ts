import cliProgress from 'cli-progress';
import type { BatchEvent } from '../train/fit.js';
import type { EpochRecord } from '../train/history.js';
import { fmt } from './output.js';

/** The training progress shown on stderr: a live bar in a terminal, nothing otherwise. */
export interface TrainingProgress {
  onBatch(event: BatchEvent): void;
  onEpoch(record: EpochRecord): void;
  stop(): void;
}

const SILENT: TrainingProgress = { onBatch: () => {}, onEpoch: () => {}, stop: () => {} };

/**
 * A bar over all batches of all epochs with epoch, batch, loss, accuracy, samples/s and ETA.
 * Quiet when stderr is not a terminal or with --quiet, so logs and pipes stay clean.
 */
export function trainingProgress(options: { epochs: number; quiet: boolean; color: boolean }): TrainingProgress {
  if (options.quiet || !process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `epoch {epoch}/${options.epochs} |{bar}| batch {batch}/{batches} · loss {loss} · acc {acc} · {rate} samples/s · ETA {eta_formatted}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 10,
      noTTYOutput: false,
      formatBar: options.color ? undefined : (progress: number, o: cliProgress.Options) => {
        const size = o.barsize ?? 30;
        const done = Math.round(progress * size);
        return '#'.repeat(done) + '-'.repeat(size - done);
      },
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let samples = 0;
  const t0 = performance.now();
  let accuracy = '—';
  return {
    onBatch(e) {
      if (!started) {
        bar.start(options.epochs * e.batches, 0, { epoch: 1, batch: 0, batches: e.batches, loss: '—', acc: accuracy, rate: 0 });
        started = true;
      }
      samples += e.samples;
      const seconds = (performance.now() - t0) / 1000;
      bar.update((e.epoch - 1) * e.batches + e.batch, {
        epoch: e.epoch,
        batch: e.batch,
        batches: e.batches,
        loss: fmt(e.loss, 4),
        acc: accuracy,
        rate: seconds > 0 ? Math.round(samples / seconds) : 0,
      });
    },
    onEpoch(r) {
      if (r.accuracy !== undefined) accuracy = `${(100 * r.accuracy).toFixed(1)}%`;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
