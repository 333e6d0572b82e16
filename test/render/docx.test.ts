import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../pipeline/document/ast.js';
import { GB_T_9704 } from '../../pipeline/document/layout.js';
import { gridCharSpace, renderDocx } from '../../pipeline/render/docx/index.js';
import { NO_LINE_END, NO_LINE_START } from '../../pipeline/text/line-break.js';
import { attr, child, elements, find, openDocx, paragraphs, styleById, type DocxPackage } from '../helpers/docx.js';
import { normalizeForComparison, REFERENCE_NOTICE, runExample } from '../helpers/example.js';

/**
 * The reference's own defects: where the published web text differs from a correct notice,
 * the reference line is replaced by what the notice must say, with the reason.
 */
const REFERENCE_DEFECTS: { reference: string; expected: string | null; reason: string }[] = [
  { reference: '首页 > 新闻中心 > 通知公告', expected: null, reason: 'web page navigation above the title, not part of the notice' },
  {
    reference: '发布时间:2025-06-06 16:17 信息来源:中国共产党通道侗族自治县总工会党组',
    expected: null,
    reason: 'web page publication line, not part of the notice',
  },
  {
    reference: '(十二)临聘人员聘用欠规范',
    expected: '(十二)反馈问题:临聘人员聘用欠规范',
    reason: 'every other category heading reads （N）反馈问题：…; the generated heading follows the rule',
  },
];

function referenceParagraphs(): string[] {
  const lines = readFileSync(REFERENCE_NOTICE, 'utf8')
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l.replace(/[\s\u2002]/gu, '') !== '');
  const out: string[] = [];
  for (const line of lines) {
    const defect = REFERENCE_DEFECTS.find((d) => normalizeForComparison(d.reference) === normalizeForComparison(line));
    if (!defect) out.push(line);
    else if (defect.expected !== null) out.push(defect.expected);
  }
  return out.map(normalizeForComparison);
}

let notice: Document;
let pkg: DocxPackage;

beforeAll(async () => {
  const result = await runExample();
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.notice).not.toBeNull();
  notice = result.notice as Document;
  pkg = openDocx(await renderDocx(notice));
});

describe('the shipped example notice, against the reference', () => {
  it('every paragraph from the title to the date matches the reference, in order', () => {
    const generated = paragraphs(pkg.xml('word/document.xml'))
      .map((p) => normalizeForComparison(p.text))
      .filter((t) => t !== '');
    const reference = referenceParagraphs();
    // Compare line by line first, so a failure names the first paragraph that differs.
    for (let i = 0; i < Math.max(generated.length, reference.length); i++) {
      expect.soft(generated[i], `paragraph ${i + 1}`).toBe(reference[i]);
    }
    expect(generated).toHaveLength(178);
  });

  it('uses every defect it lists (a listed defect that no longer occurs is stale)', () => {
    const raw = readFileSync(REFERENCE_NOTICE, 'utf8').split(/\r?\n/u).map(normalizeForComparison);
    for (const defect of REFERENCE_DEFECTS) expect(raw, defect.reason).toContain(normalizeForComparison(defect.reference));
  });

  it('styles each kind of paragraph with its named style', () => {
    const ps = paragraphs(pkg.xml('word/document.xml'));
    const styleOf = (start: string) => ps.find((p) => p.text.startsWith(start))?.style;
    expect(styleOf('中共通道侗族自治县总工会党组关于')).toBe('Title');
    expect(styleOf('一、组织整改落实情况')).toBe('Heading1');
    expect(styleOf('（一）反馈问题：学习贯彻')).toBe('Heading2');
    expect(styleOf('1.党组理论学习中心组应付式学习。')).toBe('Heading3');
    expect(styleOf('整改结果：完成')).toBe('Normal');
    expect(styleOf('中国共产党通道侗族自治县总工会党组')).toBe('Signature');
    expect(styleOf('2025年5月30日')).toBe('SignatureDate');
  });

  it('writes full-width punctuation in generated text', () => {
    const text = paragraphs(pkg.xml('word/document.xml'))
      .map((p) => p.text)
      .join('\n');
    expect(text).toContain('（十二）反馈问题：临聘人员聘用欠规范');
    expect(text).toContain('除问题14在2026年底前完成外，其他12.15.16.19等4个问题必须在2025年底前完成。');
    expect(text).not.toMatch(/[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]/u);
  });
});

