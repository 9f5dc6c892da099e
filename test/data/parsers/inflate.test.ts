import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { type ByteSource, arraySource } from '../../../src/data/parsers/byteSource.js';
import { InflateError, InflateOverflowError, inflate } from '../../../src/data/parsers/inflate.js';

/** Deflate's bit order: values least significant bit first, Huffman codes first bit first. */
class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;

  bits(value: number, count: number): this {
    for (let i = 0; i < count; i++) {
      this.acc |= ((value >>> i) & 1) << this.n;
      if (++this.n === 8) this.flush();
    }
    return this;
  }

  code(code: number, length: number): this {
    for (let i = length - 1; i >= 0; i--) this.bits((code >>> i) & 1, 1);
    return this;
  }

  align(): this {
    if (this.n > 0) this.flush();
    return this;
  }

  done(): Uint8Array {
    this.align();
    return Uint8Array.from(this.bytes);
  }

  private flush(): void {
    this.bytes.push(this.acc);
    this.acc = 0;
    this.n = 0;
  }
}

/** The canonical codes of RFC 1951 §3.2.2 for `lengths` (0: unused), as [code, length] per symbol. */
function canonical(lengths: readonly number[]): [number, number][] {
  const count = new Array<number>(16).fill(0);
  for (const l of lengths) if (l > 0) count[l]!++;
  const next = new Array<number>(16).fill(0);
  let code = 0;
  for (let l = 1; l < 16; l++) {
    code = (code + count[l - 1]!) << 1;
    next[l] = code;
  }
  return lengths.map((l) => [l > 0 ? next[l]!++ : -1, l]);
}

const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
/** A complete code-length code: 0…15 five bits each, 16 two bits, 17 and 18 three. */
const CL_LENGTHS = [...new Array<number>(16).fill(5), 2, 3, 3];
const CL_EXTRA: Record<number, number> = { 16: 2, 17: 3, 18: 7 };

/**
 * A dynamic block's header: `literals` literal/length and `distances` distance code lengths, sent as
 * `items` (code-length symbols with their extra bits; by default each length as itself).
 */
function dynamicHeader(
  w: BitWriter,
  lengths: { literals: number[]; distances: number[] },
  options: { final?: boolean; items?: [number, number?][]; clLengths?: number[]; hlit?: number; hdist?: number } = {},
): void {
  const cl = options.clLengths ?? CL_LENGTHS;
  const items = options.items ?? [...lengths.literals, ...lengths.distances].map((l): [number] => [l]);
  w.bits(options.final === false ? 0 : 1, 1).bits(2, 2);
  w.bits((options.hlit ?? lengths.literals.length) - 257, 5).bits((options.hdist ?? lengths.distances.length) - 1, 5).bits(19 - 4, 4);
  for (const s of CODE_LENGTH_ORDER) w.bits(cl[s]!, 3);
  const codes = canonical(cl);
  for (const [symbol, extra] of items) {
    w.code(...codes[symbol]!);
    if (symbol >= 16) w.bits(extra ?? 0, CL_EXTRA[symbol]!);
  }
}

/** Literal/length code lengths: the given symbols at the given lengths, the others unused. */
function litLengths(used: Record<number, number>, count = 257): number[] {
  const lengths = new Array<number>(count).fill(0);
  for (const [s, l] of Object.entries(used)) lengths[Number(s)] = l;
  return lengths;
}

function run(stream: Uint8Array, size = 1 << 16): { out: Uint8Array; end: number } {
  const out = new Uint8Array(size);
  const { written, end } = inflate(arraySource(stream), 0, stream.length, out);
  return { out: out.subarray(0, written), end };
}

function refused(stream: Uint8Array, pattern: RegExp): void {
  assert.throws(() => run(stream), (e: unknown) => e instanceof InflateError && pattern.test(e.message), `expected ${pattern}`);
  assert.throws(() => inflateRawSync(stream), 'zlib refuses it too');
}

