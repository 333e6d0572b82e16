/**
 * How wide a chart's text is, from the font the chart is drawn in.
 *
 * Without the `canvas` package vega guesses every character at 0.8 em, which is too narrow for
 * Chinese (a Chinese character is a full em): axis titles then overlap their labels and labels
 * are cut off at the chart's edge. vega asks `vega.textMetrics.width(item, text)` whenever it
 * lays out text, so this module answers it with the advance widths of the very font file the
 * SVG is rasterised with (resvg) and embedded with (the PDF): one character, one glyph, as
 * render/pdf/plain-layout.ts draws them.
 */
import type { FontFile } from '../render/pdf/fonts.js';
import { plainGlyph } from '../render/pdf/plain-layout.js';
import { openSharedFont, type OpenedFont } from '../render/pdf/shared-fonts.js';

/** The font as fontkit opens it: the PDF writer's own (shared-fonts.ts), for its outlines too. */
export type FontkitFont = OpenedFont;

export interface TextMeasurer {
  /** The width of one line of text at this size, in the units of the size (px in a chart). */
  width(text: string, fontSize: number): number;
  /** The advance of one character at size 1. */
  advance(char: string): number;
  /** The font itself, for its outlines (outline.ts). */
  face: FontkitFont;
}

const measurers = new WeakMap<FontkitFont, TextMeasurer>();

/**
 * A measurer for the font file (the face of a collection when `face` is given); one per file
 * and face. The font is the one the PDF writer opens (widths from hmtx, as the PDF sets them).
 */
export function fontMeasurer(font: Pick<FontFile, 'data' | 'face'>): TextMeasurer {
  const face = openSharedFont(font.data, font.face).font;
  const known = measurers.get(face);
  if (known) return known;
  // advance widths at 1 unit of size, by character
  const advances = new Map<string, number>();
  const advance = (char: string): number => {
    let width = advances.get(char);
    if (width === undefined) {
      width = plainGlyph(face, char.codePointAt(0) as number).advanceWidth / face.unitsPerEm;
      advances.set(char, width);
    }
    return width;
  };
  const measurer: TextMeasurer = {
    face,
    advance,
    width(text, fontSize) {
      let em = 0;
      for (const char of text) em += advance(char);
      return em * fontSize;
    },
  };
  measurers.set(face, measurer);
  return measurer;
}

/** A text item of vega's scenegraph, as much as measuring needs. */
export interface VegaTextItem {
  fontSize?: number | string | null;
}

/**
 * `vega.textMetrics.width` for this measurer: vega's own rules for the size (11 px when unset)
 * and the text (trimmed; empty for null), then the font's advances.
 */
export function vegaTextWidth(measurer: TextMeasurer): (item: VegaTextItem, text: unknown) => number {
  return (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    return size <= 0 || line === '' ? 0 : measurer.width(line, size);
  };
}
