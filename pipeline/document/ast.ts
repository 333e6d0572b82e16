/**
 * The format-neutral document tree. Compose builds it once; the DOCX and PDF writers (and the
 * text dump used by golden tests, json.ts) consume it. Writers never compute figures, format numbers or
 * choose wording: every character that appears on the page is already in the tree.
 *
 * Node types (the spec):
 *
 *   Document   { meta, layout, fonts, blocks: Block[] }
 *     meta       title, issuer, date (the document date, also written into file properties)
 *     layout     page and grid numbers (GB/T 9704 by default; see layout.ts)
 *     fonts      font family names per role, as the template's settings give them
 *
 *   Block =
 *     Letterhead { lines, rules, heightPt }  版头 (GB/T 9704 7.2), first: 份号, 密级, 紧急程度, the red
 *                                            发文机关标志, 发文字号 and the red line, each at its place
 *                                            on page 1; the title follows heightPt below the text block's top
 *     Title      { text, lines }             the document title: 2号 小标宋, centred, a blank line below
 *     Recipients { text }                    主送机关 (7.3.3) under the title: flush left, ending with ：
 *     Heading    { level 1–4, content, keep } 一、黑体 · （一）楷体 · 1. 仿宋 · （1）仿宋
 *     Paragraph  { content, keep }           body text, 3号 仿宋, first line indented two characters
 *     Attachments { items }                  附件说明 (7.3.4) under the body, after one blank line
 *     Signature  { issuer, date, blankLinesBefore, note? }
 *                                            the signature block, after one blank line (unsealed) or
 *                                            two (sealed: room for the seal); each line with its
 *                                            alignment and indent in characters
 *     Imprint    { lines, rules }            版记 (7.4), last: 抄送, 印发机关 and 印发日期 between
 *                                            rules, at the foot of the last page, which is even
 *     PageBreak  {}                          a new page
 *     Table      { columns, header, rows, totals?, caption?, notes?, sheet? }
 *                                            a table in 小四 (12 pt): column widths in body characters,
 *                                            header rows repeated on every page and kept with the first
 *                                            rows, rows never split, per-cell alignment, shade and bold;
 *                                            a caption above it, notes (a legend) below; each cell's
 *                                            value for a workbook; the sheet a workbook makes of it
 *     Figure     { chart, svg, png, widthPt, heightPt, title, caption?, keep }
 *                                            a chart, centred, at its printed size: the PDF draws the
 *                                            SVG (its text stays text), the DOCX embeds the PNG
 *
 *   Inline =
 *     Text       { text, bold? }
 *
 * Keep rules (`Keep`, decided by compose/keep.ts) say which blocks a page must not part; with
 * the layout's `widowControl` they are all the pagination the writers apply, each in its own
 * terms (the DOCX: keepNext, keepLines, widowControl; the PDF: lines no page break may part,
 * render/pdf/keep.ts), so both put their page breaks in the same places.
 *
 * A new node type is added here; `BlockHandlers` below makes every writer fail to compile
 * until it handles it.
 */
import type { IsoDate } from '../dates.js';
import type { Layout } from './layout.js';

export interface Text {
  type: 'text';
  text: string;
  bold?: boolean;
}

export type Inline = Text;

export interface Title {
  type: 'title';
  text: string;
  /** The title as it breaks into lines (balanced, whole words), decided by compose. */
  lines: string[];
}

/** What a page must not part: a block's last line from the next block's first, a block's lines from each other. */
export interface Keep {
  /** on the same page as the first line of the block that follows (Word's keepNext) */
  keepWithNext?: true;
  /** all its lines on one page (Word's keepLines) */
  keepTogether?: true;
}

export type HeadingLevel = 1 | 2 | 3 | 4;

export interface Heading extends Keep {
  type: 'heading';
  level: HeadingLevel;
  content: Inline[];
}

export interface Paragraph extends Keep {
  type: 'paragraph';
  content: Inline[];
}

/**
 * GB/T 9704 7.3.5.2 (unsealed): the issuer right-aligned two characters in from the right
 * margin, the date on the next line starting two characters right of the issuer's first
 * character; when the date is the longer, the date sits two characters in and the issuer
 * moves so that it still starts two characters left of the date.
 */
export interface SignatureLine {
  text: string;
  /** Which margin the line is set against… */
  align: 'left' | 'right';
  /** …and how many body characters in from it. */
  indentChars: number;
}

export interface Signature {
  type: 'signature';
  issuer: SignatureLine;
  date: SignatureLine;
  /** blank body lines above the issuer: 1, or 2 under a seal (GB/T 9704 7.3.5.1) */
  blankLinesBefore: number;
  /** the 附注's lines, under the date (GB/T 9704 7.3.7); none when it has none */
  note?: SignatureLine[];
}

/**
 * A line of the frame at a fixed place (compose/frame.ts): its em box's top edge `topPt` below
 * the top edge of the text block (of the first page for the 版头, of the last for the 版记).
 */
export interface FrameLine {
  text: string;
  role: FontRole;
  sizePt: number;
  /** set against the left margin `indentChars` characters of its own size in, or centred */
  align: 'left' | 'center';
  indentChars: number;
  /** a second text on the line, set against the right margin (印发日期) */
  right?: { text: string; indentChars: number };
  /** RRGGBB; black when absent */
  color?: string;
  topPt: number;
}