/** Mixed data: text, runs, random bytes and repeats from up to 32 KiB back. */
function mixedData(n: number, seed = 1): Uint8Array {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 16;
  };
  const out = new Uint8Array(n);
  for (let i = 0; i < n; ) {
    const kind = next() % 4;
    const len = Math.min(n - i, 1 + (next() % 400));
    if (kind === 0) for (let k = 0; k < len; k++) out[i + k] = 97 + (next() % 26);
    else if (kind === 1) out.fill(next() & 255, i, i + len);
    else if (kind === 2) for (let k = 0; k < len; k++) out[i + k] = next() & 255;
    else {
      const back = 1 + (next() % Math.min(i || 1, 32768));
      for (let k = 0; k < len; k++) out[i + k] = i + k - back >= 0 ? out[i + k - back]! : 0;
    }
    i += len;
  }
  return out;
}

/** Bytes that do not compress (xorshift32). */
function randomBytes(n: number, seed: number): Uint8Array {
  let s = seed >>> 0 || 1;
  return Uint8Array.from({ length: n }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s & 255;
  });
}

describe('inflate', () => {
  test('decodes what zlib compresses, at every level and strategy, with the end of the stream', () => {
    const payloads = [new Uint8Array(0), new TextEncoder().encode('platypus '.repeat(50)), mixedData(300_000), new Uint8Array(70_000).fill(7)];
    const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE];
    for (const data of payloads) {
      for (const level of [0, 1, 6, 9]) {
        for (const strategy of strategies) {
          const stream = new Uint8Array(deflateRawSync(data, { level, strategy }));
          const { out, end } = run(stream, data.length);
          assert.equal(end, stream.length, `level ${level}, strategy ${strategy}`);
          assert.ok(Buffer.from(out).equals(Buffer.from(data)), `level ${level}, strategy ${strategy}, ${data.length} bytes`);
        }
      }
    }
  });

  test('starts at `start`, and reports the end of the stream before bytes that follow it', () => {
    const data = mixedData(5000, 3);
    const stream = deflateRawSync(data);
    const input = Uint8Array.from([9, 9, 9, ...stream, 1, 2, 3, 4, 5]);
    const out = new Uint8Array(data.length);
    const result = inflate(arraySource(input), 3, input.length, out);
    assert.deepEqual(result, { written: data.length, end: 3 + stream.length });
    assert.deepEqual(out, data);
  });

  test('reads the input once, in pieces of at most 64 KiB, and nothing at or past the limit', () => {
    const data = new Uint8Array(Buffer.concat([mixedData(100_000, 5), randomBytes(250_000, 5), mixedData(50_000, 6)]));
    const stream = new Uint8Array(deflateRawSync(data, { level: 1 }));
    assert.ok(stream.length > 3 * 65536, 'several chunks');
    const reads: [number, number][] = [];
    const inner = arraySource(stream);
    const spy: ByteSource = {
      byteLength: stream.length + 100,
      readInto(position, out) {
        reads.push([position, out.length]);
        inner.readInto(position, out);
      },
    };
    const out = new Uint8Array(data.length);
    assert.equal(inflate(spy, 0, stream.length, out).end, stream.length);
    assert.deepEqual(out, data);
    assert.ok(reads.every(([, n]) => n <= 65536), 'no read above 64 KiB');
    let at = 0;
    for (const [position, n] of reads) {
      assert.equal(position, at, 'each byte once, in order');
      at += n;
    }
    assert.equal(at, stream.length);
  });

  test('a stored block longer than a chunk is copied across chunks', () => {
    const data = mixedData(200_000, 7);
    const stream = new Uint8Array(deflateRawSync(data, { level: 0 }));
    assert.deepEqual(run(stream, data.length).out, data);
  });

  test('output past the end of `out` is an InflateOverflowError, for literals, copies and stored blocks', () => {
    const text = new TextEncoder().encode('abcabcabcabcabcabc');
    for (const [level, strategy] of [[6, constants.Z_DEFAULT_STRATEGY], [6, constants.Z_HUFFMAN_ONLY], [0, constants.Z_DEFAULT_STRATEGY]] as const) {
      const stream = new Uint8Array(deflateRawSync(text, { level, strategy }));
      assert.equal(run(stream, text.length).out.length, text.length, 'exactly the size fits');
      assert.throws(() => run(stream, text.length - 1), InflateOverflowError);
    }
  });

  test('a bomb stops where the output is full, not at the end of its stream', () => {
    const bomb = new Uint8Array(deflateRawSync(new Uint8Array(16 << 20), { level: 9 }));
    const started = performance.now();
    assert.throws(() => run(bomb, 1000), InflateOverflowError);
    assert.ok(performance.now() - started < 500, 'stopped early');
  });

  test('a stream cut short at any point is refused', () => {
    // 'a' and the end code (seven zero bits) of a fixed block: the third byte holds only the end code's last
    // two bits, so the zeros the reader supplies past a cut after two bytes would complete the stream.
    const tail = new BitWriter().bits(1, 1).bits(1, 2).code(0x30 + 97, 8).code(0, 7).done();
    assert.equal(tail.length, 3);
    assert.deepEqual(run(tail).out, Uint8Array.of(97));
    assert.throws(() => run(tail.subarray(0, 2)), { name: 'InflateError', message: /unexpected end of the compressed stream/ });
    const data = mixedData(3000, 11);
    const streams = [
      new Uint8Array(deflateRawSync(data)),
      new Uint8Array(deflateRawSync(data, { level: 0 })),
      new Uint8Array(deflateRawSync(data, { strategy: constants.Z_FIXED })),
    ];
    for (const stream of streams) {
      for (let cut = 0; cut < stream.length; cut++) {
        assert.throws(() => run(stream.subarray(0, cut), data.length), InflateError, `cut at ${cut} of ${stream.length}`);
      }
    }
  });

  test('invalid block type, stored lengths, literal/length and distance symbols', () => {
    refused(new BitWriter().bits(1, 1).bits(3, 2).done(), /invalid block type 3/);
    refused(new BitWriter().bits(1, 1).bits(0, 2).align().bits(5, 16).bits(0xfffb, 16).done(), /invalid stored block lengths/);
    // Fixed codes: 286 is 8 bits 11000110; distance code 30 is 5 bits 11110.
    refused(new BitWriter().bits(1, 1).bits(1, 2).code(0b11000110, 8).done(), /invalid literal\/length code/);
    const lengthThenDistance30 = new BitWriter().bits(1, 1).bits(1, 2).code(0x30 + 97, 8).code(0x30 + 97, 8).code(0x30 + 97, 8).code(1, 7).code(30, 5);
    refused(lengthThenDistance30.done(), /invalid distance code/);
    // 'a', then length 3 at distance 2: one byte before the start.
    refused(new BitWriter().bits(1, 1).bits(1, 2).code(0x30 + 97, 8).code(1, 7).code(1, 5).code(0, 7).done(), /distance too far back/);
    // The same at distance 1 is fine: "aaaa".
    assert.deepEqual(run(new BitWriter().bits(1, 1).bits(1, 2).code(0x30 + 97, 8).code(1, 7).code(0, 5).code(0, 7).done()).out, Uint8Array.of(97, 97, 97, 97));
  });

  test('dynamic headers: too many symbols, bad code-length codes and repeats, no end-of-block', () => {
    const lens = { literals: litLengths({ 97: 1, 256: 1 }), distances: [1] };
    const ok = new BitWriter();
    dynamicHeader(ok, lens);
    ok.code(0, 1).code(0, 1).code(1, 1); // 'a', 'a', end
    assert.deepEqual(run(ok.done()).out, Uint8Array.of(97, 97));

    const tooMany = new BitWriter();
    dynamicHeader(tooMany, lens, { hlit: 287 });
    refused(tooMany.done(), /too many length or distance symbols/);
    const tooManyDistances = new BitWriter();
    dynamicHeader(tooManyDistances, lens, { hdist: 31 });
    refused(tooManyDistances.done(), /too many length or distance symbols/);

    const overSubscribed = new BitWriter();
    dynamicHeader(overSubscribed, lens, { clLengths: [...new Array<number>(16).fill(4), 1, 0, 0] });
    refused(overSubscribed.done(), /invalid code length code \(over-subscribed\)/);
    const incomplete = new BitWriter();
    dynamicHeader(incomplete, lens, { clLengths: [...new Array<number>(16).fill(5), 0, 0, 0] });
    refused(incomplete.done(), /invalid code length code \(incomplete\)/);
    const empty = new BitWriter();
    dynamicHeader(empty, lens, { clLengths: new Array<number>(19).fill(0), items: [] });
    refused(empty.done(), /invalid code lengths set \(no codes\)/);

    const repeatFirst = new BitWriter();
    dynamicHeader(repeatFirst, lens, { items: [[16, 0]] });
    refused(repeatFirst.done(), /nothing to repeat/);
    const repeatPast = new BitWriter();
    dynamicHeader(repeatPast, lens, { items: [[18, 127], [18, 127], [18, 0]] }); // 138 + 138 + 11 > 258
    refused(repeatPast.done(), /past the last code/);
    // Repeats that fit: 97 zeros, a 1, 158 zeros, a 1 (end of block), one distance length of 1.
    const repeats = new BitWriter();
    dynamicHeader(repeats, lens, { items: [[18, 97 - 11], [1], [18, 127], [17, 7], [17, 7], [1], [1]] });
    repeats.code(0, 1).code(1, 1);
    assert.deepEqual(run(repeats.done()).out, Uint8Array.of(97));

    const noEnd = new BitWriter();
    dynamicHeader(noEnd, { literals: litLengths({ 97: 1, 98: 1 }), distances: [1] });
    refused(noEnd.done(), /missing end-of-block/);
  });

  test("literal/length and distance codes: zlib's rules for incomplete and over-subscribed codes", () => {
    const block = (literals: number[], distances: number[], body: (w: BitWriter) => void): Uint8Array => {
      const w = new BitWriter();
      dynamicHeader(w, { literals, distances });
      body(w);
      return w.done();
    };
    refused(block(litLengths({ 97: 1, 98: 1, 256: 1 }), [1], () => {}), /invalid literal\/length code \(over-subscribed\)/);
    refused(block(litLengths({ 97: 2, 256: 2 }), [1], () => {}), /invalid literal\/length code \(incomplete\)/);
    refused(block(litLengths({ 97: 1, 256: 1 }), [1, 1, 1], () => {}), /invalid distance code \(over-subscribed\)/);
    refused(block(litLengths({ 97: 1, 256: 1 }), [2, 2, 0], () => {}), /invalid distance code \(incomplete\)/);

    // A single code of length 1 is allowed: the end-of-block alone, and the unused code is refused when met.
    assert.equal(run(block(litLengths({ 256: 1 }), [0], (w) => w.code(0, 1))).out.length, 0);
    refused(block(litLengths({ 256: 1 }), [0], (w) => w.code(1, 1)), /invalid literal\/length code/);
    // No distance codes at all is fine until a length needs one.
    const lit = litLengths({ 97: 2, 256: 2, 257: 1 }, 258);
    assert.deepEqual(run(block(lit, [0], (w) => w.code(0b10, 2).code(0b11, 2))).out, Uint8Array.of(97));
    refused(block(lit, [0], (w) => w.code(0b10, 2).code(0, 1).code(0, 1)), /invalid distance code/);
    // A single distance code of length 1 decodes; its unused twin is refused.
    assert.deepEqual(run(block(lit, [1], (w) => w.code(0b10, 2).code(0, 1).code(0, 1).code(0b11, 2))).out, Uint8Array.of(97, 97, 97, 97));
    refused(block(lit, [1], (w) => w.code(0b10, 2).code(0, 1).code(1, 1)), /invalid distance code/);
  });

  test('damaged streams: the same bytes as zlib, or refused where zlib refuses', () => {
    let s = 12345;
    const next = (n: number): number => {
      s = (s * 1103515245 + 12345) >>> 0;
      return (s >>> 8) % n;
    };
    for (let c = 0; c < 400; c++) {
      const data = mixedData(next(5000), c);
      const stream = new Uint8Array(deflateRawSync(data, { level: next(10), strategy: [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED][next(2)]! }));
      for (let f = 1 + next(3); f > 0 && stream.length > 0; f--) stream[next(stream.length)]! ^= 1 << next(8);
      let reference: { buffer: Buffer; engine: { bytesWritten: number } } | undefined;
      try {
        reference = inflateRawSync(stream, { info: true }) as unknown as typeof reference;
      } catch {
        reference = undefined;
      }
      if (reference === undefined) {
        assert.throws(() => run(stream, 1 << 20), (e) => e instanceof InflateError || e instanceof InflateOverflowError, `case ${c}: zlib refuses it`);
        continue;
      }
      const { out, end } = run(stream, reference.buffer.length);
      assert.ok(Buffer.from(out).equals(reference.buffer), `case ${c}: the same bytes`);
      assert.equal(end, reference.engine.bytesWritten, `case ${c}: the same end`);
    }
  });
});
