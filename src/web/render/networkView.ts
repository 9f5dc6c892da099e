/**
 * The network diagram: one small canvas per node showing its output over the input plane, connections coloured
 * by the sign of their weight (blue +, orange −) and as thick as its size. Hovering or focusing a node shows it
 * enlarged with its formula.
 */
import type { Frame, Layout } from '../worker/protocol.js';
import { nodeFormula } from './formula.js';
import { putPicture } from './picture.js';

const NODE = 56;
const COLUMN_GAP = 90;
const ROW_GAP = 14;
const TOP = 22;
const POSITIVE = '#0877bd';
const NEGATIVE = '#f59322';
const SVG_NS = 'http://www.w3.org/2000/svg';

interface NodeView {
  layer: number;
  index: number;
  x: number;
  y: number;
  button: HTMLButtonElement;
  canvas: HTMLCanvasElement;
}

export class NetworkView {
  private nodes: NodeView[] = [];
  private lines: SVGLineElement[][] = [];
  private layout: Layout | undefined;
  private frame: Frame | undefined;
  private focused: NodeView | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly detail: HTMLElement,
    private readonly detailCanvas: HTMLCanvasElement,
    private readonly formula: HTMLElement,
  ) {}

  /** Rebuilds the diagram for a new network shape. */
  setLayout(layout: Layout): void {
    this.layout = layout;
    this.frame = undefined;
    this.hideDetail();
    const columns = layout.sizes.length;
    const tallest = Math.max(...layout.sizes);
    const width = columns * NODE + (columns - 1) * COLUMN_GAP + 2;
    const height = TOP + tallest * NODE + (tallest - 1) * ROW_GAP + 2;
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('aria-hidden', 'true');
    this.container.replaceChildren(svg);
    this.container.style.height = `${height}px`;
    this.container.style.minWidth = `${width}px`;
    this.nodes = [];
    layout.sizes.forEach((count, layer) => {
      const x = layer * (NODE + COLUMN_GAP);
      const title = document.createElement('div');
      title.className = 'layer-title';
      title.textContent = layer === 0 ? 'inputs' : layer === columns - 1 ? 'output' : `hidden ${layer}`;
      title.style.left = `${x + NODE / 2 - 45}px`;
      title.style.top = '0px';
      this.container.append(title);
      const offset = ((tallest - count) * (NODE + ROW_GAP)) / 2;
      for (let index = 0; index < count; index++) {
        const y = TOP + offset + index * (NODE + ROW_GAP);
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'node';
        button.style.left = `${x}px`;
        button.style.top = `${y}px`;
        button.setAttribute('aria-label', `${this.nodeName(layer, index)}: show its picture and formula`);
        const canvas = document.createElement('canvas');
        canvas.width = NODE;
        canvas.height = NODE;
        button.append(canvas);
        const view: NodeView = { layer, index, x, y, button, canvas };
        button.addEventListener('mouseenter', () => this.showDetail(view));
        button.addEventListener('focus', () => this.showDetail(view));
        button.addEventListener('mouseleave', () => this.hideDetail());
        button.addEventListener('blur', () => this.hideDetail());
        button.addEventListener('keydown', (e) => {
          if (e.key === 'Escape') this.hideDetail();
        });
        this.container.append(button);
        this.nodes.push(view);
      }
    });
    this.lines = [];
    for (let layer = 1; layer < columns; layer++) {
      const from = this.nodes.filter((n) => n.layer === layer - 1);
      const to = this.nodes.filter((n) => n.layer === layer);
      const row: SVGLineElement[] = [];
      for (const a of from) {
        for (const b of to) {
          const line = document.createElementNS(SVG_NS, 'line');
          line.setAttribute('x1', String(a.x + NODE));
          line.setAttribute('y1', String(a.y + NODE / 2));
          line.setAttribute('x2', String(b.x));
          line.setAttribute('y2', String(b.y + NODE / 2));
          line.setAttribute('stroke', '#bbb');
          svg.append(line);
          row.push(line);
        }
      }
      this.lines.push(row);
    }
  }

  /** Redraws every node picture and connection from a training frame. */
  update(frame: Frame): void {
    this.frame = frame;
    frame.nodes.forEach((picture, i) => {
      const node = this.nodes[i];
      if (node) putPicture(node.canvas, picture);
    });
    let max = 1e-9;
    for (const w of frame.weights) for (const v of w) max = Math.max(max, Math.abs(v));
    frame.weights.forEach((w, layer) => {
      const row = this.lines[layer];
      if (!row) return;
      // Lines are ordered (from, to) with `to` fastest, exactly like the weights [in, out] row-major.
      for (let i = 0; i < row.length && i < w.length; i++) {
        const v = w[i]!;
        row[i]!.setAttribute('stroke', v >= 0 ? POSITIVE : NEGATIVE);
        row[i]!.setAttribute('stroke-width', (0.5 + (5 * Math.abs(v)) / max).toFixed(2));
        row[i]!.setAttribute('stroke-opacity', (0.35 + (0.65 * Math.abs(v)) / max).toFixed(2));
      }
    });
    if (this.focused) this.drawDetail(this.focused);
  }

  private nodeName(layer: number, index: number): string {
    const layout = this.layout!;
    if (layer === 0) return layout.inputNames[index] ?? `x${index + 1}`;
    if (layer === layout.sizes.length - 1) return layout.sizes[layer] === 1 ? 'ŷ' : `ŷ${index + 1}`;
    return `h${layer}.${index + 1}`;
  }

  private formulaOf(node: NodeView): string {
    const layout = this.layout!;
    if (node.layer === 0) return `${this.nodeName(0, node.index)}: input ${node.index + 1}, as it is`;
    const weights = this.frame?.weights[node.layer - 1];
    const biases = this.frame?.biases[node.layer - 1];
    if (!weights || !biases) return '';
    const inputs = Array.from({ length: layout.sizes[node.layer - 1]! }, (_, i) => this.nodeName(node.layer - 1, i));
    const outs = layout.sizes[node.layer]!;
    const activation = layout.activations[node.layer - 1]!;
    return nodeFormula({
      name: this.nodeName(node.layer, node.index),
      inputs,
      weights: inputs.map((_, i) => weights[i * outs + node.index]!),
      bias: biases[node.index]!,
      activation,
      ...(activation === 'softmax' ? { softmaxIndex: node.index } : {}),
    });
  }

  private drawDetail(node: NodeView): void {
    const ctx = this.detailCanvas.getContext('2d');
    if (ctx) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(node.canvas, 0, 0, this.detailCanvas.width, this.detailCanvas.height);
    }
    this.formula.textContent = this.formulaOf(node);
  }

  private showDetail(node: NodeView): void {
    this.focused = node;
    this.detail.classList.remove('empty');
    this.drawDetail(node);
  }

  private hideDetail(): void {
    this.focused = undefined;
    this.detail.classList.add('empty');
    this.formula.textContent = 'Hover over a node, or focus it with Tab, to see its function enlarged and its formula.';
  }
}
