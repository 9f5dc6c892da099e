import type { ByteSource } from './byteSource.js';
import { HuffmanTable, MAX_CODE_BITS } from './huffman.js';

/** The deflate stream is invalid, or the input ends before its final block does. */
export class InflateError extends Error {
  override readonly name = 'InflateError';
}

/** The stream holds more bytes than the output has room for: decoding stopped as soon as that was clear. */
export class InflateOverflowError extends Error {
  override readonly name = 'InflateOverflowError';
}

export interface InflateResult {
  /** Bytes written to the output. */
  readonly written: number;
  /** Position in the input of the first byte after the stream (its final block ends in the byte before). */
  readonly end: number;
}

/** Input bytes read from the source at a time. */
const CHUNK_BYTES = 64 * 1024;
/**
 * Zero bytes the reader appends past the end of the input, so that a lookup may ask for more bits than the
 * last code needs. A valid stream never uses them; asking for more means the stream is cut short.
 */
const MAX_PADDING_BYTES = 4;

/** Lengths of codes 257…285: base and extra bits (RFC 1951 §3.2.5). */
const LENGTH_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const LENGTH_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
/** Distances of codes 0…29: base and extra bits. */
const DIST_BASE = Uint16Array.of(
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
);
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
/** The order in which a dynamic block lists the lengths of the code-length code. */
const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);
const END_OF_BLOCK = 256;

/** The fixed codes of block type 1 (RFC 1951 §3.2.6), built on first use. */
let fixedCodes: { literal: HuffmanTable; distance: HuffmanTable } | undefined;

function fixed(): { literal: HuffmanTable; distance: HuffmanTable } {
  if (fixedCodes) return fixedCodes;
  const lengths = new Uint8Array(288 + 32);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288).fill(5, 288, 320);
  const literal = new HuffmanTable(9);
  const distance = new HuffmanTable(5);
  const problem = literal.build(lengths, 0, 288, 'literal/length') ?? distance.build(lengths, 288, 32, 'distance');
  if (problem !== undefined) throw new Error(`inflate: the fixed codes: ${problem}`);
  fixedCodes = { literal, distance };
  return fixedCodes;
}

/**
 * Decodes the raw deflate stream (RFC 1951) that starts at byte `start` of `input` straight into `out`,
 * reading no input at or after `limit`. Nothing is allocated per block or per byte: the input is read in
 * chunks of 64 KiB into one buffer, and the output is only ever written inside `out`.
 *
 * Accepts what zlib accepts and nothing more: invalid block types, stored lengths, code sets and codes,
 * and distances reaching before the start of the output are InflateErrors, as is a stream that does not
 * end (final block, end-of-block code) before `limit`. Output beyond `out.length` is an
 * InflateOverflowError, raised before the first such byte is written.
 */
export function inflate(input: ByteSource, start: number, limit: number, out: Uint8Array): InflateResult {
  return new Inflater(input, start, limit, out).run();
}

class Inflater {
  // The input: bit buffer (`bits` bits, the next one lowest), and the chunk it is filled from.
  private hold = 0;
  private bits = 0;
  private readonly chunk: Uint8Array;
  /** Bytes of `chunk` holding input, and the next of them to read. */
  private chunkLength = 0;
  private at = 0;
  /** Input position of the byte after the chunk's last. */
  private position: number;
  /** Zero bytes appended past `limit` so far. */
  private padding = 0;
  private written = 0;
  private readonly literal = new HuffmanTable(MAX_CODE_BITS);
  private readonly distance = new HuffmanTable(MAX_CODE_BITS);
  private readonly codeLengthCode = new HuffmanTable(7);
  /** Code lengths of a dynamic block: literal/length codes, then distance codes. */
  private readonly lengths = new Uint8Array(286 + 30);