/** A rule across the text block: its top edge `topPt` below the text block's top edge. */
export interface FrameRule {
  topPt: number;
  thicknessPt: number;
  color?: string;
}

export interface Letterhead {
  type: 'letterhead';
  /** top to bottom */
  lines: FrameLine[];
  rules: FrameRule[];
  /** where the text flows on below the 版头 (the title's line), from the text block's top */
  heightPt: number;
}

export interface Recipients {
  type: 'recipients';
  text: string;
}

/** One line of the 附件说明: its first line `indentChars` in, lines it wraps onto `wrapIndentChars` in. */
export interface AttachmentLine {
  text: string;
  indentChars: number;
  wrapIndentChars: number;
}

export interface Attachments extends Keep {
  type: 'attachments';
  items: AttachmentLine[];
}

export interface Imprint {
  type: 'imprint';
  /** top to bottom */
  lines: FrameLine[];
  /** top to bottom; the last one's lower edge is the text block's foot */
  rules: FrameRule[];
}

export interface PageBreak {
  type: 'pageBreak';
}

export type Align = 'left' | 'center' | 'right';

export interface TableColumn {
  /** width in body characters (the columns of a table add up to at most a line, 28) */
  widthChars: number;
  /** the default alignment of the column's cells */
  align: Align;
  /** long text that wraps (a spreadsheet wraps only these; pages wrap any cell too wide) */
  wraps?: boolean;
}

/**
 * What a cell holds for a spreadsheet: numbers stay numbers (a ratio 0–1 shown as a percentage
 * with `decimals` places, a signed change), dates stay dates; the text is what the page prints.
 */
export type CellValue =
  | { kind: 'integer'; value: number; signed?: boolean }
  | { kind: 'percent'; value: number; decimals: number; signed?: boolean }
  /** a number with `decimals` places and a word after it, as the page prints it: +13.33个百分点 */
  | { kind: 'decimal'; value: number; decimals: number; signed?: boolean; suffix?: string }
  /** a day; `month`: a month (a planned audit), the day its last */
  | { kind: 'date'; value: IsoDate; month?: boolean };

export interface TableCell {
  text: string;
  /** overrides the column's alignment */
  align?: Align;
  /** a shade behind the cell (a warning colour), RGB hex: `FF7C80` */
  shade?: string;
  bold?: boolean;
  /** the cell's value for a workbook; absent: its text */
  value?: CellValue;
}

export interface Table {
  type: 'table';
  columns: TableColumn[];
  /** header rows: bold, centred, repeated at the top of every page the table runs onto */
  header: TableCell[][];
  rows: TableCell[][];
  /** totals rows after the rows (bold) */
  totals?: TableCell[][];
  /** a line centred above the table (表1 …), kept with its header */
  caption?: string;
  /** lines under the table in its size: the warning colours' legend, how figures were obtained */
  notes?: string[];
  /** the sheet a workbook makes of the table (the quarterly report's), with its title row */
  sheet?: { name: string; title: string };
}

/** A chart (charts/<name>.vl.json) as drawn by chart/render.ts, placed by the `::: 图表` directive. */
export interface Figure extends Keep {
  type: 'figure';
  /** the chart's name: charts/<name>.vl.json */
  chart: string;
  /** the chart as SVG (the PDF draws it, so its text stays text) */
  svg: string;
  /** the same chart as PNG, drawn with the same font (the DOCX embeds it) */
  png: Uint8Array;
  /** the printed size */
  widthPt: number;
  heightPt: number;
  /** the chart's own title as text (the DOCX's alternative text), when it has one */
  title: string | null;
  /** a line centred below the chart, e.g. 图1 基层工会经费审计进度 */
  caption?: string;
}

export type Block = Letterhead | Title | Recipients | Heading | Paragraph | Attachments | Signature | Imprint | PageBreak | Table | Figure;
export type BlockType = Block['type'];

export type FontRole = 'title' | 'body' | 'heading1' | 'heading2' | 'heading3' | 'pageNumber';
export type Fonts = Record<FontRole, string>;

/**
 * A template's font settings: the font names by role (what the DOCX names) and the font files
 * the PDF is to embed instead, as written, with the template lines they came from.
 */
export interface FontSettings {
  fonts: Fonts;
  /** Font files for the PDF, by role, as given (resolved by the CLI's font search). */
  pdfFontFiles: Partial<Record<FontRole, string>>;
  /** Where each setting came from, for messages. */
  lines: Partial<Record<string, number>>;
}

export interface DocumentMeta {
  title: string;
  issuer: string;
  /** The document date: written into the files' properties instead of the clock. */
  date: IsoDate;
}

export interface Document {
  type: 'document';
  meta: DocumentMeta;
  layout: Layout;
  fonts: Fonts;
  blocks: Block[];
}

/** One handler per block type: adding a node type breaks every writer until it handles it. */
export type BlockHandlers<Context, Out> = {
  [T in BlockType]: (node: Extract<Block, { type: T }>, context: Context) => Out;
};

export function dispatch<Context, Out>(handlers: BlockHandlers<Context, Out>, node: Block, context: Context): Out {
  const handler = handlers[node.type] as (node: Block, context: Context) => Out;
  return handler(node, context);
}

/** The plain text of inline content. */
export function plainText(content: readonly Inline[]): string {
  return content.map((i) => i.text).join('');
}
