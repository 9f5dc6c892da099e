/** The longest Huffman code deflate allows, in bits. */
export const MAX_CODE_BITS = 15;

/** Which code a table holds: zlib's rules for incomplete codes differ between them. */
export type CodeKind = 'code length' | 'literal/length' | 'distance';

/**
 * A canonical Huffman code as one lookup table indexed by the next `bits` input bits: the entry is
 * `symbol << 4 | length` at every index whose low `length` bits are the symbol's code (deflate sends a
 * code's first bit first, so the code appears bit-reversed), 0 where no code matches.
 */
export class HuffmanTable {
  readonly entries: Uint16Array;
  /** Index bits: the length of the longest code (0 when there are no codes). */
  bits = 0;
  private readonly counts = new Uint16Array(MAX_CODE_BITS + 1);
  private readonly next = new Uint16Array(MAX_CODE_BITS + 1);

  constructor(maxBits: number) {
    this.entries = new Uint16Array(1 << maxBits);
  }

  /**
   * Builds the code whose symbol s has length `lengths[from + s]` (0: unused), for s < count. Returns why
   * the lengths make no usable code, else undefined. As zlib: an over-subscribed code is refused, and an
   * incomplete one unless it is a literal/length or distance code with a single code of length 1; a code
   * with no symbols is accepted (every lookup then finds no code), except for the code-length code.
   */
  build(lengths: Uint8Array, from: number, count: number, kind: CodeKind): string | undefined {
    const { counts, next, entries } = this;
    counts.fill(0);
    for (let s = 0; s < count; s++) counts[lengths[from + s]!]!++;
    counts[0] = 0;
    let max = MAX_CODE_BITS;
    while (max > 0 && counts[max] === 0) max--;
    this.bits = max;
    if (max === 0) {
      entries[0] = 0;
      return kind === 'code length' ? 'invalid code lengths set (no codes)' : undefined;
    }
    let left = 1;
    for (let len = 1; len <= MAX_CODE_BITS; len++) {
      left = 2 * left - counts[len]!;
      if (left < 0) return `invalid ${kind} code (over-subscribed)`;
    }
    if (left > 0 && (kind === 'code length' || max !== 1)) return `invalid ${kind} code (incomplete)`;
    const size = 1 << max;
    if (left > 0) entries.fill(0, 0, size);
    let code = 0;
    for (let len = 1; len <= MAX_CODE_BITS; len++) {
      code = (code + counts[len - 1]!) << 1;
      next[len] = code;
    }
    for (let s = 0; s < count; s++) {
      const len = lengths[from + s]!;
      if (len === 0) continue;
      const entry = (s << 4) | len;
      for (let i = reverseBits(next[len]!++, len); i < size; i += 1 << len) entries[i] = entry;
    }
    return undefined;
  }
}

function reverseBits(code: number, length: number): number {
  let r = 0;
  for (let i = 0; i < length; i++) {
    r = (r << 1) | (code & 1);
    code >>>= 1;
  }
  return r;
}
