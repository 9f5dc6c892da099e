import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { UsageError } from '../../errors.js';
import type { Raster } from '../../inspect/raster.js';

/** A picture in a report: a PNG we rasterized, or an SVG chart. */
export type Figure =
  | { kind: 'png'; file: string; raster: Raster; caption: string; /** width to show it at, in CSS pixels */ display?: number }
  | { kind: 'svg'; file: string; svg: string; caption: string };

export interface ReportSection {
  heading: string;
  text?: string;
  figures: Figure[];
  /** a preformatted text block, e.g. the classification report */
  pre?: string;
}

export interface Report {
  title: string;
  /** key → value lines at the top */
  summary: [string, string][];
  sections: ReportSection[];
}

export function encodePng(r: Raster): Uint8Array {
  return encode({ width: r.width, height: r.height, data: new Uint8Array(r.rgba.buffer, r.rgba.byteOffset, r.rgba.byteLength), channels: 4, depth: 8 });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function figureHtml(f: Figure): string {
  const caption = `<figcaption>${escapeHtml(f.caption)}</figcaption>`;
  if (f.kind === 'svg') return `<figure class="chart">${f.svg}${caption}</figure>`;
  const width = f.display ?? f.raster.width;
  return `<figure><img src="${escapeHtml(f.file)}" width="${width}" alt="${escapeHtml(f.caption)}" style="image-rendering: pixelated">${caption}</figure>`;
}

/** The report as one HTML page: charts inline, pictures as PNG files beside it. */
export function reportHtml(report: Report): string {
  const summary = report.summary.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const sections = report.sections
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2>${s.text ? `<p>${escapeHtml(s.text)}</p>` : ''}` +
        `${s.pre ? `<pre>${escapeHtml(s.pre)}</pre>` : ''}<div class="figures">${s.figures.map(figureHtml).join('')}</div></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d1d1f;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
table{border-collapse:collapse}th{text-align:left;padding:.2rem 1rem .2rem 0;color:#555;font-weight:500}td{padding:.2rem 0}
.figures{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}figure{margin:0}figcaption{font-size:.85rem;color:#444;max-width:480px}
pre{background:#f6f6f6;padding:.8rem;overflow:auto}
</style></head><body>
<h1>${escapeHtml(report.title)}</h1>
<table>${summary}</table>
${sections}
</body></html>
`;
}

/** Writes index.html and every picture into `dir` (created if needed); errors name the directory. */
export function writeReport(dir: string, report: Report): string {
  try {
    mkdirSync(dir, { recursive: true });
    for (const section of report.sections) {
      for (const f of section.figures) {
        writeFileSync(join(dir, f.file), f.kind === 'png' ? encodePng(f.raster) : f.svg);
      }
    }
    const index = join(dir, 'index.html');
    writeFileSync(index, reportHtml(report));
    return index;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOTDIR' || err.code === 'EEXIST' ? 'not a directory' : err.message;
    throw new UsageError(`--report ${dir}: cannot write the report: ${why}`);
  }
}

/** Checks up front that the report can be written, so a long training run does not end in a failed write. */
export function prepareReportDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.platypus-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS' ? 'permission denied' : err.code === 'ENOTDIR' || err.code === 'EEXIST' ? 'not a directory' : err.message;
    throw new UsageError(`--report ${dir}: cannot write the report: ${why}`);
  }
}
