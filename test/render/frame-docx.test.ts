/**
 * The 公文 frame in the DOCX, read from its XML: the 版头's paragraphs stacked from the page's
 * text block top (spacing before, exact line heights, border widths) put each line and the red
 * rule where the tree does; the 版记 is a text box anchored at the foot of the text block, its
 * rules paragraph borders of 0.35/0.25 mm; the 版记 starts an evenPage section when the PDF put
 * it on a page of its own.
 */
import type { Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import type { Document, Imprint, Letterhead } from '../../pipeline/document/ast.js';
import { GB_T_9704, PT_PER_MM, textHeightPt, textWidthPt } from '../../pipeline/document/layout.js';
import { renderDocx } from '../../pipeline/render/docx/index.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { attr, child, elements, find, openDocx, paragraphs, styleById, type DocxPackage } from '../helpers/docx.js';
import { ledgerOf, problem } from '../helpers/ledger.js';

const L = GB_T_9704;
const mm = (v: number) => v * PT_PER_MM;
const WPD = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';

const SOURCE = `---
标题: 关于巡察整改进展情况的通报
发文机关: 中国共产党通道侗族自治县总工会党组
成文日期: 2025-05-30
份号: 1
密级: 秘密
保密期限: 1年
紧急程度: 加急
发文机关标志: 中共通道侗族自治县总工会党组文件
发文字号: 通工党〔2025〕5号
主送机关: 各乡镇工会
附件:
  - 整改问题清单
  - 基层工会审计进度表
加盖印章: 是
抄送: 县委巡察办
印发机关: 某某县总工会办公室
印发日期: 2025-06-03
---
正文。
`;

let doc: Document;
let pkg: DocxPackage;

beforeAll(async () => {
  const { template } = parseTemplate('notice.md', SOURCE);
  const { settings } = readSettings(template);
  const ledger = ledgerOf([problem(1, '甲类问题', 'completed')]);
  doc = composeNotice(template, settings, ledger, computeStats(ledger, '2025-05-30' as IsoDate)).document;
  pkg = openDocx(await renderDocx(doc));
});

const pPr = (p: Element) => child(p, 'pPr');
const twipsOf = (e: Element | undefined, name: string) => Number(attr(e, name) ?? 0) / 20;
const text = (p: Element) =>
  elements(p, 't')
    .map((t) => t.textContent ?? '')
    .join('');

interface Placed {
  text: string;
  top: number;
  bottom: number;
  paragraph: Element;
}

/**
 * Paragraphs stacked as Word lays them out, from `start`: spacing before, then the exact line
 * height, then the bottom border's width (eighths of a point). A line's box is its em box (frame.ts).
 */
function stack(ps: Element[], start = 0): { placed: Placed[]; rules: { top: number; thickness: number; color: string | null }[]; end: number } {
  let y = start;
  const placed: Placed[] = [];
  const rules: { top: number; thickness: number; color: string | null }[] = [];
  for (const p of ps) {
    const spacing = find(pPr(p), 'spacing');
    y += twipsOf(spacing, 'before');
    const top = y;
    expect(attr(spacing, 'lineRule')).toBe('exact');
    y += twipsOf(spacing, 'line');
    placed.push({ text: text(p), top, bottom: y, paragraph: p });
    const bottom = find(find(pPr(p), 'pBdr'), 'bottom');
    if (bottom) {
      rules.push({ top: y, thickness: Number(attr(bottom, 'sz')) / 8, color: attr(bottom, 'color') });
      y += Number(attr(bottom, 'sz')) / 8;
    }
    y += twipsOf(spacing, 'after');
  }
  return { placed, rules, end: y };
}

describe('the 版头 in the DOCX', () => {
  let head: ReturnType<typeof stack>;
  let letterhead: Letterhead;
  beforeAll(() => {
    letterhead = doc.blocks[0] as Letterhead;
    const body = paragraphs(pkg.xml('word/document.xml'));
    const titleAt = body.findIndex((p) => p.style === 'Title');
    expect(body.slice(0, titleAt).every((p) => p.style === 'FrameLine')).toBe(true);
    head = stack(body.slice(0, titleAt).map((p) => p.element));
  });

  const line = (t: string) => head.placed.find((p) => p.text === t) as Placed;

  it('puts each line’s box (its em box) where the tree puts it: the 标志’s top 35 mm below the text block’s top', () => {
    for (const l of letterhead.lines) expect([l.text, line(l.text).top]).toEqual([l.text, expect.closeTo(l.topPt, 1)]);
    expect(line('中共通道侗族自治县总工会党组文件').top).toBeCloseTo(mm(35), 1);
  });

  it('sets the 标志 red, in the 标题 font (小标宋), centred, at its size; 份号, 密级, 紧急程度 at the left margin', () => {
    const mark = line('中共通道侗族自治县总工会党组文件').paragraph;
    const rPr = find(mark, 'rPr');
    expect(attr(find(rPr, 'color'), 'val')).toBe('FF0000');
    expect(attr(find(rPr, 'rFonts'), 'eastAsia')).toBe('方正小标宋简体');
    expect(attr(find(rPr, 'sz'), 'val')).toBe('55');
    expect(attr(find(pPr(mark), 'jc'), 'val')).toBe('center');
    expect(attr(find(line('通工党〔2025〕5号').paragraph, 'jc'), 'val')).toBe('center');
    expect(attr(find(find(line('秘密★1年').paragraph, 'rPr'), 'rFonts'), 'eastAsia')).toBe('黑体');
    for (const t of ['000001', '秘密★1年', '加急']) expect(find(pPr(line(t).paragraph), 'ind')).toBeUndefined();
  });

  it('draws the red rule 4 mm under the 发文字号, 2.25 pt, the border of an unindented paragraph (as wide as the text block)', () => {
    expect(head.rules).toHaveLength(1);
    const rule = head.rules[0] as (typeof head.rules)[number];
    expect(rule.top - line('通工党〔2025〕5号').bottom).toBeCloseTo(mm(4), 1);
    expect(rule).toMatchObject({ thickness: 2.25, color: 'FF0000' });
    const ruled = head.placed.find((p) => find(find(pPr(p.paragraph), 'pBdr'), 'bottom')) as Placed;
    expect(ruled.text).toBe('');
    expect(find(pPr(ruled.paragraph), 'ind')).toBeUndefined();
  });

  it('starts the title the 版头’s height below the text block’s top', () => {
    expect(head.end).toBeCloseTo(letterhead.heightPt, 1);
  });

  it('styles its lines with styles that indent no first line (the body style’s 2 characters would)', () => {
    const styles = pkg.xml('word/styles.xml');
    for (const id of ['FrameLine', 'Recipients', 'Attachments', 'Imprint']) {
      const s = styleById(styles, id);
      expect(child(s, 'basedOn')).toBeUndefined();
      expect(attr(find(s, 'ind'), 'firstLineChars')).toBe('0');
    }
  });
});

describe('主送机关, 附件说明 and the sealed signature in the DOCX', () => {
  it('sets the 主送机关 in its style under the title', () => {
    const ps = paragraphs(pkg.xml('word/document.xml'));
    const at = ps.findIndex((p) => p.style === 'Title');
    expect([ps[at + 1]?.style, ps[at + 1]?.text]).toEqual(['Recipients', '各乡镇工会：']);
  });

  it('hangs the attachments’ names under the first, one blank line above', () => {
    const ps = paragraphs(pkg.xml('word/document.xml')).filter((p) => p.style === 'Attachments');
    const pitch = 315; // one body character, 15.75 pt
    expect(ps.map((p) => [p.text, attr(find(p.element, 'ind'), 'left'), attr(find(p.element, 'ind'), 'hanging')])).toEqual([
      ['附件：1.整改问题清单', String(6 * pitch), String(4 * pitch)],
      ['2.基层工会审计进度表', String(6 * pitch), String(1 * pitch)],
    ]);
    expect(attr(find(ps[0]?.element, 'spacing'), 'before')).toBe('579');
  });

  it('puts two blank lines above a sealed signature, the date in from the right as the tree says', () => {
    const ps = paragraphs(pkg.xml('word/document.xml'));
    const issuer = ps.find((p) => p.style === 'Signature')?.element;
    const date = ps.find((p) => p.style === 'SignatureDate')?.element;
    expect(attr(find(issuer, 'spacing'), 'before')).toBe('1158');
    // (the 17-character issuer stands against the margin, the date 5.25 characters in, centred under it)
    expect(attr(find(issuer, 'ind'), 'right')).toBe('0');
    expect(attr(find(date, 'ind'), 'right')).toBe(String(Math.round(5.25 * 315)));
    expect(attr(find(date, 'jc'), 'val')).toBe('right');
  });
});

describe('the 附注 in the DOCX', () => {
  it('follows the date in its style, two characters in from the left; the date kept with it', async () => {
    const { template } = parseTemplate('notice.md', SOURCE.replace('加盖印章: 是\n', '加盖印章: 是\n附注: 此件公开发布\n'));
    const { settings } = readSettings(template);
    const ledger = ledgerOf([problem(1, '甲类问题', 'completed')]);
    const withNote = composeNotice(template, settings, ledger, computeStats(ledger, '2025-05-30' as IsoDate)).document;
    const ps = paragraphs(openDocx(await renderDocx(withNote)).xml('word/document.xml'));
    const at = ps.findIndex((p) => p.style === 'SignatureDate');
    const [date, note] = [ps[at]?.element, ps[at + 1]?.element];
    expect(text(note as Element)).toBe('（此件公开发布）');
    expect(ps[at + 1]?.style).toBe('SignatureDate');
    expect(attr(find(note, 'jc'), 'val')).toBe('left');
    expect(attr(find(note, 'ind'), 'left')).toBe(String(2 * 315));
    expect(find(date, 'keepNext')).toBeDefined();
    expect(find(note, 'keepNext')).toBeUndefined();
    // without a 附注, the date is the signature's last paragraph, as before
    const plain = paragraphs(pkg.xml('word/document.xml'));
    expect(find(plain.find((p) => p.style === 'SignatureDate')?.element, 'keepNext')).toBeUndefined();
  });
});

describe('the 版记 in the DOCX', () => {
  let anchor: Element;
  let imprint: Imprint;
  beforeAll(() => {
    imprint = doc.blocks.at(-1) as Imprint;
    anchor = pkg.xml('word/document.xml').getElementsByTagNameNS(WPD, 'anchor')[0] as Element;
  });

  it('is a text box at the foot of the text block, as wide as it, text never beside or under it', () => {
    const el = (name: string) => anchor.getElementsByTagNameNS(WPD, name)[0] as Element;
    const pos = (name: string) => [el(name).getAttribute('relativeFrom'), el(name).getElementsByTagNameNS(WPD, 'align')[0]?.textContent];
    expect(pos('positionV')).toEqual(['margin', 'bottom']);
    expect(pos('positionH')).toEqual(['margin', 'center']);
    expect(el('wrapTopAndBottom')).toBeDefined();
    const extent = el('extent');
    expect(Number(extent.getAttribute('cx')) / 12700).toBeCloseTo(textWidthPt(L), 1);
    // its height: from the first rule to the text block's foot (and the twip of paragraph above that rule)
    expect(Number(extent.getAttribute('cy')) / 12700).toBeCloseTo(textHeightPt(L) - (imprint.rules[0]?.topPt ?? 0) + 0.05, 1);
  });

  it('holds its lines and its rules (0.35, 0.25, 0.35 mm as Word’s eighths of a point) where the tree has them, ending on the foot', () => {
    const ps = elements(anchor as never, 'p');
    const top = imprint.rules[0]?.topPt ?? 0;
    const laid = stack(ps, top - 0.05);
    expect(laid.rules.map((r) => r.thickness)).toEqual([1, 0.75, 1]);
    expect([mm(0.35), mm(0.25)].map((t) => Math.round(t * 8) / 8)).toEqual([1, 0.75]);
    expect(laid.rules.map((r) => r.top)).toEqual(imprint.rules.map((r) => expect.closeTo(r.topPt, 0)));
    expect(laid.end).toBeCloseTo(textHeightPt(L), 0);
    for (const l of imprint.lines) expect(laid.placed.find((p) => p.text.startsWith(l.text))?.top).toBeCloseTo(l.topPt, 0);
    // rules stand under empty, unindented paragraphs (a border spans its paragraph's indents)
    for (const p of ps.filter((x) => find(find(pPr(x), 'pBdr'), 'bottom'))) {
      expect(text(p)).toBe('');
      expect(find(pPr(p), 'ind')).toBeUndefined();
    }
  });

  it('sets 印发日期 against a right tab one character (4号) in from the right margin', () => {
    const printer = elements(anchor as never, 'p').find((p) => text(p).startsWith('某某县总工会办公室')) as Element;
    expect(text(printer)).toBe('某某县总工会办公室2025年6月3日印发');
    const tab = find(find(pPr(printer), 'tabs'), 'tab');
    expect([attr(tab, 'val'), Number(attr(tab, 'pos')) / 20]).toEqual(['right', expect.closeTo(textWidthPt(L) - 14, 1)]);
    expect(attr(find(pPr(printer), 'ind'), 'left')).toBe('280');
  });

  it('shares the body’s last section unless the PDF put it on a page of its own', async () => {
    const sections = (bytes: Uint8Array) => elements(openDocx(bytes).xml('word/document.xml'), 'sectPr');
    expect(sections(await renderDocx(doc))).toHaveLength(1);
    const own = openDocx(await renderDocx(doc, { imprint: { ownPage: true, blankPageBefore: false } }));
    const [first, second] = elements(own.xml('word/document.xml'), 'sectPr');
    expect(attr(find(second, 'type'), 'val')).toBe('evenPage');
    expect(find(first, 'type')).toBeUndefined();
    // the anchor paragraph, alone in the second section
    const body = find(own.xml('word/document.xml').documentElement ?? undefined, 'body') as Element;
    const last = Array.from(body.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === 'p');
    expect(last.at(-1)?.getElementsByTagNameNS(WPD, 'anchor')).toHaveLength(1);
    expect(find(pPr(last.at(-2) as Element), 'sectPr')).toBeDefined();
  });

  it('leaves both pages unnumbered when an empty page comes before it', async () => {
    const own = openDocx(await renderDocx(doc, { imprint: { ownPage: true, blankPageBefore: true } }));
    const rels = own.xml('word/_rels/document.xml.rels');
    const target = (id: string | null) =>
      Array.from(rels.getElementsByTagName('Relationship'))
        .find((r) => r.getAttribute('Id') === id)
        ?.getAttribute('Target') as string;
    const [first, second] = elements(own.xml('word/document.xml'), 'sectPr');
    const footerTexts = (sectPr: Element | undefined) =>
      elements(sectPr as never, 'footerReference').map((r) =>
        elements(own.xml(`word/${target(r.getAttribute('r:id'))}`), 'instrText')
          .map((t) => t.textContent)
          .join(''),
      );
    expect(footerTexts(first).every((t) => /PAGE/u.test(t ?? ''))).toBe(true);
    expect(footerTexts(second)).toEqual(['', '']);
  });
});
