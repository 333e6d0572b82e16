/**
 * The 公文 frame in tongbao's PDF, measured on the page (pdfjs): the 版头's lines and red rule
 * where GB/T 9704-2012 puts them, and the 版记 at the foot of the last page, which is even —
 * on the page the body ends on when it has room, else on the next even page (with an empty,
 * unnumbered page before it when needed). Short documents, so the renders stay fast.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import type { Document, Imprint, Letterhead } from '../../pipeline/document/ast.js';
import { EM_BOX_ASCENT, GB_T_9704, PT_PER_MM, textWidthPt } from '../../pipeline/document/layout.js';
import { FramePages } from '../../pipeline/render/pdf/frame.js';
import { renderPdfLaidOut, type ImprintPlacement } from '../../pipeline/render/pdf/index.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { ledgerOf, problem } from '../helpers/ledger.js';
import { bundledFonts, readPdf, readPdfRects, type PdfLine, type PdfRect, type PdfText } from '../helpers/pdf.js';

const L = GB_T_9704;
const mm = (v: number) => v * PT_PER_MM;
const TOP = mm(L.margins.topMm);
const FOOT = mm(L.page.heightMm - L.margins.bottomMm);
const LEFT = mm(L.margins.leftMm);
const PAGE_NUMBER = /^— \d+ —$/u;
/** One body line: a paragraph of 18 characters. */
const LINE = '这是正文的一行文字，用来把页面排满。';

const IMPRINT = `抄送: 县委巡察办
印发机关: 某某县总工会办公室
印发日期: 2025-06-03`;

function notice(frame: string, lines: number): Document {
  const source = `---\n标题: 关于巡察整改进展情况的通报\n发文机关: 某某县总工会党组\n成文日期: 2025-05-30\n${frame}\n---\n${Array(lines).fill(LINE).join('\n\n')}\n`;
  const { template } = parseTemplate('notice.md', source);
  const { settings, diagnostics } = readSettings(template);
  expect(diagnostics).toEqual([]);
  const ledger = ledgerOf([problem(1, '甲类问题', 'completed')]);
  return composeNotice(template, settings, ledger, computeStats(ledger, '2025-05-30' as IsoDate)).document;
}

interface Rendered {
  doc: Document;
  pdf: PdfText;
  rects: PdfRect[][];
  imprint: ImprintPlacement | null;
}

async function render(doc: Document): Promise<Rendered> {
  const { bytes, imprint } = await renderPdfLaidOut(doc, bundledFonts(doc));
  return { doc, pdf: await readPdf(bytes), rects: await readPdfRects(bytes), imprint };
}

/** From the page's top: a line's em box top (its baseline less EM_BOX_ASCENT of its size). */
const emTop = (page: { height: number }, line: PdfLine) => page.height - line.y - EM_BOX_ASCENT * line.fontSize;
const find = (page: PdfText['pages'][number], text: string) => page.lines.find((l) => l.text.startsWith(text));
const numbered = (page: PdfText['pages'][number]) => page.lines.some((l) => PAGE_NUMBER.test(l.text));

