/** Reading a PDF as a test would: its lines of text with their positions (pdfjs-dist). */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { processFontEnv, resolvePdfFonts } from '../../pipeline/cli/font-search.js';
import type { Document } from '../../pipeline/document/ast.js';
import type { PdfFonts } from '../../pipeline/fonts/types.js';
import { EXAMPLE_INPUTS } from './example.js';

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
