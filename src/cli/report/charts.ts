import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Renders a Vega-Lite spec to an SVG string, headless (no DOM, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One point of a training curve. */
export interface CurvePoint {
  run: string;
  epoch: number;
  /** 'train' or 'validation' */
  split: string;
  value: number;
}

/** Curves of one measure (loss or accuracy) for every run and split on shared axes. */
export function curveSpec(points: readonly CurvePoint[], measure: string, options: { logY?: boolean } = {}): TopLevelSpec {
  const finite = points.filter((p) => Number.isFinite(p.value) && (!options.logY || p.value > 0));
  const runs = new Set(finite.map((p) => p.run)).size;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 460,
    height: 260,
    data: { values: finite as unknown as Record<string, unknown>[] },
    mark: { type: 'line', point: finite.length <= 60 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: measure, scale: options.logY ? { type: 'log' } : { zero: false } },
      color: runs > 1 ? { field: 'run', type: 'nominal', title: 'run' } : { field: 'split', type: 'nominal', title: 'split' },
      strokeDash: runs > 1 ? { field: 'split', type: 'nominal', title: 'split', legend: { symbolType: 'stroke' } } : { value: [] },
    },
  } as TopLevelSpec;
}

/** The confusion matrix as a heatmap with counts: rows are true classes, columns predicted ones. */
export function confusionSpec(matrix: readonly (readonly number[])[], names: readonly string[]): TopLevelSpec {
  const values: Record<string, unknown>[] = [];
  let max = 0;
  matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      values.push({ true: names[i] ?? String(i), predicted: names[j] ?? String(j), count, i, j });
      max = Math.max(max, count);
    }),
  );
  const order = matrix.map((_, i) => names[i] ?? String(i));
  const size = Math.max(160, Math.min(480, 40 * matrix.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: size,
    height: size,
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: order, title: 'predicted class' },
      y: { field: 'true', type: 'nominal', sort: order, title: 'true class' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, title: 'count' } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.count > ${max / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  } as TopLevelSpec;
}
