/**
 * Document tree → PDF bytes, with pdfmake. Thin like the DOCX writer: one handler per block
 * type, numbers from `doc.layout` converted to points, words from the tree, fonts as the CLI
 * found them (fonts.ts).
 *
 * Lines land on the GB/T 9704 grid: pdfmake sets a line `lineHeight × the font's own line
 * height` ((ascent − descent) / unitsPerEm × size) apart, so each font's factor is derived
 * from its metrics to give 28.95 pt whatever the font. Characters advance 16 − 0.25 pt, so 28
 * fill a line; text-layout.ts breaks the lines (and says why pdfmake does not). Each handler
 * gives its block's lines; keep.ts ties together the lines no page break may part (the
 * tree's keep rules and the layout's widow control), and pdfmake fills the pages.
 */
import { createRequire } from 'node:module';
import { ymd } from '../../dates.js';
import { dispatch, plainText, type BlockHandlers, type Document, type FontRole, type Inline, type Keep } from '../../document/ast.js';
import { bodyCharAdvancePt, bodyCharSpacingPt, PT_PER_MM, textWidthPt, type Layout } from '../../document/layout.js';
import { figureContent, registerFigureFont, type FigureFont } from './figure.js';
import { withVerticalMetrics } from '../../fonts/font-tables.js';
import { plainGlyph, type MeasuredFont } from '../../fonts/measure.js';
import { openSharedFont, type SharedFont } from '../../fonts/shared-fonts.js';
import type { FontFile, PdfFonts } from '../../fonts/types.js';
import { type FlowBlock, keptContent } from './keep.js';
import { tableContent, tableTextByRole } from './table.js';
import { breakLines, type Glyph } from './text-layout.js';
import {
  attachmentsContent,
  FramePages,
  frameTexts,
  imprintHeight,
  imprintReservation,
  letterheadContent,
  recipientsContent,
  type FrameTools,
  type ImprintPlacement,
} from './frame.js';

export type { ImprintPlacement };

const require = createRequire(import.meta.url);

type Content = Record<string, unknown>;

interface FontMetrics {
  ascent: number;
  descent: number;
  unitsPerEm: number;
}

type FontkitFont = FontMetrics & MeasuredFont;

interface RoleFont {
  /** the pdfmake font family embedding the file (roles served by one file share it) */
  family: string;
  font: FontkitFont;
  /** the vertical metrics pdfkit sees in the embedded file: the body font's, in this font's units (`onBodyMetrics`) */
  metrics: FontMetrics;
  /** advance widths at 1 pt, by character */
  advances: Map<string, number>;
}

interface Context {
  layout: Layout;
  fonts: Record<FontRole, RoleFont>;
  /**
   * draw a character the role's font lacks, the first that has it: each opened and embedded when
   * a character first needs it (the later ones, for CJK Extension B, are rarely needed)
   */
  fallbacks: readonly (() => RoleFont)[];
  /** the font that sets figures' SVG text (figure.ts); null: figures show their PNG */
  figureFamily: FigureFont | null;
  /** the 公文 frame's text setting (frame.ts) */
  frame: FrameTools;
}

/** The pdfmake `lineHeight` that puts lines of this font and size `pitchPt` apart. */
export function lineHeightFactor(metrics: FontMetrics, sizePt: number, pitchPt: number): number {
  return pitchPt / (((metrics.ascent - metrics.descent) / metrics.unitsPerEm) * sizePt);
}

/**
 * ‘ ’ “ ”: a Chinese line gives each a full em, as the GB2312 fonts draw them; a font that draws
 * them narrow, Western-style (LXGW WenKai, the bundled Kai face: 0.35 em), would pull the rest of
 * its line off the grid of 28 characters.
 */
const QUOTES = new Set([0x2018, 0x2019, 0x201c, 0x201d]);

/**
 * The font that draws this character: the role's, unless it lacks the character (or draws a
 * quotation mark narrow) and a fallback font has it (the first that does).
 */
function drawingFont(ctx: Context, font: RoleFont, char: string): RoleFont {
  const code = char.codePointAt(0) as number;
  const glyph = plainGlyph(font.font, code);
  if (glyph.id !== 0 && !(QUOTES.has(code) && glyph.advanceWidth < 0.9 * font.font.unitsPerEm)) return font;
  for (const fallback of ctx.fallbacks) {
    const spare = fallback();
    if (plainGlyph(spare.font, code).id !== 0) return spare;
  }
  return font;
}

