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
 * the PNG and the PDF all use one font.
 */
import type { Figure, FontRole } from '../../document/ast.js';
import type { Layout } from '../../document/layout.js';
import { openSharedFont } from '../../fonts/shared-fonts.js';
import type { FontFile } from '../../fonts/types.js';

/** The roles whose font may set a chart, in order: the body's first. */
export const FIGURE_FONT_ROLES: readonly FontRole[] = ['body', 'heading2', 'heading3', 'pageNumber', 'title', 'heading1'];

/** The pdfmake family of the chart font. */
export const FIGURE_FAMILY = 'figure';

/** The role whose font sets the charts: the first of FIGURE_FONT_ROLES that is not a TTC face, else the body's. */
export function figureFontRole(fonts: Readonly<Record<FontRole, { file: Pick<FontFile, 'face'> }>>): FontRole {
  return FIGURE_FONT_ROLES.find((role) => fonts[role].file.face === undefined) ?? 'body';
}

type Content = Record<string, unknown>;

/**
 * Registers the chart font with pdfmake (see above); returns its family, or null when every
 * role's font is a TTC face and figures fall back to their PNG.
 */
export function registerFigureFont(
  virtualfs: { writeFileSync(name: string, data: Buffer): void },
  fontDefs: Record<string, Record<string, string | string[]>>,
  fonts: Readonly<Record<FontRole, { file: FontFile }>>,
): string | null {
  const file = fonts[figureFontRole(fonts)].file;
  if (file.face !== undefined) return null;
  const { bytes, font } = openSharedFont(file.data, undefined);
  const name = font.postscriptName;
  virtualfs.writeFileSync(name, bytes);
  fontDefs[FIGURE_FAMILY] = { normal: name, bold: name, italics: name, bolditalics: name };
  return FIGURE_FAMILY;
}

/** The figure, centred, with its caption below, kept on one page. */
export function figureContent(node: Figure, family: string | null, layout: Layout, captionFamily: string): Content[] {
  const stack: Content[] = [];
  if (family) {
    // one invisible character in the chart font: pdfmake embeds the font before the SVG is drawn
    stack.push({ text: ' ', font: family, fontSize: 1, lineHeight: 0.01 });
    stack.push({ svg: node.svg, width: node.widthPt, height: node.heightPt, font: family, alignment: 'center' });
  } else {
    stack.push({ image: `data:image/png;base64,${Buffer.from(node.png).toString('base64')}`, width: node.widthPt, height: node.heightPt, alignment: 'center' });
  }
  if (node.caption) {
    stack.push({
      text: node.caption,
      font: family ?? captionFamily,
      fontSize: layout.sizes.bodyPt,
      alignment: 'center',
      margin: [0, layout.linePitchPt / 4, 0, 0],
    });
  }
  return [{ stack, unbreakable: true, margin: [0, layout.linePitchPt / 4, 0, layout.linePitchPt / 2] }];
}
