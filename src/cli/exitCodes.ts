import { PlatypusError } from '../errors.js';

/**
 * Exit codes are part of the CLI's contract:
 * 0 success; 1 usage error (bad flag or argument); 2 bad data or model file;
 * 3 training failed (diverged to NaN/Infinity); 130 interrupted before anything could be saved; 70 internal error.
 */
export const EXIT = {
  ok: 0,
  usage: 1,
  badInput: 2,
  trainingFailed: 3,
  internal: 70,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof PlatypusError)) return EXIT.internal;
  switch (error.code) {
    case 'usage':
      return EXIT.usage;
    case 'numeric':
      return EXIT.trainingFailed;
    default:
      return EXIT.badInput;
  }
}