describe('DOCX layout (GB/T 9704)', () => {
  it('is well-formed XML in every part', () => {
    for (const path of Object.keys(pkg.parts).filter((p) => p.endsWith('.xml') || p.endsWith('.rels'))) {
      expect(() => pkg.xml(path), path).not.toThrow();
    }
  });

  it('has an A4 page, margins 37/35/28/26 mm and a 22 × 28 grid', () => {
    const sectPr = elements(pkg.xml('word/document.xml'), 'sectPr')[0];
    const pgSz = find(sectPr, 'pgSz');
    expect([attr(pgSz, 'w'), attr(pgSz, 'h')]).toEqual(['11906', '16838']);
    const pgMar = find(sectPr, 'pgMar');
    // 37 mm = 2098 twips, 35 mm = 1984, 28 mm = 1587, 26 mm = 1474
    expect([attr(pgMar, 'top'), attr(pgMar, 'bottom'), attr(pgMar, 'left'), attr(pgMar, 'right')]).toEqual(['2098', '1984', '1587', '1474']);
    const grid = find(sectPr, 'docGrid');
    expect(attr(grid, 'type')).toBe('linesAndChars');
    expect(attr(grid, 'linePitch')).toBe('579');
    const charSpace = Number(attr(grid, 'charSpace'));
    expect(charSpace).toBe(gridCharSpace(GB_T_9704));
    // The grid pitch (16 pt + charSpace/4096) fits 28 characters in the text width Word computes
    // from the page and margins in twips (8845 twips, 442.25 pt), and not 29.
    const pitchPt = 16 + charSpace / 4096;
    const textWidthPt = (11906 - 1587 - 1474) / 20;
    expect(28 * pitchPt).toBeLessThanOrEqual(textWidthPt);
    expect(29 * pitchPt).toBeGreaterThan(textWidthPt);
    expect(charSpace).toBe(-842);
  });

  it('sets fonts as eastAsia (and ascii/hAnsi) names and sizes per style', () => {
    const styles = pkg.xml('word/styles.xml');
    const fontsOf = (id: string) => {
      const rFonts = find(styleById(styles, id), 'rFonts');
      return { eastAsia: attr(rFonts, 'eastAsia'), ascii: attr(rFonts, 'ascii'), hAnsi: attr(rFonts, 'hAnsi') };
    };
    const sizeOf = (id: string) => attr(find(styleById(styles, id), 'sz'), 'val');
    expect(fontsOf('Normal')).toEqual({ eastAsia: '仿宋_GB2312', ascii: '仿宋_GB2312', hAnsi: '仿宋_GB2312' });
    expect(fontsOf('Title').eastAsia).toBe('方正小标宋简体');
    expect(fontsOf('Heading1').eastAsia).toBe('黑体');
    expect(fontsOf('Heading2').eastAsia).toBe('楷体_GB2312');
    expect(fontsOf('Heading3').eastAsia).toBe('仿宋_GB2312');
    expect(fontsOf('PageNumber').eastAsia).toBe('宋体');
    expect(sizeOf('Normal')).toBe('32');
    expect(sizeOf('Title')).toBe('44');
    expect(sizeOf('Heading1')).toBe('32');
    expect(sizeOf('PageNumber')).toBe('28');
  });

  it('indents body paragraphs two characters and centres the title with a blank line below', () => {
    const styles = pkg.xml('word/styles.xml');
    const normal = styleById(styles, 'Normal');
    expect(attr(find(normal, 'ind'), 'firstLineChars')).toBe('200');
    const pPr = child(normal, 'pPr');
    const spacing = find(pPr, 'spacing');
    expect([attr(spacing, 'line'), attr(spacing, 'lineRule')]).toEqual(['579', 'exact']);
    // 28 characters per line without relying on the character grid: no snapping, −0.3 pt spacing
    // (16 − 0.3 = 15.7 pt per character; 28 × 15.7 = 439.6 pt ≤ 442.25 pt; 29 would not fit),
    // and each character narrower than the 15.75 pt grid cell LibreOffice sizes the text block in.
    expect(attr(find(pPr, 'snapToGrid'), 'val')).toBe('0');
    const rPr = child(normal, 'rPr');
    expect(attr(find(rPr, 'spacing'), 'val')).toBe('-6');
    expect(28 * (16 - 0.3)).toBeLessThanOrEqual((11906 - 1587 - 1474) / 20);
    expect(29 * (16 - 0.3)).toBeGreaterThan((11906 - 1587 - 1474) / 20);
    expect(16 - 0.3).toBeLessThan(315 / 20);
    const title = styleById(styles, 'Title');
    expect(attr(find(title, 'jc'), 'val')).toBe('center');
    expect(attr(find(title, 'ind'), 'firstLineChars')).toBe('0');
    expect(attr(find(title, 'spacing'), 'after')).toBe('579');
    expect(attr(find(styleById(styles, 'Heading1'), 'outlineLvl'), 'val')).toBe('0');
  });

  it('places the unsealed signature: issuer two characters in from the right, date two characters right of its start', () => {
    const ps = paragraphs(pkg.xml('word/document.xml'));
    const issuer = ps.find((p) => p.style === 'Signature');
    const date = ps.find((p) => p.style === 'SignatureDate');
    const pitchTwips = (16 - 0.25) * 20; // one body character's advance
    const pPr = (p: typeof issuer) => child(p?.element as never, 'pPr');
    expect(attr(find(pPr(issuer), 'jc'), 'val')).toBe('right');
    expect(Number(attr(find(pPr(issuer), 'ind'), 'right'))).toBe(Math.round(2 * pitchTwips));
    // the issuer's 17 characters end two characters from the right, so it starts at character
    // 28 − 2 − 17 = 9; the date starts two characters further right, at 11
    expect(issuer?.text).toHaveLength(17);
    expect(attr(find(pPr(date), 'jc'), 'val')).toBe('left');
    expect(Number(attr(find(pPr(date), 'ind'), 'left'))).toBe(Math.round(11 * pitchTwips));
    expect(date?.text).toBe('2025年5月30日');
  });

  it('numbers pages — N — in 14 pt, odd pages right and even pages left, indented one character', () => {
    const settings = pkg.xml('word/settings.xml');
    expect(elements(settings, 'evenAndOddHeaders')).toHaveLength(1);
    const sectPr = elements(pkg.xml('word/document.xml'), 'sectPr')[0];
    const refs = Object.fromEntries(
      find(sectPr, 'footerReference') ? elements(sectPr as never, 'footerReference').map((r) => [attr(r, 'type'), r.getAttribute('r:id')]) : [],
    );
    expect(Object.keys(refs).sort()).toEqual(['default', 'even']);
    const rels = pkg.xml('word/_rels/document.xml.rels');
    const target = (id: string) =>
      Array.from(rels.getElementsByTagName('Relationship'))
        .find((r) => r.getAttribute('Id') === id)
        ?.getAttribute('Target');
    const footer = (type: string) => pkg.xml(`word/${target(refs[type] as string)}`);
    for (const [type, align, side] of [
      ['default', 'right', 'right'],
      ['even', 'left', 'left'],
    ] as const) {
      const doc = footer(type);
      const p = paragraphs(doc)[0];
      expect(p?.style).toBe('PageNumber');
      expect(p?.text).toBe('—  —');
      expect(elements(doc, 'instrText').map((i) => i.textContent?.trim())).toEqual(['PAGE']);
      const pPr = child(p?.element as never, 'pPr');
      expect(attr(find(pPr, 'jc'), 'val')).toBe(align);
      expect(attr(find(pPr, 'ind'), side)).toBe('280');
    }
  });

  it('carries the document date, not the clock, in core.xml', () => {
    const core = new TextDecoder().decode(pkg.parts['docProps/core.xml']);
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-05-30T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-05-30T00:00:00Z</dcterms:modified>');
  });

  it('gives the same bytes for the same document', async () => {
    const again = await renderDocx(notice);
    const first = await renderDocx(notice);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
  });

  it('breaks lines and pages as the PDF does: exact 28.95 pt lines, no auto space, no hanging punctuation, widow control', () => {
    const styles = pkg.xml('word/styles.xml');
    const defaults = find(elements(styles, 'pPrDefault')[0], 'pPr');
    const val = (name: string) => attr(find(defaults, name), 'val');
    // Word and WPS: 自动调整中文与西文/数字的间距 off (on when absent: `2024 年 7 月`)
    expect([val('autoSpaceDE'), val('autoSpaceDN')]).toEqual(['0', '0']);
    // 允许标点溢出边界 off (on when absent): a closing mark that does not fit takes the character before it along
    expect(val('overflowPunct')).toBe('0');
    // kinsoku (按中文习惯控制首尾字符) stays on: not written off anywhere
    expect(elements(styles, 'kinsoku').filter((k) => attr(k, 'val') === '0')).toEqual([]);
    // 孤行控制 on (the layout's widowControl): written without a value, which is on
    expect(find(defaults, 'widowControl')).toBeDefined();
    expect(val('widowControl')).toBeNull();
    const spacing = find(defaults, 'spacing');
    expect([attr(spacing, 'line'), attr(spacing, 'lineRule')]).toEqual(['579', 'exact']);
    // the elements in the schema's order (CT_PPrBase), which Word requires
    const order = ['widowControl', 'overflowPunct', 'autoSpaceDE', 'autoSpaceDN', 'spacing'];
    const names = Array.from((defaults as NonNullable<typeof defaults>).childNodes)
      .filter((n) => n.nodeType === 1)
      .map((n) => (n as unknown as { localName: string }).localName);
    expect(names).toEqual(order);
    // every body style keeps the exact pitch (the table and page-number styles have their own)
    for (const id of ['Normal', 'Title', 'Signature']) {
      const s = find(child(styleById(styles, id), 'pPr'), 'spacing');
      expect([id, attr(s, 'line'), attr(s, 'lineRule')]).toEqual([id, '579', 'exact']);
    }
    // nothing switches them back on (widow control: off), in a style or a paragraph
    for (const part of ['word/styles.xml', 'word/document.xml']) {
      expect(elements(pkg.xml(part), 'widowControl').filter((e) => attr(e, 'val') === '0' || attr(e, 'val') === 'false')).toEqual([]);
      for (const name of ['autoSpaceDE', 'autoSpaceDN', 'overflowPunct']) {
        expect(
          elements(pkg.xml(part), name)
            .map((e) => attr(e, 'val'))
            .filter((v) => v !== '0'),
          `${part} ${name}`,
        ).toEqual([]);
      }
    }
  });

  it('gives Word and WPS the PDF’s first and last characters of a line (custom 首尾字符 for zh-CN): dates and numbers with their unit stay whole', () => {
    const settings = pkg.xml('word/settings.xml');
    const before = elements(settings, 'noLineBreaksBefore');
    const after = elements(settings, 'noLineBreaksAfter');
    expect([before.length, after.length]).toEqual([1, 1]);
    expect([attr(before[0], 'lang'), attr(after[0], 'lang')]).toEqual(['zh-CN', 'zh-CN']);
    expect(attr(before[0], 'val')).toBe(NO_LINE_START);
    expect(attr(after[0], 'val')).toBe(NO_LINE_END);
    // Word's standard lists are kept (a custom list replaces them), with the units and 年 月 added
    for (const c of '，。；：、？！）》」』】〕”’…%') expect(NO_LINE_START).toContain(c);
    for (const c of '（《「『【〔“‘') expect(NO_LINE_END).toContain(c);
    for (const c of '年月日个人家') expect(NO_LINE_START).toContain(c);
    for (const c of '年月') expect(NO_LINE_END).toContain(c);
    // the text is tagged Chinese, which the lists apply to
    expect(attr(find(elements(pkg.xml('word/styles.xml'), 'rPrDefault')[0], 'lang'), 'eastAsia')).toBe('zh-CN');
    // what the docx library wrote is still there: odd and even footers, Word 2013+ layout
    expect(elements(settings, 'evenAndOddHeaders')).toHaveLength(1);
    expect(elements(settings, 'compatSetting').map((c) => [attr(c, 'name'), attr(c, 'val')])).toEqual([['compatibilityMode', '15']]);
    // and the elements come in the schema's order
    const names = Array.from(settings.documentElement?.childNodes ?? [])
      .filter((n) => n.nodeType === 1)
      .map((n) => (n as unknown as { localName: string }).localName);
    expect(names).toEqual(['displayBackgroundShape', 'defaultTabStop', 'evenAndOddHeaders', 'noLineBreaksAfter', 'noLineBreaksBefore', 'compat']);
  });

  it('keeps what the tree keeps: headings whole and with what follows, an item’s 整改结果 with its 整改情况, the last lines with the signature', () => {
    const styles = pkg.xml('word/styles.xml');
    for (const id of ['Heading1', 'Heading2', 'Heading3', 'Heading4']) {
      const pPr = child(styleById(styles, id), 'pPr');
      expect([id, find(pPr, 'keepNext') !== undefined, find(pPr, 'keepLines') !== undefined]).toEqual([id, true, true]);
    }
    // the body style keeps neither; the issuer keeps with the date
    expect(elements(styleById(styles, 'Normal'), 'keepNext')).toEqual([]);
    expect(find(child(styleById(styles, 'Signature'), 'pPr'), 'keepNext')).toBeDefined();
    // paragraph by paragraph, the DOCX says what the tree says (a heading's style keeps, unless the paragraph says not)
    const docxParagraphs = paragraphs(pkg.xml('word/document.xml'));
    const kept = (p: (typeof docxParagraphs)[number]) => {
      const own = find(child(p.element, 'pPr'), 'keepNext');
      if (own) return attr(own, 'val') !== 'false' && attr(own, 'val') !== '0';
      return p.style?.startsWith('Heading') === true;
    };
    const body = notice.blocks.filter((b) => b.type === 'heading' || b.type === 'paragraph');
    const bodyParagraphs = docxParagraphs.filter((p) => p.style === 'Normal' || p.style?.startsWith('Heading'));
    expect(bodyParagraphs.map((p) => p.text)).toEqual(body.map((b) => b.content.map((i) => i.text).join('')));
    expect(bodyParagraphs.map(kept)).toEqual(body.map((b) => b.keepWithNext === true));
    // the rules did fire: every item's 整改结果, and the closing paragraph
    const statusLines = bodyParagraphs.filter((p) => p.text.startsWith('整改结果：'));
    expect(statusLines.length).toBe(44);
    expect(statusLines.every(kept)).toBe(true);
    expect(kept(bodyParagraphs.at(-1) as (typeof bodyParagraphs)[number])).toBe(true);
  });

  it('declares each font with a fallback: 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, with PANOSE and the GB2312 character set', () => {
    const table = pkg.xml('word/fontTable.xml');
    const fonts: Record<string, ReturnType<typeof elements>[number]> = Object.fromEntries(elements(table, 'font').map((f) => [attr(f, 'name'), f]));
    expect(Object.keys(fonts).sort()).toEqual(['仿宋_GB2312', '宋体', '方正小标宋简体', '楷体_GB2312', '黑体'].sort());
    const alt = (name: string) => attr(find(fonts[name], 'altName'), 'val');
    expect(alt('仿宋_GB2312')).toBe('仿宋');
    expect(alt('楷体_GB2312')).toBe('楷体');
    expect(alt('黑体')).toBe('SimHei');
    expect(alt('宋体')).toBe('SimSun');
    for (const [name, font] of Object.entries(fonts)) {
      expect([name, attr(find(font, 'charset'), 'val')]).toEqual([name, '86']);
      expect(attr(find(font, 'panose1'), 'val'), name).toMatch(/^[0-9A-F]{20}$/u);
    }
    // the style fonts all appear in the table
    const styleFonts = new Set(elements(pkg.xml('word/styles.xml'), 'rFonts').map((r) => attr(r, 'eastAsia')));
    for (const name of styleFonts) expect(Object.keys(fonts)).toContain(name);
    // the package lists the part
    const types = new TextDecoder().decode(pkg.parts['[Content_Types].xml']);
    expect(types).toContain('/word/fontTable.xml');
  });
});
