import { UsageError } from '../errors.js';

/** A whole number from a flag, with bounds; names the flag in the error. */
export function parseInteger(flag: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` ≥ ${min}`}, got '${text}'`);
  }
  return value;
}

/** A finite number from a flag, optionally > 0 or in [0, 1). */
export function parseNumber(flag: string, text: string | undefined, rule: 'positive' | 'fraction' | 'any' | 'probability'): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const ok =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (rule === 'any' ||
      (rule === 'positive' && value > 0) ||
      (rule === 'fraction' && value >= 0 && value < 1) ||
      (rule === 'probability' && value >= 0 && value <= 1));
  if (!ok) {
    const what = { positive: 'a number > 0', fraction: 'a fraction in [0, 1)', any: 'a number', probability: 'a number in [0, 1]' }[rule];
    throw new UsageError(`${flag} must be ${what}, got '${text}'`);
  }
  return value;
}

export function parseBatchSize(text: string | undefined): number | 'all' | undefined {
  if (text === undefined) return undefined;
  if (text === 'all') return 'all';
  return parseInteger('--batch-size', text, 1);
}

export function parseChoice<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`${flag} must be one of ${choices.join(', ')}; got '${text}'`);
  return text as T;
}
