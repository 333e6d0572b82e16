/**
 * Reading a chart's SVG as a reviewer would: every line of text with its role in vega's
 * scenegraph (`role-axis-label`, `role-title-text`…) and the box it covers on the canvas,
 * measured with the chart font. vega groups are placed with `translate`, text with
 * `translate(x,y)[ rotate(a)[ translate(dx,dy)]]`, lines of one text with tspans and `dy`.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { TextMeasurer } from '../../pipeline/fonts/measure.js';
import { type Matrix, multiply } from './matrix.js';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface SvgTextLine {
  text: string;
  /** the role of the vega mark the text belongs to, e.g. `axis-label`, `title-text`, `legend-label` */
  role: string;
  /** which line of its text element (0 for single-line text) */
  line: number;
  /** the text element it belongs to, numbered in document order */
  element: number;
  fontSize: number;
  /** the box the line's characters cover (the em box: 0.88 em above the baseline, 0.12 below) */
  box: Box;
  /** the transform of the text element's own translate, for grouping labels by axis */
  group: string;
}

export interface SvgChart {
  width: number;
  height: number;
  lines: SvgTextLine[];
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function parseTransform(value: string | null): Matrix {
  let m: Matrix = IDENTITY;
  if (!value) return m;
  for (const [, op, args] of value.matchAll(/(translate|rotate)\(([^)]*)\)/gu)) {
    const [a = 0, b = 0] = (args as string).split(/[\s,]+/u).map(Number);
    if (op === 'translate') m = multiply(m, [1, 0, 0, 1, a, b]);
    else {
      const r = (a * Math.PI) / 180;
      m = multiply(m, [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]);
    }
  }
  return m;
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

function childElements(node: Element): Element[] {
  return Array.from(node.childNodes).filter((n): n is Element => n.nodeType === 1);
}

export function readSvgChart(svg: string, measurer: TextMeasurer): SvgChart {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement as unknown as Element;
  const lines: SvgTextLine[] = [];
  let element = 0;
  const walk = (node: Element, matrix: Matrix, role: string): void => {
    const own = node.localName === 'g' ? parseTransform(node.getAttribute('transform')) : IDENTITY;
    const m = multiply(matrix, own);
    const cls = node.getAttribute('class') ?? '';
    const roleHere = /role-([\w-]+)/u.exec(cls)?.[1] ?? role;
    if (node.localName === 'text') {
      const t = multiply(m, parseTransform(node.getAttribute('transform')));
      const size = Number.parseFloat(node.getAttribute('font-size') ?? '11');
      const anchor = node.getAttribute('text-anchor') ?? 'start';
      const spans = childElements(node).filter((c) => c.localName === 'tspan');
      const texts = spans.length > 0 ? spans : [node];
      let y = 0;
      texts.forEach((span, i) => {
        if (spans.length > 0) y += Number.parseFloat(span.getAttribute('dy') ?? '0');
        const text = span.textContent ?? '';
        const width = measurer.width(text, size);
        const x0 = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
        const corners = [
          apply(t, x0, y - 0.88 * size),
          apply(t, x0 + width, y - 0.88 * size),
          apply(t, x0, y + 0.12 * size),
          apply(t, x0 + width, y + 0.12 * size),
        ];
        const xs = corners.map((c) => c[0]);
        const ys = corners.map((c) => c[1]);
        lines.push({
          text,
          role: roleHere,
          line: i,
          element,
          fontSize: size,
          box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
          group: `${m[4]},${m[5]}`,
        });
      });
      element++;
      return;
    }
    for (const child of childElements(node)) walk(child, m, roleHere);
  };
  walk(root, IDENTITY, '');
  return { width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')), lines };
}

/** Two boxes overlap by more than `tolerance` in both directions. */
export function overlaps(a: Box, b: Box, tolerance = 0.5): boolean {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > tolerance && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > tolerance;
}
