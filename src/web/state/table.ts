/**
 * Declarative URL state: a table of properties, each with its query parameter, a parser that returns undefined
 * for an invalid value (the default is kept) and a writer. One table both parses a query string and writes it
 * back, so what is written reads back as the same setup. No DOM: URLSearchParams only.
 */

/** One property of a config C: its URL name, how to read it (undefined = invalid, keep the default) and how to write it. */
export interface Prop<C, K extends keyof C = keyof C> {
  key: K;
  param: string;
  parse(text: string): C[K] | undefined;
  write(value: C[K]): string;
}

/** Erases a row's key type so the rows of one table can sit in one array. */
export function prop<C, K extends keyof C>(p: Prop<C, K>): Prop<C> {
  return p as unknown as Prop<C>;
}

/** A parser of numbers in [min, max] (whole numbers only when `integer`); blank text is invalid. */
export function numberIn(min: number, max: number, integer: boolean): (text: string) => number | undefined {
  return (text) => {
    if (text.trim() === '') return undefined;
    const v = Number(text);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) return undefined;
    // + 0 turns -0 into 0, so '-0' reads back as the '0' it is written as.
    return v + 0;
  };
}

/** A parser that accepts exactly one of `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (text: string) => T | undefined {
  return (text) => ((choices as readonly string[]).includes(text) ? (text as T) : undefined);
}

export const asText = (v: number | string): string => String(v);

/**
 * The config a query string describes: `fresh` (a new copy of the defaults) with every valid property of the
 * query set; missing or invalid properties keep their defaults. Parameters of other tables are ignored.
 */
export function parseProps<C extends object>(props: readonly Prop<C>[], fresh: C, search: string): C {
  const params = new URLSearchParams(search);
  const target = fresh as Record<keyof C, unknown>;
  for (const p of props) {
    const text = params.get(p.param);
    if (text === null) continue;
    const value = p.parse(text);
    if (value !== undefined) target[p.key] = value;
  }
  return fresh;
}

/** The query string (with its leading '?') holding every property of `config`, in table order. */
export function writeProps<C extends object>(props: readonly Prop<C>[], config: C): string {
  const params = new URLSearchParams();
  for (const p of props) params.set(p.param, p.write(config[p.key]));
  return `?${params.toString()}`;
}