  constructor(
    private readonly input: ByteSource,
    start: number,
    private readonly limit: number,
    private readonly out: Uint8Array,
  ) {
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(limit) && start >= 0 && start <= limit && limit <= input.byteLength)) {
      throw new RangeError(`inflate: [${start}, ${limit}) is not a range of the ${input.byteLength} input bytes`);
    }
    this.position = start;
    this.chunk = new Uint8Array(Math.min(CHUNK_BYTES, limit - start));
  }

  run(): InflateResult {
    try {
      this.blocks();
    } catch (e) {
      // Whatever went wrong after the input ran out (zeros decoded as codes), the cause is the missing input.
      if ((e instanceof InflateError || e instanceof InflateOverflowError) && this.bits < 8 * this.padding) throw truncated();
      throw e;
    }
    // Whole bytes still in the bit buffer are unread; the partly read byte belongs to the stream.
    const end = this.position - (this.chunkLength - this.at) + this.padding - (this.bits >>> 3);
    if (end > this.limit) throw truncated();
    return { written: this.written, end };
  }

  private blocks(): void {
    let final: number;
    do {
      this.need(3);
      final = this.take(1);
      const type = this.take(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(fixed().literal, fixed().distance);
      else if (type === 2) this.codes(...this.dynamicCodes());
      else throw new InflateError('invalid block type 3');
    } while (!final);
  }

  /** Makes sure the bit buffer holds at least n ≤ 16 bits. */
  private need(n: number): void {
    while (this.bits < n) {
      const byte = this.at < this.chunkLength ? this.chunk[this.at++]! : this.nextChunkByte();
      this.hold |= byte << this.bits;
      this.bits += 8;
    }
  }

  /** Removes and returns the next n ≤ 16 bits (loaded by need). */
  private take(n: number): number {
    const value = this.hold & ((1 << n) - 1);
    this.hold >>>= n;
    this.bits -= n;
    return value;
  }

  /** The first byte of the next chunk, or a zero past the end of the input (a few at most). */
  private nextChunkByte(): number {
    if (this.position < this.limit) {
      this.refill();
      return this.chunk[this.at++]!;
    }
    if (++this.padding > MAX_PADDING_BYTES) throw truncated();
    return 0;
  }

  private refill(): void {
    const n = Math.min(this.chunk.length, this.limit - this.position);
    const view = n === this.chunk.length ? this.chunk : this.chunk.subarray(0, n);
    this.input.readInto(this.position, view);
    this.position += n;
    this.chunkLength = n;
    this.at = 0;
  }

  /** The next symbol of `table`'s code. */
  private decode(table: HuffmanTable, what: string): number {
    this.need(table.bits);
    const entry = table.entries[this.hold & ((1 << table.bits) - 1)]!;
    const length = entry & 15;
    if (length === 0) throw new InflateError(`invalid ${what} code`);
    this.hold >>>= length;
    this.bits -= length;
    return entry >>> 4;
  }

  /** A stored block: LEN, NLEN (its complement), then LEN bytes copied as they are. */
  private stored(): void {
    this.take(this.bits & 7);
    this.need(16);
    let length = this.take(16);
    this.need(16);
    const complement = this.take(16);
    if (length !== (~complement & 0xffff)) throw new InflateError('invalid stored block lengths');
    const out = this.out;
    if (length > out.length - this.written) throw new InflateOverflowError();
    for (; length > 0 && this.bits >= 8; length--) out[this.written++] = this.take(8);
    while (length > 0) {
      if (this.at === this.chunkLength) {
        if (this.position >= this.limit) throw truncated();
        this.refill();
      }
      const n = Math.min(length, this.chunkLength - this.at);
      out.set(this.chunk.subarray(this.at, this.at + n), this.written);
      this.at += n;
      this.written += n;
      length -= n;
    }
  }

  /** A dynamic block's header: the code-length code, then the literal/length and distance codes' lengths. */
  private dynamicCodes(): [HuffmanTable, HuffmanTable] {
    this.need(14);
    const literals = this.take(5) + 257;
    const distances = this.take(5) + 1;
    const codeLengths = this.take(4) + 4;
    if (literals > 286 || distances > 30) throw new InflateError('too many length or distance symbols');
    const lengths = this.lengths;
    lengths.fill(0, 0, 19);
    for (let i = 0; i < codeLengths; i++) {
      this.need(3);
      lengths[CODE_LENGTH_ORDER[i]!] = this.take(3);
    }
    check(this.codeLengthCode.build(lengths, 0, 19, 'code length'));
    const total = literals + distances;
    for (let i = 0; i < total; ) {
      const symbol = this.decode(this.codeLengthCode, 'code length');
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (symbol === 16) {
        if (i === 0) throw new InflateError('invalid bit length repeat (nothing to repeat)');
        value = lengths[i - 1]!;
        this.need(2);
        repeat = 3 + this.take(2);
      } else if (symbol === 17) {
        this.need(3);
        repeat = 3 + this.take(3);
      } else {
        this.need(7);
        repeat = 11 + this.take(7);
      }
      if (i + repeat > total) throw new InflateError('invalid bit length repeat (past the last code)');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[END_OF_BLOCK] === 0) throw new InflateError('invalid code: missing end-of-block');
    check(this.literal.build(lengths, 0, literals, 'literal/length'));
    check(this.distance.build(lengths, literals, distances, 'distance'));
    return [this.literal, this.distance];
  }

  /** The codes of a compressed block, until its end-of-block code: literals, and (length, distance) copies. */
  private codes(literal: HuffmanTable, distance: HuffmanTable): void {
    const out = this.out;
    const size = out.length;
    for (;;) {
      let symbol = this.decode(literal, 'literal/length');
      if (symbol < 256) {
        if (this.written === size) throw new InflateOverflowError();
        out[this.written++] = symbol;
        continue;
      }
      if (symbol === END_OF_BLOCK) return;
      symbol -= 257;
      if (symbol >= 29) throw new InflateError('invalid literal/length code');
      let length = LENGTH_BASE[symbol]!;
      let extra = LENGTH_EXTRA[symbol]!;
      if (extra > 0) {
        this.need(extra);
        length += this.take(extra);
      }
      symbol = this.decode(distance, 'distance');
      if (symbol >= 30) throw new InflateError('invalid distance code');
      let back = DIST_BASE[symbol]!;
      extra = DIST_EXTRA[symbol]!;
      if (extra > 0) {
        this.need(extra);
        back += this.take(extra);
      }
      let to = this.written;
      if (back > to) throw new InflateError('invalid distance too far back');
      if (length > size - to) throw new InflateOverflowError();
      for (let from = to - back, end = to + length; to < end; ) out[to++] = out[from++]!;
      this.written = to;
    }
  }
}

/** Throws an InflateError for a code-building problem. */
function check(problem: string | undefined): void {
  if (problem !== undefined) throw new InflateError(problem);
}

function truncated(): InflateError {
  return new InflateError('unexpected end of the compressed stream (truncated?)');
}
