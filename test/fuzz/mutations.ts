/**
 * Mutations of valid inputs: the cases that find the most bugs are almost-right files (a flipped bit,
 * a cut-off end, a header field with an absurd value), not random noise. Positions are drawn as
 * plain numbers and reduced modulo the input's length when applied, so one mutation arbitrary fits
 * inputs of any length.
 */
import fc from 'fast-check';

/** 32-bit values a header field may be overwritten with: 0, ±1, sign bits, 4 billion, powers of two. */
export const INTERESTING_U32 = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 4_000_000_000, 1 << 24, 60000, 28];

export type ByteMutation =
  | { kind: 'flip'; at: number; bit: number; nearStart: boolean }
  | { kind: 'set'; at: number; value: number; nearStart: boolean }
  | { kind: 'u32'; at: number; value: number; littleEndian: boolean; nearStart: boolean; fromEnd: boolean }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'append'; bytes: Uint8Array };

const position = fc.nat();
/** Headers and trailers are where parsers make decisions: half the mutations aim near an end. */
const nearStart = fc.boolean();

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }), nearStart }),
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.oneof(fc.constantFrom(0, 1, 0x7f, 0x80, 0xff), fc.integer({ min: 0, max: 255 })), nearStart }),
  fc.record({
    kind: fc.constant('u32' as const),
    at: position,
    value: fc.oneof(fc.constantFrom(...INTERESTING_U32), fc.integer({ min: 0, max: 0xffffffff })),
    littleEndian: fc.boolean(),
    nearStart,
    fromEnd: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
);

function at(position: number, length: number, nearStart: boolean): number {
  if (length === 0) return 0;
  return nearStart ? position % Math.min(length, 32) : position % length;
}

/** Applies mutations in order to a copy of `bytes`. */
export function applyByteMutations(bytes: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let b = new Uint8Array(bytes);
  for (const m of mutations) {
    switch (m.kind) {
      case 'flip':
        if (b.length > 0) b[at(m.at, b.length, m.nearStart)]! ^= 1 << m.bit;
        break;
      case 'set':
        if (b.length > 0) b[at(m.at, b.length, m.nearStart)] = m.value;
        break;
      case 'u32': {
        if (b.length < 4) break;
        let p = at(m.at, b.length - 3, m.nearStart);
        if (m.fromEnd) p = b.length - 4 - p;
        new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(p, m.value, m.littleEndian);
        break;
      }
      case 'truncate':
        b = b.slice(0, at(m.at, b.length + 1, false));
        break;
      case 'insert': {
        const p = at(m.at, b.length + 1, false);
        const out = new Uint8Array(b.length + m.bytes.length);
        out.set(b.subarray(0, p));
        out.set(m.bytes, p);
        out.set(b.subarray(p), p + m.bytes.length);
        b = out;
        break;
      }
      case 'delete': {
        const p = at(m.at, b.length + 1, false);
        const out = new Uint8Array(b.length - Math.min(m.length, b.length - p));
        out.set(b.subarray(0, p));
        out.set(b.subarray(p + m.length), p);
        b = out;
        break;
      }
      case 'append': {
        const out = new Uint8Array(b.length + m.bytes.length);
        out.set(b);
        out.set(m.bytes, b.length);
        b = out;
        break;
      }
    }
  }
  return b;
}

/** Copies of a base input with one to four byte mutations. */
export function mutatedBytes(base: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(base, fc.array(byteMutation, { minLength: 1, maxLength: 4 })).map(([b, m]) => applyByteMutations(b, m));
}

/** Text fragments that upset table parsers. */
export const TEXT_TOKENS = [
  ',', '\t', ' ', '\n', '\r\n', '\r', '"', '""', '"a,b"', 'NaN', 'nan', '-Infinity', 'inf', 'Infinity', '1e999', '-1e400', '1e-400',
  '0x10', '1_000', '١', '−1', '+', '-', '.', 'e5', '1e', '', '\u0000', '\uFEFF', 'é', '\ud800', '\u2028', '\u00a0', '9'.repeat(400),
  '1.7976931348623157e308', '4.9e-324', '-0', 'label', 'cat', 'dog',
];

export type TextMutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'dropLine'; at: number }
  | { kind: 'swapLines'; a: number; b: number };

const fragment = fc.oneof(fc.constantFrom(...TEXT_TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fragment }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: position, text: fragment }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: position }),
  fc.record({ kind: fc.constant('dropLine' as const), at: position }),
  fc.record({ kind: fc.constant('swapLines' as const), a: position, b: position }),
);

export function applyTextMutations(text: string, mutations: readonly TextMutation[]): string {
  let s = text;
  for (const m of mutations) {
    const lines = (): string[] => s.split('\n');
    switch (m.kind) {
      case 'insert': {
        const p = m.at % (s.length + 1);
        s = s.slice(0, p) + m.text + s.slice(p);
        break;
      }
      case 'delete': {
        const p = m.at % (s.length + 1);
        s = s.slice(0, p) + s.slice(p + m.length);
        break;
      }
      case 'replace': {
        const p = m.at % (s.length + 1);
        s = s.slice(0, p) + m.text + s.slice(p + 1);
        break;
      }
      case 'truncate':
        s = s.slice(0, m.at % (s.length + 1));
        break;
      case 'duplicateLine': {
        const l = lines();
        const i = m.at % l.length;
        l.splice(i, 0, l[i]!);
        s = l.join('\n');
        break;
      }
      case 'dropLine': {
        const l = lines();
        l.splice(m.at % l.length, 1);
        s = l.join('\n');
        break;
      }
      case 'swapLines': {
        const l = lines();
        const i = m.a % l.length;
        const j = m.b % l.length;
        [l[i], l[j]] = [l[j]!, l[i]!];
        s = l.join('\n');
        break;
      }
    }
  }
  return s;
}

/** Copies of a base text with one to four mutations. */
export function mutatedText(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(textMutation, { minLength: 1, maxLength: 4 })).map(([t, m]) => applyTextMutations(t, m));
}