/**
 * A run of text as pdfmake inlines: the characters the font lacks in the fallback font, each
 * inline unbreakable (pdfmake would otherwise break a line where the font changes) and, in
 * the fallback font, with its own line height factor so the line stays on the grid.
 */
function inlines(ctx: Context, font: RoleFont, text: string, sizePt: number, pitchPt: number, extra: Content = { noWrap: true }): Content[] {
  const runs: { text: string; drawing: RoleFont }[] = [];
  for (const char of text) {
    const drawing = drawingFont(ctx, font, char);
    const last = runs[runs.length - 1];
    if (last?.drawing === drawing) last.text += char;
    else runs.push({ text: char, drawing });
  }
  return runs.map(({ text: part, drawing }) =>
    drawing === font
      ? { text: part, ...extra }
      : { text: part, font: drawing.family, lineHeight: lineHeightFactor(drawing.metrics, sizePt, pitchPt), ...extra },
  );
}

function advance(font: RoleFont, char: string): number {
  let width = font.advances.get(char);
  if (width === undefined) {
    width = plainGlyph(font.font, char.codePointAt(0) as number).advanceWidth / font.font.unitsPerEm;
    font.advances.set(char, width);
  }
  return width;
}

interface TextOptions {
  role: FontRole;
  sizePt: number;
  /** character spacing between characters */
  spacing: number;
  indentChars: number;
  /** how far in the lines after the first are, in characters (0: against the margin) */
  restIndentChars?: number;
  align: 'justify' | 'center';
  bold?: boolean;
}

/**
 * A block of text as one pdfmake text per line (text-layout.ts breaks the lines): justified
 * lines spread their slack over the gaps between characters.
 */
function textLines(ctx: Context, content: readonly Inline[], options: TextOptions): Content[] {
  const { layout } = ctx;
  const font = ctx.fonts[options.role];
  const glyphs: Glyph[] = [];
  content.forEach((inline, run) => {
    for (const char of inline.text) glyphs.push({ char, run, advance: advance(drawingFont(ctx, font, char), char) * options.sizePt + options.spacing });
  });
  // breakLines adds the spacing between characters itself: hand it the bare advances.
  for (const g of glyphs) g.advance -= options.spacing;
  const indent = options.indentChars * bodyCharAdvancePt(layout);
  const restIndent = (options.restIndentChars ?? 0) * bodyCharAdvancePt(layout);
  const width = textWidthPt(layout);
  const lines = breakLines(glyphs, [width - indent, width - restIndent], options.spacing);
  const lineHeight = lineHeightFactor(font.metrics, options.sizePt, layout.linePitchPt);
  return lines.map((line, i) => {
    const available = width - (i === 0 ? indent : restIndent);
    const gaps = line.glyphs.length - 1;
    const spread = options.align === 'justify' && !line.last && gaps > 0 ? (available - line.width) / gaps : 0;
    const segments: Content[] = [];
    for (const g of line.glyphs) {
      const previous = segments[segments.length - 1];
      if (previous && previous.run === g.run) previous.text += g.char;
      else segments.push({ text: g.char, run: g.run, bold: Boolean(content[g.run]?.bold || options.bold) });
    }
    const parts = segments.flatMap(({ text, bold }) => inlines(ctx, font, text as string, options.sizePt, layout.linePitchPt, bold ? { bold } : {}));
    const common = { fontSize: options.sizePt, characterSpacing: options.spacing + spread, noWrap: true };
    const margin = [i === 0 ? indent : restIndent, 0, 0, 0];
    // A line in one font is one text; a line that borrows characters from the fallback font
    // is a row of columns, one per font, since pdfmake breaks a line where the font changes.
    if (parts.every((p) => p.font === undefined)) {
      return { text: parts, font: font.family, lineHeight, ...common, alignment: options.align === 'center' ? 'center' : 'left', margin };
    }
    // (pdfmake spaces a text's characters but not its last from what follows: the gap between
    // columns is that spacing, or each column would push the line's end out by it)
    const columns = parts.map((p) => ({ width: 'auto', font: font.family, lineHeight, ...common, ...p }));
    const columnGap = common.characterSpacing;
    return options.align === 'center'
      ? { columns: [{ width: '*', text: '' }, ...columns, { width: '*', text: '' }], columnGap, margin }
      : { columns, columnGap, margin };
  });
}