describe('the 版头 on page 1', () => {
  let r: Rendered;
  let head: Letterhead;
  beforeAll(async () => {
    r = await render(
      notice(
        `份号: 1\n密级: 秘密\n紧急程度: 加急\n发文机关标志: 中共通道侗族自治县总工会党组文件\n发文字号: 通工党〔2025〕5号\n主送机关: 各乡镇工会\n附件:\n  - 整改问题清单\n加盖印章: 是\n${IMPRINT}`,
        3,
      ),
    );
    head = r.doc.blocks[0] as Letterhead;
  }, 60_000);

  it('puts the 标志’s top 72 mm from the page’s top edge (35 mm below the text block), red 小标宋, centred', () => {
    const page = r.pdf.pages[0] as PdfText['pages'][number];
    const mark = find(page, '中共通道侗族自治县总工会党组文件') as PdfLine;
    expect(mark.fontSize).toBeCloseTo(27.5, 2);
    expect(emTop(page, mark)).toBeCloseTo(mm(72), 1);
    expect((mark.x + mark.right) / 2).toBeCloseTo(LEFT + textWidthPt(L) / 2, 1);
  });

  it('puts 份号, 密级 and 紧急程度 on the first three lines, against the left margin', () => {
    const page = r.pdf.pages[0] as PdfText['pages'][number];
    const corner = ['000001', '秘密', '加急'].map((t) => find(page, t) as PdfLine);
    expect(corner.map((l) => l.x)).toEqual([LEFT, LEFT, LEFT].map((x) => expect.closeTo(x, 1)));
    expect(corner.map((l) => emTop(page, l) + 16 - TOP)).toEqual([1, 2, 3].map((n) => expect.closeTo(n * L.linePitchPt, 1)));
  });

  it('draws the red line 4 mm under the 发文字号, as wide as the text block, 2.25 pt', () => {
    const page = r.pdf.pages[0] as PdfText['pages'][number];
    const number = find(page, '通工党〔2025〕5号') as PdfLine;
    const red = (r.rects[0] ?? []).filter((x) => x.color === '#ff0000');
    expect(red).toHaveLength(1);
    const rule = red[0] as PdfRect;
    expect(rule.top - (emTop(page, number) + 16)).toBeCloseTo(mm(4), 1);
    expect([rule.left, rule.right]).toEqual([expect.closeTo(LEFT, 1), expect.closeTo(LEFT + textWidthPt(L), 1)]);
    expect(rule.bottom - rule.top).toBeCloseTo(2.25, 2);
    // and the title two blank lines or more below it, on the heightPt the tree gives
    const title = find(page, '关于巡察整改进展情况的通报') as PdfLine;
    expect(emTop(page, title)).toBeGreaterThan(rule.bottom + 2 * L.linePitchPt);
    expect(head.heightPt).toBeGreaterThan(rule.bottom - TOP + 2 * L.linePitchPt);
  });

  it('is followed, the body ending on page 1, by the 版记 on page 2 of its own', () => {
    expect(r.pdf.pages).toHaveLength(2);
    expect(r.imprint).toEqual({ page: 2, ownPage: true, blankPageBefore: false });
    expect(r.pdf.pages[1]?.lines.map((l) => l.text)).toEqual(['抄送：县委巡察办。', '某某县总工会办公室 2025年6月3日印发', '— 2 —']);
  });

  it('sets the 主送机关 flush left under the title, and the 附件说明 two characters in', () => {
    const page = r.pdf.pages[0] as PdfText['pages'][number];
    expect(find(page, '各乡镇工会：')?.x).toBeCloseTo(LEFT, 1);
    expect(find(page, '附件：整改问题清单')?.x).toBeCloseTo(LEFT + 2 * 15.75, 1);
  });
});

describe('the 附注 (GB/T 9704 7.3.7)', () => {
  it('sits on the line below the 成文日期, two characters in from the left margin, in the body font', async () => {
    const r = await render(notice('附注: 此件公开发布', 2));
    const page = r.pdf.pages[0] as PdfText['pages'][number];
    const date = find(page, '2025年5月30日') as PdfLine;
    const note = find(page, '（此件公开发布）') as PdfLine;
    expect(note.x).toBeCloseTo(LEFT + 2 * 15.75, 1);
    expect(date.y - note.y).toBeCloseTo(L.linePitchPt, 1);
    expect(note.fontSize).toBe(date.fontSize);
  }, 60_000);
});

