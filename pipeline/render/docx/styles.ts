/**
 * `word/styles.xml`, written out in full: the named styles staff restyle in Word (正文, 标题,
 * 标题 1–4, 署名, 成文日期, 页码) with GB/T 9704's fonts, sizes, indents and line pitch.
 *
 * Written by hand rather than through the docx library's style options because the settings
 * that make Word, WPS and LibreOffice break lines and pages where tongbao's PDF does are not
 * all in its options. What each one does, by application (Word: ECMA-376 part 1 §17.3.1 and
 * §17.6.5, Word's 段落 › 中文版式 tab; WPS: the same switches in its 段落 › 换行和分页 tab, read
 * from and written to DOCX; LibreOffice 7.4: its DOCX import, writerfilter/source/dmapper —
 * only LibreOffice can be run here, test/render/docx-libreoffice.slow.test.ts):
 *
 * - Exact line spacing, `w:spacing w:line="579" w:lineRule="exact"` (28.95 pt), in the
 *   defaults and every body style: lines are 28.95 pt apart whatever the font's ascent and
 *   descent. Word, WPS and LibreOffice all honour it (LibreOffice: "fixed" line spacing);
 *   22 lines fill the 225 mm text block in each.
 * - `w:snapToGrid w:val="0"` on the body: the paragraph ignores the section's character grid.
 *   Word and WPS would otherwise squeeze each 16 pt character into the 15.79 pt grid pitch;
 *   LibreOffice gives a character wider than a grid cell two cells (14 a line).
 * - Character spacing −0.3 pt (`w:spacing w:val="-6"`, layout.ts `wordProcessorCharSpacingPt`):
 *   16 pt characters advance 15.7 pt, so 28 fit the 442.25 pt line and 29 do not. Not the
 *   PDF's −0.25 pt: with a docGrid of type linesAndChars, LibreOffice narrows the text block
 *   to whole grid cells (28 × 15.75 pt = 441 pt; its import truncates charSpace's fraction to
 *   whole twips) and 15.75 pt characters then give 27 a line.
 * - `w:autoSpaceDE`/`w:autoSpaceDN` off: Word and WPS (自动调整中文与西文/数字的间距) otherwise
 *   add a quarter em where Chinese meets Latin letters or digits (`2024 年 7 月`), which the
 *   PDF does not. LibreOffice 7.4 ignores both on import and applies its own "space between
 *   Asian and non-Asian text" (1/5 of the font height) regardless.
 * - `w:overflowPunct w:val="0"`: closing punctuation never hangs past the right margin (Word,
 *   WPS: 允许标点溢出边界, on when absent); with kinsoku (on when absent: 按中文习惯控制首尾字符) a
 *   mark that does not fit takes the character before it to the next line, as the PDF does.
 *   LibreOffice 7.4 reads this attribute inverted (val 0 → "allow hanging punctuation"), a
 *   bug of its import, so it hangs the mark instead.
 * - Keep rules, the PDF's (compose/keep.ts decides them, render/pdf/keep.ts applies them):
 *   - `w:widowControl` in the defaults, from the layout's `widowControl`: no paragraph leaves a
 *     single line at a page's foot or head. Word and WPS (孤行控制) keep a paragraph's first
 *     two and last two lines together; LibreOffice imports it as 2 orphan and 2 widow lines.
 *   - `w:keepNext` and `w:keepLines` in the heading styles (与下段同页, 段中不分页; LibreOffice:
 *     "keep with next paragraph", "do not split paragraph"): a heading stays whole and on the
 *     page of the next paragraph's first line, which widow control takes two lines of. A
 *     heading the tree does not keep with what follows (before a table or a page break) says
 *     `w:keepNext w:val="false"` itself (index.ts).
 *   - `w:keepNext` on a body paragraph the tree keeps with the next block (index.ts): an
 *     item's one-line 整改结果 with its 整改情况, the body's last lines with the signature.
 *   - `w:keepNext` in the 署名 style keeps the issuer with the date, in the 标题 style the title
 *     with the body.
 *   A paragraph that keeps with the next may still be split: ECMA-376 §17.3.1.15 has it "at
 *   least partly rendered on the same page as the following paragraph", and LibreOffice
 *   ties only its last lines likewise. A chain of kept paragraphs taller than a page is
 *   broken anyway (the standard starts it on a new page; the PDF breaks it where it stands,
 *   render/pdf/keep.ts — a chain of headings a page long does not occur in a notice).
 *
 * The docGrid (22 × 28) stays in the section (index.ts), so Page Setup shows the standard grid.
 */
import type { FontRole, Fonts } from '../../document/ast.js';
import { bodyCharAdvancePt, type Layout, wordProcessorCharSpacingPt } from '../../document/layout.js';

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

export function rFonts(name: string): string {
  const n = escapeAttr(name);
  return `<w:rFonts w:ascii="${n}" w:hAnsi="${n}" w:eastAsia="${n}" w:cs="${n}"/>`;
}

export function size(pt: number): string {
  return `<w:sz w:val="${halfPoints(pt)}"/><w:szCs w:val="${halfPoints(pt)}"/>`;
}

export interface StyleSpec {
  id: string;
  name: string;
  basedOn?: string;
  next?: string;
  qFormat?: boolean;
  pPr?: string;
  rPr?: string;
}

export function style(s: StyleSpec): string {
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

/** `extra`: more styles (the 公文 frame's, frame.ts), after these. */
export function stylesXml(layout: Layout, fonts: Fonts, extra: readonly string[] = []): string {
  const line = `<w:spacing w:line="${twips(layout.linePitchPt)}" w:lineRule="exact"/>`;
  const noIndent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>';
  const spacing = `<w:spacing w:val="${twips(wordProcessorCharSpacingPt(layout))}"/>`;
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
      rPr: `${rFonts(fonts.title)}<w:spacing w:val="0"/>${size(layout.sizes.titlePt)}`,
    }),
    ...STYLE_IDS.heading.map((id, i) =>
      style({
        id,
        name: `heading ${i + 1}`,
        basedOn: STYLE_IDS.body,
        next: STYLE_IDS.body,
        qFormat: true,
        // kept whole and with what follows: see the top of this file
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
      rPr: `<w:spacing w:val="0"/>${size(layout.sizes.tablePt)}`,
    }),
    style({
      id: STYLE_IDS.pageNumber,
      name: '页码',
      basedOn: STYLE_IDS.body,
      pPr: `<w:spacing w:line="${twips(layout.sizes.pageNumberPt)}" w:lineRule="exact"/>${noIndent}`,
      rPr: `${rFonts(fonts.pageNumber)}<w:spacing w:val="0"/>${size(layout.sizes.pageNumberPt)}`,
    }),
  ];
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    // The grid's character pitch is reckoned from the default font size: make it the body size.
    `<w:docDefaults><w:rPrDefault><w:rPr>${rFonts(fonts.body)}${size(layout.sizes.bodyPt)}<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
    // Line breaking and pagination as the PDF's, for every paragraph (see the top of this file);
    // elements in the schema's order.
    `<w:pPrDefault><w:pPr>${layout.widowControl ? '<w:widowControl/>' : '<w:widowControl w:val="0"/>'}<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>` +
    `${line}</w:pPr></w:pPrDefault></w:docDefaults>` +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>' +
    styles.join('') +
    extra.join('') +
    '</w:styles>'
  );
}
