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
  /**
   * Widow and orphan control: a paragraph never leaves a single line at the foot or the head
   * of a page (its first two lines and its last two stay together; a paragraph of two or three
   * lines is not split). Word's, WPS's and LibreOffice's widowControl.
   */
  widowControl: boolean;
}

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
  widowControl: true,
};

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
