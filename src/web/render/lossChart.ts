/** Train and test loss by epoch on a small canvas: a shared y-axis from 0 to the largest loss. */
export function drawLossChart(canvas: HTMLCanvasElement, train: readonly number[], test: readonly number[]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  const pad = 4;
  ctx.clearRect(0, 0, width, height);
  const finite = [...train, ...test].filter(Number.isFinite);
  const max = Math.max(1e-9, ...finite);
  const n = Math.max(train.length, test.length);
  ctx.fillStyle = '#4a4a4f';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(max.toFixed(3), pad, 12);
  ctx.fillText('0', pad, height - pad);
  const line = (values: readonly number[], color: string, lineWidth: number): void => {
    if (values.length < 2) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = lineWidth;
    ctx.beginPath();
    // At most one vertex per pixel column: long runs stay cheap to draw.
    const stride = Math.max(1, Math.floor(values.length / width));
    for (let i = 0; i < values.length; i += stride) {
      const x = pad + ((width - 2 * pad) * i) / Math.max(1, n - 1);
      const v = Number.isFinite(values[i]!) ? values[i]! : max;
      const y = height - pad - ((height - 2 * pad) * v) / max;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  };
  line(train, '#8a8a8a', 1.5);
  line(test, '#1d1d1f', 2);
}
