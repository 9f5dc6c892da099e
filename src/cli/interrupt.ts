/**
 * Ctrl-C during training: the first press asks the loop to stop after the current batch, so the model and
 * the report so far can be saved; it also removes the handler, so a second press gets Node's default
 * action and ends the process at once, even in the middle of a computation or a save (saves are atomic,
 * so that never leaves a half-written file).
 */
export function catchInterrupts(): { requested(): boolean; dispose(): void } {
  let requested = false;
  const handler = (): void => {
    requested = true;
    process.off('SIGINT', handler);
    process.stderr.write('\nstopping after this batch and saving what was learned (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', handler);
  return {
    requested: () => requested,
    dispose: () => {
      process.off('SIGINT', handler);
    },
  };
}
