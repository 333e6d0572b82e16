/**
 * Document tree → PDF bytes, with pdfmake. Thin like the DOCX writer: one handler per block
 * type, numbers from `doc.layout` converted to points, words from the tree, fonts as the CLI
 * found them (fonts.ts).
 *
 * Lines land on the GB/T 9704 grid: pdfmake sets a line `lineHeight × the font's own line
 * height` ((ascent − descent) / unitsPerEm × size) apart, so each font's factor is derived
 * from its metrics to give 28.95 pt whatever the font. Characters advance 16 − 0.25 pt, so 28
 * fill a line; text-layout.ts breaks the lines (and says why pdfmake does not).
 */
import { createRequire } from 'node:module';
import { ymd } from '../../dates.js';
import { dispatch, plainText, type BlockHandlers, type Document, type FontRole, type Inline, type TableCell } from '../../document/ast.js';
import { bodyCharAdvancePt, bodyCharSpacingPt, PT_PER_MM, textWidthPt, type Layout } from '../../document/layout.js';
import { figureContent, registerFigureFont, type FigureFont } from './figure.js';
import { plainGlyph, type MeasuredFont } from '../../fonts/measure.js';
import { openSharedFont } from '../../fonts/shared-fonts.js';
import type { FontFile, PdfFonts } from '../../fonts/types.js';
import { breakLines, type Glyph } from './text-layout.js';

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
  /** advance widths at 1 pt, by character */
  advances: Map<string, number>;
}

interface Context {
  layout: Layout;
  fonts: Record<FontRole, RoleFont>;
  /** draws a character the role's font lacks, when it has it (null: none given) */
  fallback: RoleFont | null;
  /** the font that sets figures' SVG text (figure.ts); null: figures show their PNG */
  figureFamily: FigureFont | null;
}

/** The pdfmake `lineHeight` that puts lines of this font and size `pitchPt` apart. */
export function lineHeightFactor(metrics: FontMetrics, sizePt: number, pitchPt: number): number {
  return pitchPt / (((metrics.ascent - metrics.descent) / metrics.unitsPerEm) * sizePt);
}

/** The font that draws this character: the role's, unless it lacks the character and the fallback has it. */
function drawingFont(ctx: Context, font: RoleFont, char: string): RoleFont {
  const code = char.codePointAt(0) as number;
  if (!ctx.fallback || plainGlyph(font.font, code).id !== 0) return font;
  return plainGlyph(ctx.fallback.font, code).id !== 0 ? ctx.fallback : font;
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
    drawing === font ? { text: part, ...extra } : { text: part, font: drawing.family, lineHeight: lineHeightFactor(drawing.font, sizePt, pitchPt), ...extra },
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
  align: 'justify' | 'center';
  bold?: boolean;
}

/**
 * A block of text as one pdfmake text per line (text-layout.ts breaks the lines): justified
 * lines spread their slack over the gaps between characters.
 */