const HEADING_FONTS: Record<1 | 2 | 3 | 4, FontRole> = { 1: 'heading1', 2: 'heading2', 3: 'heading3', 4: 'heading3' };

function body(ctx: Context, role: FontRole, bold = false): TextOptions {
  const options: TextOptions = {
    role,
    sizePt: ctx.layout.sizes.bodyPt,
    spacing: bodyCharSpacingPt(ctx.layout),
    indentChars: ctx.layout.firstLineIndentChars,
    align: 'justify',
  };
  if (bold) options.bold = true;
  return options;
}

/** A block of body text: one entry per line, each a line pitch high, widow control applying. */
function textFlow(ctx: Context, lines: Content[], keep: Keep): FlowBlock {
  return {
    lines,
    heights: lines.map(() => ctx.layout.linePitchPt),
    widowControl: true,
    keepTogether: Boolean(keep.keepTogether),
    keepWithNext: Boolean(keep.keepWithNext),
    breaksItself: false,
  };
}

/** A block laid out as one unit (pdfmake keeps it on one page), `heightPt` high at most. */
function atomic(content: Content, heightPt: number, keepWithNext: boolean): FlowBlock {
  return { lines: [content], heights: [heightPt], widowControl: false, keepTogether: true, keepWithNext, breaksItself: false };
}

/** A block pdfmake lays across pages itself (a table, a page break): never tied to a line. */
function selfBreaking(content: Content): FlowBlock {
  return { lines: [content], heights: [0], widowControl: false, keepTogether: false, keepWithNext: false, breaksItself: true };
}

const handlers: BlockHandlers<Context, FlowBlock> = {
  title: (node, ctx) =>
    atomic(
      {
        stack: node.lines.flatMap((line) =>
          textLines(ctx, [{ type: 'text', text: line }], { role: 'title', sizePt: ctx.layout.sizes.titlePt, spacing: 0, indentChars: 0, align: 'center' }),
        ),
        // one blank line below the title
        margin: [0, 0, 0, ctx.layout.linePitchPt],
        unbreakable: true,
      },
      (node.lines.length + 1) * ctx.layout.linePitchPt,
      // kept with what follows, as the DOCX's title style (styles.ts)
      true,
    ),
  heading: (node, ctx) => textFlow(ctx, textLines(ctx, node.content, body(ctx, HEADING_FONTS[node.level], node.level === 3 && ctx.layout.boldLevel3)), node),
  paragraph: (node, ctx) => textFlow(ctx, textLines(ctx, node.content, body(ctx, 'body')), node),
  signature: (node, ctx) => {
    const advancePt = bodyCharAdvancePt(ctx.layout);
    const font = ctx.fonts.body;
    const line = (l: typeof node.issuer, top: number): Content => ({
      text: inlines(ctx, font, l.text, ctx.layout.sizes.bodyPt, ctx.layout.linePitchPt),
      font: font.family,
      fontSize: ctx.layout.sizes.bodyPt,
      lineHeight: lineHeightFactor(font.metrics, ctx.layout.sizes.bodyPt, ctx.layout.linePitchPt),
      characterSpacing: bodyCharSpacingPt(ctx.layout),
      noWrap: true,
      alignment: l.align,
      margin: l.align === 'right' ? [0, top, l.indentChars * advancePt, 0] : [l.indentChars * advancePt, top, 0, 0],
    });
    // blank lines above the issuer (two under a seal); issuer, date and 附注 kept on one page
    const blank = node.blankLinesBefore * ctx.layout.linePitchPt;
    const lines = [line(node.issuer, blank), line(node.date, 0), ...(node.note ?? []).map((l) => line(l, 0))];
    return atomic({ stack: lines, unbreakable: true }, blank + lines.length * ctx.layout.linePitchPt, false);
  },
  pageBreak: () => selfBreaking({ text: '', pageBreak: 'after' }),
  // the 公文 frame (frame.ts)
  letterhead: (node, ctx) => atomic({ stack: letterheadContent(node, ctx.frame) }, node.heightPt, false),
  recipients: (node, ctx) => textFlow(ctx, recipientsContent(node, ctx.frame), {}),
  attachments: (node, ctx) => textFlow(ctx, attachmentsContent(node, ctx.frame), node),
  imprint: (node, ctx) => ({
    lines: imprintReservation(node, ctx.frame),
    heights: [0, imprintHeight(node, ctx.layout)],
    widowControl: false,
    keepTogether: false,
    keepWithNext: false,
    breaksItself: false,
  }),
  // (its height is its picture's and at most two line pitches of margins and caption)
  figure: (node, ctx) => {
    // the caption in the body's font at its own line height, a character it lacks in a fallback font
    const { body } = ctx.fonts;
    const size = ctx.layout.sizes.bodyPt;
    const caption = node.caption
      ? inlines(ctx, body, node.caption, size, ((body.metrics.ascent - body.metrics.descent) / body.metrics.unitsPerEm) * size, {})
      : null;
    return atomic(
      { stack: figureContent(node, ctx.figureFamily, ctx.layout, caption && { text: caption, font: body.family }) },
      node.heightPt + 2 * ctx.layout.linePitchPt,
      Boolean(node.keepWithNext),
    );
  },
  table: (node, ctx) => {
    const { layout } = ctx;
    // Bold cells (headers, totals) in the 黑体 role: pdfkit cannot embolden a face that has no bold.
    const role = (bold: boolean) => (bold ? ctx.fonts.heading1 : ctx.fonts.body);
    return selfBreaking(
      tableContent(node, {
        layout,
        inlines: (text, bold) => inlines(ctx, role(bold), text, layout.sizes.tablePt, layout.tableLinePitchPt, {}),
        font: (bold) => ({ family: role(bold).family, lineHeight: lineHeightFactor(role(bold).metrics, layout.sizes.tablePt, layout.tableLinePitchPt) }),
      }),
    );
  },
};

