/**
 * The fonts a PDF is set in: for each role of the document (title, body, headings, page
 * numbers), the font file that serves it. The CLI finds them (the user's office fonts, the
 * template's font files, or the free fonts npm installs); the PDF writer only embeds them.
 */
import type { FontRole } from '../document/ast.js';

export interface FontFile {
  /** Where it came from, for the run log. */
  path: string;
  data: Uint8Array;
  /** The face's PostScript name inside a TTC collection. */
  face?: string;
  /** The font's own family name. */
  family: string;
}

export interface ServedFont {
  role: FontRole;
  /** The font the template asked for (e.g. 仿宋_GB2312). */
  wanted: string;
  file: FontFile;
  /** True when a free font stands in for the one asked for. */
  substituted: boolean;
  source: 'office' | 'template' | 'bundled';
}

export type PdfFonts = Record<FontRole, ServedFont>;
