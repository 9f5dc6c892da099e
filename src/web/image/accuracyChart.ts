/** The image lab's accuracy curve: test accuracy (0–100 %) against training images seen. */

/** Draws `points` ([images seen, accuracy in 0…1]) on the canvas, x scaled to the last point. */
export function drawAccuracy(canvas: HTMLCanvasElement, points: readonly [number, number][]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  const pad = 4;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#4a4a4f';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText('100 %', pad, 12);
  ctx.fillText('0', pad, height - pad);
  const maxX = Math.max(1, ...points.map(([x]) => x));
  ctx.strokeStyle = '#0a5aa0';
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach(([x, a], i) => {
    const px = pad + ((width - 2 * pad) * x) / maxX;
    const py = height - pad - (height - 2 * pad) * a;
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  });
  ctx.stroke();
}
