/**
 * A canvas to draw a digit on — with the mouse, a pen or a finger, or with the keyboard (arrow keys move a
 * visible cursor, Space or Enter puts the pen down or lifts it) — and its reduction to the files' format: the
 * ink's bounding box scaled to fit 20×20 and centred in 28×28 (as MNIST was made), one byte per pixel.
 */

export interface DrawingPad {
  /** Wipes the ink and lifts the keyboard's pen. */
  clear(): void;
  /** The drawing as side×side bytes (0 background, 255 ink), or undefined while it is empty. */
  pixels(side: number): Uint8Array | undefined;
}

export interface DrawingPadElements {
  /** The focusable canvas (tabindex 0) the ink goes on. */
  canvas: HTMLCanvasElement;
  /** The keyboard cursor: an element over the canvas, placed here in % of the canvas's box. */
  cursor: HTMLElement;
  /** A polite live region that says where the cursor is and whether the pen is down. */
  penState: HTMLElement;
}

/** Cursor steps across (and down) the pad: an arrow key moves 1/STEPS of its side, with Shift 4 times as far. */
const STEPS = 20;
const SHIFT_STEPS = 4;
const ARROWS: Readonly<Record<string, [number, number]>> = {
  ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1],
};

/** Makes the canvas drawable; `onChange` runs while drawing (at most once per animation frame) and after each stroke. */
export function drawingPad(elements: DrawingPadElements, onChange: () => void): DrawingPad {
  const { canvas, cursor, penState } = elements;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const lineWidth = canvas.width / 12;
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
  const stroke = (to: [number, number]): void => {
    ctx.strokeStyle = '#000';
    ctx.lineWidth = lineWidth;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    const from = last ?? to;
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
    last = to;
  };

  // The keyboard: a cursor on a STEPS × STEPS grid of positions, and a pen that is up or down.
  let at: [number, number] = [STEPS / 2, STEPS / 2];
  let pen = false;
  const point = (): [number, number] => [(at[0] * canvas.width) / STEPS, (at[1] * canvas.height) / STEPS];
  const showCursor = (): void => {
    cursor.style.left = `${(100 * at[0]) / STEPS}%`;
    cursor.style.top = `${(100 * at[1]) / STEPS}%`;
    cursor.style.width = `${(100 * lineWidth) / canvas.width}%`;
    cursor.style.height = `${(100 * lineWidth) / canvas.height}%`;
    cursor.classList.toggle('down', pen);
    penState.textContent = `Pen ${pen ? 'down' : 'up'} · cursor ${at[0]} across, ${at[1]} down (of ${STEPS})`;
  };
  const setPen = (down: boolean): void => {
    pen = down;
    last = undefined;
    if (down) stroke(point());
    showCursor();
    notify();
  };
  canvas.addEventListener('keydown', (e) => {
    const arrow = ARROWS[e.key];
    if (arrow) {
      e.preventDefault();
      const step = e.shiftKey ? SHIFT_STEPS : 1;
      at = [Math.min(STEPS, Math.max(0, at[0] + arrow[0] * step)), Math.min(STEPS, Math.max(0, at[1] + arrow[1] * step))];
      canvas.classList.add('keyboard');
      if (pen) {
        stroke(point());
        notify();
      }
      showCursor();
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault(); // Space would scroll the page
      canvas.classList.add('keyboard');
      if (!e.repeat) setPen(!pen);
    } else if (e.key === 'Escape' && pen) {
      setPen(false);
    }
  });
  canvas.addEventListener('blur', () => {
    if (pen) setPen(false); // leaving the pad ends the stroke
  });
  showCursor();

  // The mouse, a pen or a finger.
  const pointer = (e: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [((e.clientX - box.left) * canvas.width) / box.width, ((e.clientY - box.top) * canvas.height) / box.height];
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.classList.remove('keyboard');
    if (pen) setPen(false);
    drawing = true;
    last = undefined;
    canvas.setPointerCapture(e.pointerId);
    stroke(pointer(e));
    notify();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    stroke(pointer(e));
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
      pen = false;
      last = undefined;
      showCursor();
    },
    pixels(side) {
      return digitPixels(canvas, side);
    },
  };
}

/** The canvas's ink (its alpha) as side×side bytes, boxed and centred as MNIST's digits; undefined when blank. */
function digitPixels(canvas: HTMLCanvasElement, side: number): Uint8Array | undefined {
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
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
}
