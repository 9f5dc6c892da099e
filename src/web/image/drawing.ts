/**
 * A canvas to draw a digit on with the mouse, pen or finger, and its reduction to the files' format:
 * the ink's bounding box scaled to fit 20×20 and centred in 28×28 (as MNIST was made), one byte per pixel.
 */

export interface DrawingPad {
  clear(): void;
  /** The drawing as side×side bytes (0 background, 255 ink), or undefined while it is empty. */
  pixels(side: number): Uint8Array | undefined;
}

/** Makes `canvas` drawable; `onChange` runs while drawing (at most once per animation frame) and after each stroke. */
export function drawingPad(canvas: HTMLCanvasElement, onChange: () => void): DrawingPad {
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let drawing = false;
  let last: [number, number] | undefined;
  let queued = false;
  const notify = (): void => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onChange();
    });
  };
  const point = (e: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [((e.clientX - box.left) * canvas.width) / box.width, ((e.clientY - box.top) * canvas.height) / box.height];
  };
  const stroke = (to: [number, number]): void => {
    ctx.strokeStyle = '#000';
    ctx.lineWidth = canvas.width / 12;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    const from = last ?? to;
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
    last = to;
  };
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    last = undefined;
    canvas.setPointerCapture(e.pointerId);
    stroke(point(e));
    notify();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    stroke(point(e));
    notify();
  });
  const end = (): void => {
    if (!drawing) return;
    drawing = false;
    last = undefined;
    notify();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  return {
    clear() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
    },
    pixels(side) {
      const { width, height } = canvas;
      const alpha = ctx.getImageData(0, 0, width, height).data;
      let [x0, y0, x1, y1] = [width, height, -1, -1];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (alpha[4 * (y * width + x) + 3]! > 0) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
          }
        }
      }
      if (x1 < 0) return undefined;
      const box = Math.max(x1 - x0 + 1, y1 - y0 + 1);
      const inner = Math.round((side * 20) / 28);
      const small = document.createElement('canvas');
      small.width = side;
      small.height = side;
      const sctx = small.getContext('2d', { willReadFrequently: true })!;
      const w = ((x1 - x0 + 1) / box) * inner;
      const h = ((y1 - y0 + 1) / box) * inner;
      sctx.imageSmoothingQuality = 'high';
      sctx.drawImage(canvas, x0, y0, x1 - x0 + 1, y1 - y0 + 1, (side - w) / 2, (side - h) / 2, w, h);
      const data = sctx.getImageData(0, 0, side, side).data;
      const out = new Uint8Array(side * side);
      for (let i = 0; i < out.length; i++) out[i] = data[4 * i + 3]!;
      return out;
    },
  };
}
