/**
 * One fontkit font per font file and face, kept for later renders in the same process (watch;
 * the figure font; the quarterly report after the notice; the charts' measuring and outlines
 * when they are drawn in this thread), so a 10–15 MB font's tables are decoded once.
 */
import { createRequire } from 'node:module';
import { usePlainLayout, type FontkitFont } from './fontkit-fast.js';

export type OpenedFont = FontkitFont & {
  ascent: number;
  descent: number;
  postscriptName: string;
  /** a glyph by id; its outline as SVG path data in font units (the charts' PNG, outline.ts) */
  getGlyph(id: number): { path: { toSVG(): string } };
};

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): OpenedFont;
}

export interface SharedFont {
  /** the font file's bytes as a Buffer, for pdfmake's virtual file system */
  bytes: Buffer;
  font: OpenedFont;
}

const require = createRequire(import.meta.url);

/** By the font file's data (as the CLI read it), then by face. */
const opened = new WeakMap<Uint8Array, Map<string, SharedFont>>();

export function openSharedFont(data: Uint8Array, face: string | undefined): SharedFont {
  const faces = opened.get(data) ?? new Map<string, SharedFont>();
  opened.set(data, faces);
  let shared = faces.get(face ?? '');
  if (!shared) {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const font = (require('fontkit') as Fontkit).create(bytes, face);
    // pdfkit opens the same class of font from the same fontkit: it takes the fast paths too.
    usePlainLayout(font);
    shared = { bytes, font };
    faces.set(face ?? '', shared);
  }
  return shared;
}
