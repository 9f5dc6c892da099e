import { EXIT } from './exitCodes.js';
import type { Output } from './output.js';

/**
 * Ctrl-C during training: the first press asks the loop to stop after the current batch (so the model and
 * report so far can be saved); a second press exits at once.
 */
export function catchInterrupts(output: Output): { requested(): boolean; dispose(): void } {
  let count = 0;
  const handler = (): void => {
    count++;
    if (count === 1) {
      process.stderr.write('\nstopping after this batch and saving what was learned (Ctrl-C again to quit now)\n');
    } else {
      process.stderr.write('interrupted\n');
      process.exit(EXIT.interrupted);
    }
  };
  void output;
  process.on('SIGINT', handler);
  return {
    requested: () => count > 0,
    dispose: () => {
      process.off('SIGINT', handler);
    },
  };
}
