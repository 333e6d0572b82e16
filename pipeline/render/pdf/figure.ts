/**
 * Figures in the PDF, and the one font a chart is set in.
 *
 * The PDF draws a figure's SVG (pdfmake's `svg` node, through svg-to-pdfkit), so the chart's
 * words stay text that can be searched and copied. svg-to-pdfkit asks pdfmake for the font of
 * each text element and hands what it gets to pdfkit's `doc.font(name)`, which knows a font
 * only by a name it has already embedded under: the font's PostScript name. So the chart font
 * is also written into pdfmake's virtual files under its PostScript name, registered as the
 * family `FIGURE_FAMILY`, and the figure sets one invisible character in that family first,
 * which makes pdfmake embed it before the SVG is drawn. A face of a TTC collection cannot be
 * passed this way (pdfmake's definition of such a font is a file and a face name, which
 * `doc.font` cannot take): the chart font is the first role's font that is not one
 * (`figureFontRole`), and with none the PDF shows the figure's PNG instead.
 *
 * The CLI draws the charts with the same role's font (measuring, resvg), so the SVG's layout,
 * the PNG and the PDF all use one font. A chart whose text has a character that font lacks
 * (drawn in the PNG with the fallback font, chart/render.ts) shows its PNG: svg-to-pdfkit
 * sets a text in one font and would print nothing or a box for the character.
 */
import type { Figure, FontRole } from '../../document/ast.js';
import type { Layout } from '../../document/layout.js';
import { hasGlyph } from '../../fonts/measure.js';
import { svgTextLines } from '../../fonts/outline.js';
import { openSharedFont, type OpenedFont } from '../../fonts/shared-fonts.js';
import type { FontFile } from '../../fonts/types.js';

/** The roles whose font may set a chart, in order: the body's first. */
export const FIGURE_FONT_ROLES: readonly FontRole[] = ['body', 'heading2', 'heading3', 'pageNumber', 'title', 'heading1'];

/** The pdfmake family of the chart font. */
export const FIGURE_FAMILY = 'figure';

/** The chart font as registered with pdfmake: its family, and the font to check a chart's text against. */
export interface FigureFont {
  family: string;
  font: OpenedFont;
}

/** The role whose font sets the charts: the first of FIGURE_FONT_ROLES that is not a TTC face, else the body's. */
export function figureFontRole(fonts: Readonly<Record<FontRole, { file: Pick<FontFile, 'face'> }>>): FontRole {
  return FIGURE_FONT_ROLES.find((role) => fonts[role].file.face === undefined) ?? 'body';
}

type Content = Record<string, unknown>;

/**
 * Registers the chart font with pdfmake (see above); returns it, or null when every role's
 * font is a TTC face and figures fall back to their PNG.
 */
export function registerFigureFont(
  virtualfs: { writeFileSync(name: string, data: Buffer): void },
  fontDefs: Record<string, Record<string, string | string[]>>,
  fonts: Readonly<Record<FontRole, { file: FontFile }>>,
): FigureFont | null {
  const file = fonts[figureFontRole(fonts)].file;
  if (file.face !== undefined) return null;
  const { bytes, font } = openSharedFont(file.data, undefined);
  const name = font.postscriptName;
  virtualfs.writeFileSync(name, bytes);
  fontDefs[FIGURE_FAMILY] = { normal: name, bold: name, italics: name, bolditalics: name };
  return { family: FIGURE_FAMILY, font };
}

/** True when the font has every character of the SVG's text (whitespace aside). */
function setsAllText(svg: string, font: OpenedFont): boolean {
  return svgTextLines(svg).every((line) => [...line].every((char) => /\s/u.test(char) || hasGlyph(font, char)));
}

/** The figure, centred, with its caption below (set by the PDF writer), kept on one page. */
export function figureContent(node: Figure, figureFont: FigureFont | null, layout: Layout, caption: Content | null): Content[] {
  const stack: Content[] = [];
  if (figureFont && setsAllText(node.svg, figureFont.font)) {
    // one invisible character in the chart font: pdfmake embeds the font before the SVG is drawn
    stack.push({ text: ' ', font: figureFont.family, fontSize: 1, lineHeight: 0.01 });
    stack.push({ svg: node.svg, width: node.widthPt, height: node.heightPt, font: figureFont.family, alignment: 'center' });
  } else {
    stack.push({ image: `data:image/png;base64,${Buffer.from(node.png).toString('base64')}`, width: node.widthPt, height: node.heightPt, alignment: 'center' });
  }
  if (caption) {
    stack.push({
      ...caption,
      fontSize: layout.sizes.bodyPt,
      alignment: 'center',
      margin: [0, layout.linePitchPt / 4, 0, 0],
    });
  }
  return [{ stack, unbreakable: true, margin: [0, layout.linePitchPt / 4, 0, layout.linePitchPt / 2] }];
}
