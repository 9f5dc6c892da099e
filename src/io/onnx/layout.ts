import { ModelError } from '../../errors.js';
import type { GraphBuilder } from './graphBuilder.js';

/** An image's height, width and channels, as Platypus orders them (NHWC rows). */
export type ImageShape = readonly [height: number, width: number, channels: number];

/**
 * What the current value of the graph is: rows of features [N, features], or images. Platypus keeps images
 * as NHWC; ONNX's Conv and MaxPool want NCHW, so inside the graph an image is held as [N, c, h, w] and
 * turned back to NHWC order before it is flattened, so that a Dense layer sees its features in the order
 * it was trained on.
 */
export type Layout = { kind: 'flat'; features: number } | { kind: 'image'; shape: ImageShape };

export function describeLayout(layout: Layout): string {
  return layout.kind === 'flat' ? `[N, ${layout.features}]` : `an image ${layout.shape.join('×')} (h×w×c)`;
}

/**
 * The current value as NCHW images of `shape`: rows of h·w·c features (in h, w, c order) are reshaped to
 * [N, h, w, c] and transposed to [N, c, h, w]; images of that shape pass as they are.
 */
export function asImage(g: GraphBuilder, layout: Layout, shape: ImageShape, where: string): Layout {
  const [h, w, c] = shape;
  if (layout.kind === 'image') {
    if (layout.shape.some((d, k) => d !== shape[k])) throw new ModelError(`export: ${where} expects ${describeLayout({ kind: 'image', shape })}, gets ${describeLayout(layout)}`);
    return layout;
  }
  if (layout.features !== h * w * c) throw new ModelError(`export: ${where} expects ${h}×${w}×${c} = ${h * w * c} features, gets ${layout.features}`);
  // 0 keeps the batch size as it is (Reshape's allowzero = 0), so a batch of 0 rows works too.
  const target = g.int64s(`${where}.nhwc_shape`, [0, h, w, c]);
  g.apply(`${where}.to_nhwc`, 'Reshape', [target]);
  g.apply(`${where}.to_nchw`, 'Transpose', [], { perm: [0, 3, 1, 2] });
  return { kind: 'image', shape };
}

/** The current value as rows [N, features]: NCHW images go back to NHWC, then are flattened (h, w, c order). */
export function asRows(g: GraphBuilder, layout: Layout, where: string): Layout & { kind: 'flat' } {
  if (layout.kind === 'flat') return layout;
  const [h, w, c] = layout.shape;
  g.apply(`${where}.to_nhwc`, 'Transpose', [], { perm: [0, 2, 3, 1] });
  g.apply(`${where}.flatten`, 'Flatten', [], { axis: 1 });
  return { kind: 'flat', features: h * w * c };
}