/** The text each font role sets: the blocks' text by the role its handler gives it (see `handlers`). */
function textByRole(doc: Document): Map<FontRole, string[]> {
  const byRole = new Map<FontRole, string[]>();
  // (pushed, not copied: a notice of 50,000 problems spent 163 s copying these lists)
  const add = (role: FontRole, text: string) => {
    const texts = byRole.get(role);
    if (texts) texts.push(text);
    else byRole.set(role, [text]);
  };
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'title':
        add('title', block.text);
        break;
      case 'heading':
        add(HEADING_FONTS[block.level], plainText(block.content));
        break;
      case 'paragraph':
        add('body', plainText(block.content));
        break;
      case 'signature':
        add('body', `${block.issuer.text}${block.date.text}`);
        break;
      case 'table': {
        const { bold, plain } = tableTextByRole(block);
        for (const text of bold) add('heading1', text);
        for (const text of plain) add('body', text);
        break;
      }
      case 'figure':
        if (block.caption) add('body', block.caption);
        break;
      case 'pageBreak':
        break;
      default:
        for (const [role, text] of frameTexts(block)) add(role, text);
    }
  }
  const { before, after } = doc.layout.pageNumberDecoration;
  add('pageNumber', `${before}0123456789${after}`);
  return byRole;
}

/**
 * The characters of the document that the font drawing them lacks (its cmap maps them to glyph
 * 0, so they would print as nothing or a box): the CLI warns about each, with where it comes from.
 */
export function missingCharacters(doc: Document, fonts: PdfFonts, fallbacks: readonly FontFile[] = []): { char: string; role: FontRole; font: string }[] {
  const missing: { char: string; role: FontRole; font: string }[] = [];
  // (each fallback font opened when a character first needs it)
  const spares: MeasuredFont[] = [];
  const spare = (i: number, file: FontFile) => {
    spares[i] ??= openSharedFont(file.data, file.face).font;
    return spares[i];
  };
  const anySpareHas = (code: number) => fallbacks.some((file, i) => plainGlyph(spare(i, file), code).id !== 0);
  for (const [role, texts] of textByRole(doc)) {
    const served = fonts[role];
    const font = openSharedFont(served.file.data, served.file.face).font;
    const seen = new Set<string>();
    for (const text of texts) {
      for (const char of text) {
        if (seen.has(char) || /\s/u.test(char)) continue;
        seen.add(char);
        const code = char.codePointAt(0) as number;
        // (a character a fallback font has is drawn with it: renderPdf)
        if (plainGlyph(font, code).id === 0 && !anySpareHas(code)) missing.push({ char, role, font: served.file.family });
      }
    }
  }
  return missing;
}

/** Loads pdfmake (and with it pdfkit and fontkit) ahead of the first render. */
export function preloadPdfRenderer(): void {
  require('pdfmake');
}

