/**
 * `word/styles.xml`, written out in full: the named styles staff restyle in Word (正文, 标题,
 * 标题 1–4, 署名, 成文日期, 页码) with GB/T 9704's fonts, sizes, indents and line pitch.
 *
 * Written by hand rather than through the docx library's style options because two settings
 * that keep 28 characters on a line in every word processor are not in its options: body
 * paragraphs do not snap to the character grid (Word squeezes 16 pt characters into the
 * 15.79 pt grid pitch, but LibreOffice gives each such character two grid cells), and
 * instead carry a character spacing of −0.25 pt, so 16 pt characters advance 15.75 pt and 28
 * of them fit the 442 pt line in Word, WPS and LibreOffice alike. The docGrid (22 × 28) stays
 * in the section, so Page Setup shows the standard grid.
 */
import type { FontRole, Fonts } from '../../document/ast.js';
import { bodyCharAdvancePt, bodyCharSpacingPt, type Layout } from '../../document/layout.js';

export const STYLE_IDS = {
  body: 'Normal',
  title: 'Title',
  heading: ['Heading1', 'Heading2', 'Heading3', 'Heading4'],
  issuer: 'Signature',
  date: 'SignatureDate',
  pageNumber: 'PageNumber',
  table: 'TableText',
} as const;

const twips = (pt: number): number => Math.round(pt * 20);
const halfPoints = (pt: number): number => Math.round(pt * 2);

function escapeAttr(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}

function rFonts(name: string): string {
  const n = escapeAttr(name);
  return `<w:rFonts w:ascii="${n}" w:hAnsi="${n}" w:eastAsia="${n}" w:cs="${n}"/>`;
}

function size(pt: number): string {
  return `<w:sz w:val="${halfPoints(pt)}"/><w:szCs w:val="${halfPoints(pt)}"/>`;
}

interface StyleSpec {
  id: string;
  name: string;
  basedOn?: string;
  next?: string;
  qFormat?: boolean;
  pPr?: string;
  rPr?: string;
}

function style(s: StyleSpec): string {
  return (
    `<w:style w:type="paragraph" w:styleId="${s.id}"${s.id === STYLE_IDS.body ? ' w:default="1"' : ''}>` +
    `<w:name w:val="${escapeAttr(s.name)}"/>` +
    (s.basedOn ? `<w:basedOn w:val="${s.basedOn}"/>` : '') +
    (s.next ? `<w:next w:val="${s.next}"/>` : '') +
    (s.qFormat ? '<w:qFormat/>' : '') +
    (s.pPr ? `<w:pPr>${s.pPr}</w:pPr>` : '') +
    (s.rPr ? `<w:rPr>${s.rPr}</w:rPr>` : '') +
    '</w:style>'
  );
}

/** The advance of one body character (16 pt less the spacing), in twips: "one character" for indents. */
export function bodyCharTwips(layout: Layout): number {
  return twips(bodyCharAdvancePt(layout));
}

export function stylesXml(layout: Layout, fonts: Fonts): string {
  const line = `<w:spacing w:line="${twips(layout.linePitchPt)}" w:lineRule="exact"/>`;
  const noIndent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>';
  const spacing = `<w:spacing w:val="${twips(bodyCharSpacingPt(layout))}"/>`;
  const headingFonts: FontRole[] = ['heading1', 'heading2', 'heading3', 'heading3'];
  const styles = [
    style({
      id: STYLE_IDS.body,
      name: 'Normal',
      qFormat: true,
      pPr:
        '<w:snapToGrid w:val="0"/>' +
        line +
        `<w:ind w:firstLineChars="${layout.firstLineIndentChars * 100}" w:firstLine="${layout.firstLineIndentChars * bodyCharTwips(layout)}"/>` +
        '<w:jc w:val="both"/>',
      rPr: rFonts(fonts.body) + spacing + size(layout.sizes.bodyPt),
    }),
    style({
      id: STYLE_IDS.title,
      name: 'Title',
      basedOn: STYLE_IDS.body,
      next: STYLE_IDS.body,
      qFormat: true,
      // A blank line below the title.
      pPr: `<w:keepNext/><w:spacing w:after="${twips(layout.linePitchPt)}" w:line="${twips(layout.linePitchPt)}" w:lineRule="exact"/>${noIndent}<w:jc w:val="center"/>`,
      rPr: rFonts(fonts.title) + '<w:spacing w:val="0"/>' + size(layout.sizes.titlePt),
    }),
    ...STYLE_IDS.heading.map((id, i) =>
      style({
        id,
        name: `heading ${i + 1}`,
        basedOn: STYLE_IDS.body,
        next: STYLE_IDS.body,
        qFormat: true,
        pPr: `<w:keepNext/><w:keepLines/><w:outlineLvl w:val="${i}"/>`,
        rPr: rFonts(fonts[headingFonts[i] as FontRole]) + (i === 2 && layout.boldLevel3 ? '<w:b/><w:bCs/>' : '') + size(layout.sizes.bodyPt),
      }),
    ),
    style({
      id: STYLE_IDS.issuer,
      name: '署名',
      basedOn: STYLE_IDS.body,
      next: STYLE_IDS.date,
      // One blank line above the signature block.
      pPr: `<w:keepNext/><w:spacing w:before="${twips(layout.linePitchPt)}" w:line="${twips(layout.linePitchPt)}" w:lineRule="exact"/>${noIndent}`,
    }),
    style({ id: STYLE_IDS.date, name: '成文日期', basedOn: STYLE_IDS.body, next: STYLE_IDS.body, pPr: noIndent }),
    style({
      id: STYLE_IDS.table,
      name: '表格文字',
      basedOn: STYLE_IDS.body,
      pPr: `<w:spacing w:line="${twips(layout.tableLinePitchPt)}" w:lineRule="exact"/>${noIndent}`,
      rPr: '<w:spacing w:val="0"/>' + size(layout.sizes.tablePt),
    }),
    style({
      id: STYLE_IDS.pageNumber,
      name: '页码',
      basedOn: STYLE_IDS.body,
      pPr: `<w:spacing w:line="${twips(layout.sizes.pageNumberPt)}" w:lineRule="exact"/>${noIndent}`,
      rPr: rFonts(fonts.pageNumber) + '<w:spacing w:val="0"/>' + size(layout.sizes.pageNumberPt),
    }),
  ];
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    // The grid's character pitch is reckoned from the default font size: make it the body size.
    `<w:docDefaults><w:rPrDefault><w:rPr>${rFonts(fonts.body)}${size(layout.sizes.bodyPt)}<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr>${line}</w:pPr></w:pPrDefault></w:docDefaults>` +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>' +
    styles.join('') +
    '</w:styles>'
  );
}