describe('the 版记 at the foot of the last page, an even one', () => {
  /** The 版记's lines and rules on a page: where the tree says, the last rule on the text block's foot. */
  function expectImprintOn(r: Rendered, pageIndex: number) {
    const page = r.pdf.pages[pageIndex] as PdfText['pages'][number];
    const imprint = r.doc.blocks.at(-1) as Imprint;
    const copy = find(page, '抄送：县委巡察办。') as PdfLine;
    const printer = find(page, '某某县总工会办公室') as PdfLine;
    expect(copy.fontSize).toBe(14);
    expect(emTop(page, copy) - TOP).toBeCloseTo(imprint.lines[0]?.topPt ?? 0, 1);
    expect(emTop(page, printer) - TOP).toBeCloseTo(imprint.lines[1]?.topPt ?? 0, 1);
    expect(copy.x).toBeCloseTo(LEFT + 14, 1);
    // 印发日期 one character in from the right margin
    expect(printer.text.endsWith('2025年6月3日印发')).toBe(true);
    expect(printer.right).toBeCloseTo(LEFT + textWidthPt(L) - 14, 1);
    const rules = (r.rects[pageIndex] ?? []).filter((x) => x.right - x.left > textWidthPt(L) - 1);
    expect(rules.map((x) => x.bottom - x.top)).toEqual([mm(0.35), mm(0.25), mm(0.35)].map((t) => expect.closeTo(t, 2)));
    expect(rules.at(-1)?.bottom).toBeCloseTo(FOOT, 1);
    for (const [i, other] of r.pdf.pages.entries()) if (i !== pageIndex) expect(find(other, '抄送')).toBeUndefined();
  }

  it('shares the body’s last page when it is even and has room', async () => {
    const r = await render(notice(IMPRINT, 25));
    expect(r.pdf.pages).toHaveLength(2);
    expect(r.imprint).toEqual({ page: 2, ownPage: false, blankPageBefore: false });
    expect(find(r.pdf.pages[1] as PdfText['pages'][number], LINE)).toBeDefined();
    expectImprintOn(r, 1);
    expect(r.pdf.pages.every(numbered)).toBe(true);
  });

  it('leaves an empty page before it when an even page ends without room: neither page numbered', async () => {
    const r = await render(notice(IMPRINT, 38));
    expect(r.pdf.pages).toHaveLength(4);
    expect(r.imprint).toEqual({ page: 4, ownPage: true, blankPageBefore: true });
    expect(r.pdf.pages[2]?.lines).toEqual([]);
    expectImprintOn(r, 3);
    expect(r.pdf.pages.map(numbered)).toEqual([true, true, false, false]);
  });
});

describe('which page the 版记 goes on', () => {
  // pdfmake asks about the mark where the body ends, then about the 版记's block, with where each starts
  const imprint = notice(IMPRINT, 1).blocks.at(-1) as Imprint;
  const height = TOP + mm(225) - (TOP + (imprint.rules[0]?.topPt ?? 0));
  const decide = (page: number, bodyEndTop: number) => {
    const pages = new FramePages({ ...notice(IMPRINT, 1) }, { layout: L, line: () => ({ text: [], font: '', ascentPt: 0 }), bodyText: () => [] });
    const breakAtMark = pages.pageBreakBefore({ id: 'tongbao-body-end', startPosition: { pageNumber: page, top: bodyEndTop } });
    // the block starts where the mark does, on the next page when the mark moved or there is no room
    const fits = bodyEndTop + height <= FOOT;
    const blockPage = breakAtMark || !fits ? page + 1 : page;
    const blockTop = breakAtMark || !fits ? TOP : bodyEndTop;
    const breakAtBlock = pages.pageBreakBefore({ id: 'tongbao-imprint', startPosition: { pageNumber: blockPage, top: blockTop } });
    return { breakAtMark, breakAtBlock, placement: pages.placement };
  };

  it('stays on an even page with room', () => {
    expect(decide(2, TOP + 100)).toEqual({ breakAtMark: false, breakAtBlock: false, placement: { page: 2, ownPage: false, blankPageBefore: false } });
  });

  it('goes on from an odd page with room to the next', () => {
    expect(decide(1, TOP + 100)).toEqual({ breakAtMark: false, breakAtBlock: true, placement: { page: 2, ownPage: true, blankPageBefore: false } });
  });

  it('goes on by itself from an odd page without room to the next, even one', () => {
    expect(decide(3, FOOT - 10)).toEqual({ breakAtMark: false, breakAtBlock: false, placement: { page: 4, ownPage: true, blankPageBefore: false } });
  });

  it('leaves an even page without room for an empty page and the one after', () => {
    expect(decide(2, FOOT - 10)).toEqual({ breakAtMark: true, breakAtBlock: true, placement: { page: 4, ownPage: true, blankPageBefore: true } });
  });
});
