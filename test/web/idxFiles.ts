/** Small IDX files for the image lab's tests: class k is a bright vertical bar at its own column, plus noise. */

function header(dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** n images of side 28 and their labels (0…classes−1), as IDX bytes; deterministic for a seed. */
export function barImages(n: number, classes = 10, seed = 1): { images: Uint8Array; labels: Uint8Array } {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const side = 28;
  const pixels = new Uint8Array(n * side * side);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    labels[i] = k;
    const column = 3 + Math.floor((k * 22) / Math.max(1, classes - 1));
    for (let r = 4; r < 24; r++) {
      for (let c = column - 1; c <= column + 1; c++) if (random() < 0.85) pixels[i * side * side + r * side + c] = 200 + Math.floor(55 * random());
    }
    for (let p = 0; p < 30; p++) pixels[i * side * side + Math.floor(random() * side * side)] = Math.floor(255 * random());
  }
  return { images: concat(header([n, side, side]), pixels), labels: concat(header([n]), labels) };
}