/**
 * Opens these fonts ahead of a render (the PDF worker does while it waits for its document,
 * with the fonts the default template would get): each file's fontkit font and character
 * map, as renders share them (fonts/shared-fonts.ts). Also runs pdfmake's Unicode line breaker once
 * (it consults it for lines of several runs, such as bold words), which would otherwise fall
 * in the render.
 */
export function prepareFonts(fonts: PdfFonts): void {
  for (const { file } of Object.values(fonts)) plainGlyph(openSharedFont(file.data, file.face).font, 0x4e00);
  // (pdfmake's own copy: it is pdfmake's dependency, not ours)
  const LineBreaker = createRequire(require.resolve('pdfmake'))('linebreak') as new (text: string) => { nextBreak(): unknown };
  new LineBreaker('一，二').nextBreak();
}

/** The frame's text setting (frame.ts), in this document's fonts (`context`: the render's, once made). */
function frameTools(layout: Layout, context: () => Context): FrameTools {
  return {
    layout,
    line: (role, text, sizePt) => {
      const ctx = context();
      const font = ctx.fonts[role];
      const parts = inlines(ctx, font, text, sizePt, sizePt);
      // pdfkit sets a line's baseline the largest ascent of its fonts below its top; every font is
      // embedded with the body font's ascent (onBodyMetrics), so a borrowed character's font has the same
      return { text: parts, font: font.family, ascentPt: (font.metrics.ascent / font.metrics.unitsPerEm) * sizePt };
    },
    bodyText: (text, indentChars, wrapIndentChars) =>
      textLines(context(), [{ type: 'text', text }], { ...body(context(), 'body'), indentChars, restIndentChars: wrapIndentChars }),
  };
}

/** Font bytes with the body font's vertical metrics, by file and metrics: kept for later renders (watch). */
const rebased = new WeakMap<Uint8Array, Map<string, Buffer>>();

/**
 * A font's bytes as the PDF embeds them, with the body font's ascent and descent (in ems, in this
 * font's units): pdfkit puts a line's baseline its font's ascent below the line's top, and fonts
 * differ (LXGW WenKai's ascent is 0.928 em, Noto Serif SC's 1.151 em, 仿宋_GB2312's 0.859 em),
 * so a line in another font (a Kai （一） heading among the body's lines, characters borrowed from
 * the fallback font) would sit a few points off the grid. Only hhea changes (font-tables.ts).
 */
function onBodyMetrics(shared: SharedFont, body: FontMetrics): { bytes: Buffer; metrics: FontMetrics } {
  const { font } = shared;
  const ascent = Math.round((body.ascent / body.unitsPerEm) * font.unitsPerEm);
  const descent = Math.round((body.descent / body.unitsPerEm) * font.unitsPerEm);
  if (ascent === font.ascent && descent === font.descent) return { bytes: shared.bytes, metrics: font };
  const key = `${ascent} ${descent}`;
  const copies = rebased.get(shared.bytes) ?? new Map<string, Buffer>();
  rebased.set(shared.bytes, copies);
  let bytes = copies.get(key);
  if (!bytes) {
    const copy = withVerticalMetrics(font, shared.bytes, ascent, descent);
    if (!copy) return { bytes: shared.bytes, metrics: font };
    bytes = Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
    copies.set(key, bytes);
  }
  return { bytes, metrics: { ascent, descent, unitsPerEm: font.unitsPerEm } };
}

/**
 * `fallbacks`: draw the characters a role's font lacks, the first that has each (the CLI gives the
 * bundled Noto Serif SC, then the computer's CJK Extension B fonts: font-search.ts).
 */
export async function renderPdf(doc: Document, fonts: PdfFonts, fallbacks: readonly FontFile[] = []): Promise<Uint8Array> {
  return (await renderPdfLaidOut(doc, fonts, fallbacks)).bytes;
}