function textLines(ctx: Context, content: readonly Inline[], options: TextOptions): Content {
  const { layout } = ctx;
  const font = ctx.fonts[options.role];
  const glyphs: Glyph[] = [];
  content.forEach((inline, run) => {
    for (const char of inline.text) glyphs.push({ char, run, advance: advance(drawingFont(ctx, font, char), char) * options.sizePt + options.spacing });
  });
  // breakLines adds the spacing between characters itself: hand it the bare advances.
  for (const g of glyphs) g.advance -= options.spacing;
  const indent = options.indentChars * bodyCharAdvancePt(layout);
  const width = textWidthPt(layout);
  const lines = breakLines(glyphs, [width - indent, width], options.spacing);
  const lineHeight = lineHeightFactor(font.font, options.sizePt, layout.linePitchPt);
  return {
    stack: lines.map((line, i) => {
      const available = width - (i === 0 ? indent : 0);
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
      const margin = [i === 0 ? indent : 0, 0, 0, 0];
      // A line in one font is one text; a line that borrows characters from the fallback font
      // is a row of columns, one per font, since pdfmake breaks a line where the font changes.
      if (parts.every((p) => p.font === undefined)) {
        return { text: parts, font: font.family, lineHeight, ...common, alignment: options.align === 'center' ? 'center' : 'left', margin };
      }
      const columns = parts.map((p) => ({ width: 'auto', font: font.family, lineHeight, ...common, ...p }));
      return options.align === 'center'
        ? { columns: [{ width: '*', text: '' }, ...columns, { width: '*', text: '' }], columnGap: 0, margin }
        : { columns, columnGap: 0, margin };
    }),
  };
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

const handlers: BlockHandlers<Context, Content[]> = {
  title: (node, ctx) => [
    {
      stack: node.lines.map((line) =>
        textLines(ctx, [{ type: 'text', text: line }], { role: 'title', sizePt: ctx.layout.sizes.titlePt, spacing: 0, indentChars: 0, align: 'center' }),
      ),
      // one blank line below the title
      margin: [0, 0, 0, ctx.layout.linePitchPt],
    },
  ],
  heading: (node, ctx) => [
    { ...textLines(ctx, node.content, body(ctx, HEADING_FONTS[node.level], node.level === 3 && ctx.layout.boldLevel3)), headlineLevel: node.level },
  ],
  paragraph: (node, ctx) => [textLines(ctx, node.content, body(ctx, 'body'))],
  signature: (node, ctx) => {
    const advancePt = bodyCharAdvancePt(ctx.layout);
    const font = ctx.fonts.body;
    const line = (l: typeof node.issuer, top: number): Content => ({
      text: inlines(ctx, font, l.text, ctx.layout.sizes.bodyPt, ctx.layout.linePitchPt),
      font: font.family,
      fontSize: ctx.layout.sizes.bodyPt,
      lineHeight: lineHeightFactor(font.font, ctx.layout.sizes.bodyPt, ctx.layout.linePitchPt),
      characterSpacing: bodyCharSpacingPt(ctx.layout),
      noWrap: true,
      alignment: l.align,
      margin: l.align === 'right' ? [0, top, l.indentChars * advancePt, 0] : [l.indentChars * advancePt, top, 0, 0],
    });
    // one blank line above the issuer; issuer and date kept on one page
    return [{ stack: [line(node.issuer, ctx.layout.linePitchPt), line(node.date, 0)], unbreakable: true }];
  },
  pageBreak: () => [{ text: '', pageBreak: 'after' }],
  figure: (node, ctx) => {
    // the caption in the body's font at its own line height, a character it lacks in the fallback font
    const { body } = ctx.fonts;
    const size = ctx.layout.sizes.bodyPt;
    const caption = node.caption ? inlines(ctx, body, node.caption, size, ((body.font.ascent - body.font.descent) / body.font.unitsPerEm) * size, {}) : null;
    return figureContent(node, ctx.figureFamily, ctx.layout, caption && { text: caption, font: body.family });
  },
  table: (node, ctx) => {
    const { layout } = ctx;
    const advance = bodyCharAdvancePt(layout);
    const padding = 4;
    const cellText = (c: TableCell, i: number, header: boolean): Content => {
      // Header cells in the 黑体 role: pdfkit cannot embolden a face that has no bold.
      const font = header ? ctx.fonts.heading1 : ctx.fonts.body;
      return {
        // (a cell may wrap: its inlines may break)
        text: inlines(ctx, font, c.text, layout.sizes.tablePt, layout.tableLinePitchPt, {}),
        font: font.family,
        fontSize: layout.sizes.tablePt,
        lineHeight: lineHeightFactor(font.font, layout.sizes.tablePt, layout.tableLinePitchPt),
        alignment: c.align ?? (header ? 'center' : (node.columns[i]?.align ?? 'left')),
      };
    };
    return [
      {
        table: {
          headerRows: node.header.length,
          dontBreakRows: true,
          // pdfmake's widths exclude the cells' padding and rules: take them off each column
          widths: node.columns.map((c) => c.widthChars * advance - 2 * padding - 1),
          body: [...node.header.map((r) => r.map((c, i) => cellText(c, i, true))), ...node.rows.map((r) => r.map((c, i) => cellText(c, i, false)))],
        },
        layout: {
          hLineWidth: () => 0.5,
          vLineWidth: () => 0.5,
          paddingLeft: () => padding,
          paddingRight: () => padding,
          paddingTop: () => 2,
          paddingBottom: () => 2,
        },
        margin: [0, 0, 0, layout.linePitchPt / 2],
      },
    ];
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
      case 'table':
        for (const row of block.header) add('heading1', row.map((c) => c.text).join(''));
        for (const row of block.rows) add('body', row.map((c) => c.text).join(''));
        break;
      case 'figure':
        if (block.caption) add('body', block.caption);
        break;
      case 'pageBreak':
        break;
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
export function missingCharacters(doc: Document, fonts: PdfFonts, fallback: FontFile | null = null): { char: string; role: FontRole; font: string }[] {
  const missing: { char: string; role: FontRole; font: string }[] = [];
  const spare = fallback ? openSharedFont(fallback.data, fallback.face).font : null;
  for (const [role, texts] of textByRole(doc)) {
    const served = fonts[role];
    const font = openSharedFont(served.file.data, served.file.face).font;
    const seen = new Set<string>();
    for (const text of texts) {
      for (const char of text) {
        if (seen.has(char) || /\s/u.test(char)) continue;
        seen.add(char);
        const code = char.codePointAt(0) as number;
        // (a character the fallback font has is drawn with it: renderPdf)
        if (plainGlyph(font, code).id === 0 && (!spare || plainGlyph(spare, code).id === 0)) missing.push({ char, role, font: served.file.family });
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

/** `fallback`: draws the characters a role's font lacks (the CLI gives the bundled Noto Serif SC). */
export async function renderPdf(doc: Document, fonts: PdfFonts, fallback: FontFile | null = null): Promise<Uint8Array> {
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
  /** A font file in pdfmake's virtual file system, once per file and face (roles served by one file share it). */
  const embed = (file: FontFile): RoleFont => {
    const key = `${file.path}#${file.face ?? ''}`;
    let known = byFile.get(key);
    if (!known) {
      const family = `f${byFile.size + 1}`;
      const shared = openSharedFont(file.data, file.face);
      pdfmake.virtualfs.writeFileSync(family, shared.bytes);
      const def = file.face ? [family, file.face] : family;
      // Bold (an option for 1. headings) uses the same face: pdfkit has no synthetic bold.
      fontDefs[family] = { normal: def, bold: def, italics: def, bolditalics: def };
      known = { family, font: shared.font, advances: new Map() };
      byFile.set(key, known);
    }
    return known;
  };
  const roleFonts = {} as Record<FontRole, RoleFont>;
  for (const role of Object.keys(fonts) as FontRole[]) roleFonts[role] = embed(fonts[role].file);
  // (registered, not embedded: pdfkit embeds a font only when a character is drawn in it)
  const fallbackFont = fallback ? embed(fallback) : null;
  const figureFamily = doc.blocks.some((b) => b.type === 'figure') ? registerFigureFont(pdfmake.virtualfs, fontDefs, fonts) : null;
  pdfmake.setFonts(fontDefs);

  const ctx: Context = { layout, fonts: roleFonts, fallback: fallbackFont, figureFamily };
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
    content: doc.blocks.flatMap((block) => dispatch(handlers, block, ctx)),
    footer: (currentPage: number) => {
      const odd = currentPage % 2 === 1;
      return {
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
    },
  };
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
