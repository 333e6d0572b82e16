/**
 * The chart's text as glyph outlines, for rasterising only.
 *
 * resvg can draw text itself from a font file, but shaping with a Chinese font of tens of
 * thousands of glyphs costs it some 10 ms per text element (a chart has 30–50), and loading the
 * file another 70 ms. The outlines of the chart font, placed exactly where vega's layout put
 * each character (the advances measure.ts gives), draw the same glyphs in a
 * fraction of that and need no font at all. The SVG written to outputs/ and drawn in the PDF
 * keeps its text as text; only the copy handed to resvg is outlined.
 *
 * vega writes text as
 *   <text text-anchor="…" transform="translate(x,y)[ rotate(a)[ translate(dx,dy)]]" font-…
 *         fill="…" …>line</text>
 * and a text of several lines as <tspan>line 1</tspan><tspan x="0" dy="h">line 2</tspan>…;
 * each becomes a <g> with the same transform and paint holding a <path> per character (its
 * glyph's outline, made once per glyph, placed by the path's own transform).
 */
import { plainGlyph, type TextMeasurer } from './measure.js';
import type { OpenedFont } from './shared-fonts.js';

const TEXT = /<text\b([^>]*)>([\s\S]*?)<\/text>/gu;
const TSPAN = /<tspan\b([^>]*)>([\s\S]*?)<\/tspan>/gu;
/** Attributes that only concern text; the rest (transform, fill, opacity, stroke…) carry over. */
const TEXT_ATTRIBUTES =
  /\s(?:text-anchor|font-family|font-size|font-weight|font-style|font-variant|letter-spacing|dominant-baseline|aria-[\w-]+|role)="[^"]*"/gu;

function attribute(attributes: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`, 'u').exec(attributes)?.[1] ?? null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (whole, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return ENTITIES[code] ?? whole;
  });
}

/** Each glyph's outline as SVG path data in font units (y up), by font and glyph id: a chart repeats its characters. */
const outlines = new WeakMap<OpenedFont, Map<number, string>>();

function glyphOutline(face: OpenedFont, char: string): string {
  let byGlyph = outlines.get(face);
  if (!byGlyph) {
    byGlyph = new Map();
    outlines.set(face, byGlyph);
  }
  const id = plainGlyph(face, char.codePointAt(0) as number).id;
  let d = byGlyph.get(id);
  if (d === undefined) {
    d = face.getGlyph(id).path.toSVG();
    byGlyph.set(id, d);
  }
  return d;
}

/** One line's glyphs, each a path placed by its own transform: baseline at `y`, anchored at x = 0 as `anchor` says. */
function lineOutline(measurer: TextMeasurer, line: string, size: number, anchor: string, y: number): string {
  const width = measurer.width(line, size);
  let x = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
  let paths = '';
  for (const char of line) {
    // the character's own font: a character the chart font lacks is drawn in the fallback that has it
    const face = measurer.faceOf(char);
    const scale = size / face.unitsPerEm;
    const d = glyphOutline(face, char);
    // font units, y up → chart units, y down, at the pen position
    if (d) paths += `<path transform="matrix(${scale} 0 0 ${-scale} ${x} ${y})" d="${d}"/>`;
    x += measurer.advance(char) * size;
  }
  return paths;
}

/** The lines of a `<text>` element's content, each with its offset below the first. */
function textLines(content: string): { text: string; y: number }[] {
  if (!content.includes('<tspan')) return [{ text: unescapeXml(content), y: 0 }];
  const lines: { text: string; y: number }[] = [];
  let y = 0;
  for (const m of content.matchAll(TSPAN)) {
    y += Number.parseFloat(attribute(m[1] as string, 'dy') ?? '0');
    lines.push({ text: unescapeXml(m[2] as string), y });
  }
  return lines;
}

/** The text of every `<text>` element of the SVG, line by line, as it reads. */
export function svgTextLines(svg: string): string[] {
  return [...svg.matchAll(TEXT)].flatMap((m) => textLines(m[2] as string).map((l) => l.text));
}

/** The SVG with every `<text>` replaced by the outlines of its characters in the measurer's fonts. */
export function outlineText(svg: string, measurer: TextMeasurer): string {
  return svg.replace(TEXT, (_whole, attributes: string, content: string) => {
    const size = Number.parseFloat(attribute(attributes, 'font-size') ?? '11');
    const anchor = attribute(attributes, 'text-anchor') ?? 'start';
    const paths = textLines(content)
      .map((l) => lineOutline(measurer, l.text, size, anchor, l.y))
      .join('');
    return `<g${attributes.replace(TEXT_ATTRIBUTES, '')}>${paths}</g>`;
  });
}
