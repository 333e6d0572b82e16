/** Reading a PDF as a test would: its lines of text with their positions (pdfjs-dist). */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { processFontEnv, resolvePdfFonts } from '../../pipeline/cli/font-search.js';
import type { Document } from '../../pipeline/document/ast.js';
import type { PdfFonts } from '../../pipeline/fonts/types.js';
import { EXAMPLE_INPUTS } from './example.js';
import { type Matrix, multiply } from './matrix.js';

export interface PdfLine {
  text: string;
  /** left edge and baseline, in PDF points from the page's bottom left */
  x: number;
  y: number;
  /** right edge */
  right: number;
  fontSize: number;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  lines: PdfLine[];
}

export interface PdfText {
  pages: PdfPage[];
  info: Record<string, unknown>;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const require = createRequire(import.meta.url);
  const pdfjs = (await import(pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href)) as {
    getDocument(options: Record<string, unknown>): { promise: Promise<PdfjsDocument> };
  };
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view;
    const content = await page.getTextContent();
    // One text per line: items on the same baseline (within 0.5 pt) make one line, left to right.
    const items = (content.items as TextItem[]).filter((i) => i.str !== '');
    const lines: PdfLine[] = [];
    for (const item of items) {
      const [size, , , , x, y] = item.transform as [number, number, number, number, number, number];
      const same = lines.find((l) => Math.abs(l.y - y) < 0.5);
      if (same) {
        if (x < same.x) {
          same.text = item.str + same.text;
          same.x = x;
        } else same.text += item.str;
        same.right = Math.max(same.right, x + item.width);
      } else lines.push({ text: item.str, x, y, right: x + item.width, fontSize: size });
    }
    lines.sort((a, b) => b.y - a.y);
    pages.push({ number: n, width: width as number, height: height as number, lines });
  }
  const meta = await doc.getMetadata();
  return { pages, info: meta.info as Record<string, unknown> };
}

interface PdfjsDocument {
  numPages: number;
  getPage(n: number): Promise<{ view: number[]; getTextContent(): Promise<{ items: unknown[] }> }>;
  getMetadata(): Promise<{ info: unknown }>;
}

/** The bundled free fonts only, whatever this machine has installed. */
export function bundledFonts(doc: Document): PdfFonts {
  return resolvePdfFonts(doc.fonts, {}, EXAMPLE_INPUTS, 'notice.md', { ...processFontEnv(), folders: [] }).fonts;
}

/** A filled rectangle of a page (a rule), in points from the page's top left, and its colour (#rrggbb). */
export interface PdfRect {
  left: number;
  right: number;
  top: number;
  bottom: number;
  color: string;
}

/**
 * The filled paths of each page as rectangles (their bounding boxes), from pdfjs's operator list:
 * the current transformation followed through save, restore and transform, each path's box in
 * page space, its colour the last fill colour set.
 */
export async function readPdfRects(bytes: Uint8Array): Promise<PdfRect[][]> {
  const require = createRequire(import.meta.url);
  const pdfjs = (await import(pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href)) as {
    OPS: Record<string, number>;
    getDocument(options: Record<string, unknown>): { promise: Promise<PdfjsOperatorDocument> };
  };
  const { OPS } = pdfjs;
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke]);
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: PdfRect[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.view[3] as number;
    const list = await page.getOperatorList();
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    let color = '#000000';
    const colors: string[] = [];
    const rects: PdfRect[] = [];
    list.fnArray.forEach((fn, i) => {
      const args = list.argsArray[i] as unknown[];
      if (fn === OPS.save) {
        stack.push(ctm);
        colors.push(color);
      } else if (fn === OPS.restore) {
        ctm = stack.pop() ?? ctm;
        color = colors.pop() ?? color;
      } else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
      else if (fn === OPS.setFillRGBColor) color = String(args[0]).toLowerCase();
      else if (fn === OPS.constructPath && fills.has(args[0] as number)) {
        const box = args[2] as number[] | null;
        if (!box) return;
        const [x0, y0, x1, y1] = box as [number, number, number, number];
        const corners = [
          [x0, y0],
          [x1, y1],
        ].map(([x, y]) => [ctm[0] * (x as number) + ctm[2] * (y as number) + ctm[4], ctm[1] * (x as number) + ctm[3] * (y as number) + ctm[5]] as const);
        const xs = corners.map((c) => c[0]);
        const ys = corners.map((c) => height - c[1]);
        rects.push({ left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys), color });
      }
    });
    pages.push(rects);
  }
  return pages;
}

interface PdfjsOperatorDocument {
  numPages: number;
  getPage(n: number): Promise<{ view: number[]; getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[] }> }>;
}