/** The PDF, and where its 版记 went (null: the document has none), which the DOCX follows. */
export async function renderPdfLaidOut(
  doc: Document,
  fonts: PdfFonts,
  fallbacks: readonly FontFile[] = [],
): Promise<{ bytes: Uint8Array; imprint: ImprintPlacement | null }> {
  const pdfmake = require('pdfmake') as {
    virtualfs: { writeFileSync(name: string, data: Buffer): void };
    setFonts(fonts: Record<string, Record<string, string | string[]>>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(definition: Content): { getBuffer(): Promise<Buffer> };
  };
  // Everything comes from memory: no file or URL is ever opened by pdfmake.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);

  const { layout } = doc;
  const fontDefs: Record<string, Record<string, string | string[]>> = {};
  const byFile = new Map<string, RoleFont>();
  const bodyFont = openSharedFont(fonts.body.file.data, fonts.body.file.face).font;
  /** A font file in pdfmake's virtual file system, once per file and face (roles served by one file share it). */
  const embed = (file: FontFile): RoleFont => {
    const key = `${file.path}#${file.face ?? ''}`;
    let known = byFile.get(key);
    if (!known) {
      const family = `f${byFile.size + 1}`;
      const shared = openSharedFont(file.data, file.face);
      const { bytes, metrics } = onBodyMetrics(shared, bodyFont);
      pdfmake.virtualfs.writeFileSync(family, bytes);
      const def = file.face ? [family, file.face] : family;
      // Bold (an option for 1. headings) uses the same face: pdfkit has no synthetic bold.
      fontDefs[family] = { normal: def, bold: def, italics: def, bolditalics: def };
      known = { family, font: shared.font, metrics, advances: new Map() };
      byFile.set(key, known);
    }
    return known;
  };
  const roleFonts = {} as Record<FontRole, RoleFont>;
  for (const role of Object.keys(fonts) as FontRole[]) roleFonts[role] = embed(fonts[role].file);
  const figureFamily = doc.blocks.some((b) => b.type === 'figure') ? registerFigureFont(pdfmake.virtualfs, fontDefs, fonts) : null;
  // Registered when a character first needs one, as the content is built (so pdfmake learns the
  // fonts after that); pdfkit embeds a font only when a character is drawn in it.
  const fallbackFonts = fallbacks.map((file) => {
    let known: RoleFont | undefined;
    return () => {
      known ??= embed(file);
      return known;
    };
  });

  const ctx: Context = { layout, fonts: roleFonts, fallbacks: fallbackFonts, figureFamily, frame: frameTools(layout, () => ctx) };
  const pages = new FramePages(doc, ctx.frame);
  const mm = (v: number) => v * PT_PER_MM;
  const { year, month, day } = ymd(doc.meta.date);
  const documentDate = new Date(Date.UTC(year, month - 1, day));
  const pageNumberIndent = layout.pageNumberIndentChars * layout.sizes.pageNumberPt;
  const definition: Content = {
    pageSize: { width: mm(layout.page.widthMm), height: mm(layout.page.heightMm) },
    pageMargins: [mm(layout.margins.leftMm), mm(layout.margins.topMm), mm(layout.margins.rightMm), mm(layout.margins.bottomMm)],
    info: {
      title: doc.meta.title,
      author: doc.meta.issuer,
      creator: 'tongbao',
      producer: 'tongbao',
      creationDate: documentDate,
      modDate: documentDate,
    },
    defaultStyle: { font: roleFonts.body.family, fontSize: layout.sizes.bodyPt },
    content: keptContent(
      doc.blocks.map((block) => dispatch(handlers, block, ctx)),
      mm(layout.page.heightMm - layout.margins.topMm - layout.margins.bottomMm),
      layout.widowControl,
    ),
    footer: (currentPage: number, pageCount: number) => {
      const odd = currentPage % 2 === 1;
      const number = {
        text: `${layout.pageNumberDecoration.before}${currentPage}${layout.pageNumberDecoration.after}`,
        font: roleFonts.pageNumber.family,
        fontSize: layout.sizes.pageNumberPt,
        lineHeight: 1,
        characterSpacing: 0,
        alignment: odd ? 'right' : 'left',
        // pdfmake lays the footer across the whole page width: add the page margins.
        margin: [
          mm(layout.margins.leftMm) + (odd ? 0 : pageNumberIndent),
          mm(layout.pageNumberGapMm),
          mm(layout.margins.rightMm) + (odd ? pageNumberIndent : 0),
          0,
        ],
      };
      if (!pages.active) return number;
      // the 版记 on the last page (frame.ts)
      return { stack: [pages.numbered(currentPage, pageCount) ? number : { text: '' }, ...pages.footer(currentPage, pageCount)] };
    },
    ...(pages.active ? { pageBreakBefore: (node: never) => pages.pageBreakBefore(node) } : {}),
  };
  pdfmake.setFonts(fontDefs);
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), imprint: pages.placement };
}
