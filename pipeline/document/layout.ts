/**
 * Page and grid numbers of GB/T 9704-2012 (docs/contract.md, "Layout: GB/T 9704-2012"). Writers convert units;
 * nobody else hard-codes these.
 */
export interface Layout {
  page: { widthMm: number; heightMm: number };
  margins: { topMm: number; bottomMm: number; leftMm: number; rightMm: number };
  /** Lines per page and characters per line of the body text. */
  linesPerPage: number;
  charsPerLine: number;
  /** Distance between baselines of body lines. */
  linePitchPt: number;
  sizes: { titlePt: number; bodyPt: number; pageNumberPt: number; tablePt: number };
  /** Line pitch inside table cells. */
  tableLinePitchPt: number;
  /** Body paragraphs' first-line indent, in characters. */
  firstLineIndentChars: number;
  /** Page numbers: distance from the text block's lower edge to the top of the number line. */
  pageNumberGapMm: number;
  /** Page numbers are indented this many characters of their own size from the outer edge. */
  pageNumberIndentChars: number;
  /** Bold level-3 headings (1.), an option of GB/T 9704. */
  boldLevel3: boolean;
  /** What stands either side of the page number: `— 1 —`. */
  pageNumberDecoration: { before: string; after: string };
  /** The 公文 frame (GB/T 9704 7.2 版头, 7.3.5 signature, 7.4 版记), when the template asks for it. */
  frame: FrameLayout;
  /**
   * Widow and orphan control: a paragraph never leaves a single line at the foot or the head
   * of a page (its first two lines and its last two stay together; a paragraph of two or three
   * lines is not split). Word's, WPS's and LibreOffice's widowControl.
   */
  widowControl: boolean;
}

/**
 * GB/T 9704-2012's numbers for the frame; compose/frame.ts places every part with them.
 * Vertical positions are of a text's em box (a Chinese character's square; EM_BOX_ASCENT).
 */
export interface FrameLayout {
  /** 7.2.4: the 发文机关标志's top edge below the text block's top edge. */
  markTopMm: number;
  /** The 标志's size: as large as fits the text block's width on one line, at most this (初号). */
  markMaxPt: number;
  /** 7.2.5: the 发文字号 stands this many blank lines below the 标志. */
  docNumberGapLines: number;
  /** 7.2.6: the red separator line, this far below the 发文字号… */
  headRuleGapMm: number;
  /** …this thick (the standard gives no thickness; 2.25 pt is what 红头 templates draw). */
  headRuleWidthPt: number;
  /** 7.3.1: the title stands this many blank lines below the red line. */
  titleGapLines: number;
  /** The 标志's and the red line's colour (RRGGBB). */
  red: string;
  /** 7.3.5.1: a sealed document's date, this many characters in from the right margin… */
  sealedDateIndentChars: number;
  /** …and the blank lines above its 署名, room for the seal (its top within a line of the body). */
  sealRoomLines: number;
  /** 7.4: the 版记's size (4号) and its rules' thickness: the first and last 0.35 mm, those between 0.25 mm. */
  imprintPt: number;
  imprintOuterRuleMm: number;
  imprintInnerRuleMm: number;
  /** 7.4.2, 7.4.3: 抄送 and 印发机关 one character in from the left, 印发日期 one in from the right. */
  imprintIndentChars: number;
}

/**
 * Where a Chinese character's em box sits on its baseline: its top this fraction of the size
 * above it (the ideographic em box of OpenType's CJK fonts runs from −0.12 to 0.88 em). The
 * frame's positions are em boxes; the writers turn them into baselines with it.
 */
export const EM_BOX_ASCENT = 0.88;

export const GB_T_9704: Layout = {
  page: { widthMm: 210, heightMm: 297 },
  margins: { topMm: 37, bottomMm: 35, leftMm: 28, rightMm: 26 },
  linesPerPage: 22,
  charsPerLine: 28,
  linePitchPt: 28.95,
  sizes: { titlePt: 22, bodyPt: 16, pageNumberPt: 14, tablePt: 12 },
  tableLinePitchPt: 18,
  firstLineIndentChars: 2,
  pageNumberGapMm: 7,
  pageNumberIndentChars: 1,
  boldLevel3: false,
  pageNumberDecoration: { before: '— ', after: ' —' },
  frame: {
    markTopMm: 35,
    markMaxPt: 42,
    docNumberGapLines: 2,
    headRuleGapMm: 4,
    headRuleWidthPt: 2.25,
    titleGapLines: 2,
    red: 'FF0000',
    sealedDateIndentChars: 4,
    sealRoomLines: 2,
    imprintPt: 14,
    imprintOuterRuleMm: 0.35,
    imprintInnerRuleMm: 0.25,
    imprintIndentChars: 1,
  },
  widowControl: true,
};

/** The text block's height (225 mm). */
export function textHeightPt(layout: Layout): number {
  return (layout.page.heightMm - layout.margins.topMm - layout.margins.bottomMm) * PT_PER_MM;
}

export const PT_PER_MM = 72 / 25.4;

export function textWidthPt(layout: Layout): number {
  return (layout.page.widthMm - layout.margins.leftMm - layout.margins.rightMm) * PT_PER_MM;
}

/** The character pitch that fits `charsPerLine` body characters in the text width. */
export function charPitchPt(layout: Layout): number {
  return textWidthPt(layout) / layout.charsPerLine;
}

/**
 * The character spacing that fits `charsPerLine` body characters in the text width, in steps
 * of `stepPt` (Word's is 1/20 pt), rounded towards tighter: −0.25 pt for GB/T 9704 (−0.2 pt
 * leaves 16 − 0.2 = 15.8 pt per character, and 28 × 15.8 = 442.4 pt overflows the 442.2 pt line).
 */
export function bodyCharSpacingPt(layout: Layout, stepPt = 0.05): number {
  const steps = Math.floor((charPitchPt(layout) - layout.sizes.bodyPt) / stepPt + 1e-9);
  return Math.round(steps * stepPt * 1000) / 1000;
}

/** How far one body character advances: its size plus the character spacing (15.75 pt). */
export function bodyCharAdvancePt(layout: Layout): number {
  return layout.sizes.bodyPt + bodyCharSpacingPt(layout);
}

/**
 * The body character spacing for word processors (the DOCX): one step (Word's is 1/20 pt)
 * tighter than the character grid's pitch cut down to whole steps, less the body size:
 * 15.794 pt → 15.75 pt → characters of 15.70 pt, a spacing of −0.3 pt. A word processor that
 * sizes the text block in whole grid cells kept in whole twips (LibreOffice: 28 cells of
 * 15.75 pt, 441 pt) must still fit 28 characters; 15.75 pt characters fill those cells to the
 * last rounding and LibreOffice sets 27. The PDF keeps `bodyCharSpacingPt` (−0.25 pt): the
 * 0.05 pt apart changes no line break of a Chinese line, whose 28 characters fit either way.
 */
export function wordProcessorCharSpacingPt(layout: Layout, stepPt = 0.05): number {
  const cellSteps = Math.floor(charPitchPt(layout) / stepPt + 1e-9);
  const steps = cellSteps - 1 - Math.round(layout.sizes.bodyPt / stepPt);
  return Math.round(steps * stepPt * 1000) / 1000;
}
