/**
 * How wide a chart's text is, from the font the chart is drawn in.
 *
 * Without the `canvas` package vega guesses every character at 0.8 em, which is too narrow for
 * Chinese (a Chinese character is a full em): axis titles then overlap their labels and labels
 * are cut off at the chart's edge. vega asks `vega.textMetrics.width(item, text)` whenever it
 * lays out text, so this module answers it with the advance widths of the very font file the
 * SVG is rasterised with (resvg) and embedded with (the PDF): fonts/measure.ts.
 */
import type { TextMeasurer } from '../fonts/measure.js';

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
