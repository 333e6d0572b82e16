/**
 * The 公文 frame in the document tree (compose/frame.ts): what each setting reads as, and where
 * GB/T 9704-2012 puts each part, in points below the text block's top.
 */
import { describe, expect, it } from 'vitest';
import {
  composeFrame,
  markSizePt,
  normalizeDocNumber,
  NO_FRAME,
  noteLines,
  sealedSignatureLines,
  wrapLines,
  type FrameSettings,
} from '../../pipeline/compose/frame.js';
import { composeNotice, signatureLines } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import type { Block, Imprint, Letterhead, Signature } from '../../pipeline/document/ast.js';
import { documentParagraphs, dumpDocument } from '../../pipeline/document/json.js';
import { GB_T_9704, PT_PER_MM, textHeightPt } from '../../pipeline/document/layout.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { displayWidth } from '../../pipeline/text/width.js';
import { runFullFrame } from '../helpers/example.js';
import { ledgerOf, problem } from '../helpers/ledger.js';

const L = GB_T_9704;
const PITCH = L.linePitchPt;
const mm = (v: number) => v * PT_PER_MM;

const FULL = `---
标题: 关于巡察整改进展情况的通报
发文机关: 某某县总工会党组
成文日期: 2025-05-30
份号: 12
密级: 机密
保密期限: ３年
紧急程度: 特急
发文机关标志: 某某县总工会党组文件
发文字号: 某工党[2025]05号
主送机关: 各乡镇工会，县直各基层工会:
附件:
  - 1.整改问题清单。
  - 基层工会审计进度表
加盖印章: 是
附注: (此件公开发布)
抄送: 县委巡察办, 县委第五巡察组
印发机关: 某某县总工会办公室
印发日期: 2025年6月3日
---
正文。
`;

function settingsOf(source: string) {
  const { template, diagnostics } = parseTemplate('notice.md', source);
  const read = readSettings(template);
  return { template, settings: read.settings, diagnostics: [...diagnostics, ...read.diagnostics].map(formatDiagnostic) };
}

function composed(source: string) {
  const { template, settings } = settingsOf(source);
  const ledger = ledgerOf([problem(1, '甲类问题', 'completed')]);
  return composeNotice(template, settings, ledger, computeStats(ledger, '2025-05-30' as IsoDate)).document;
}

const ofType = <T extends Block['type']>(blocks: Block[], type: T) => blocks.find((b) => b.type === type) as Extract<Block, { type: T }> | undefined;

describe('the frame’s settings', () => {
  it('read as GB/T 9704 writes them: 份号 six digits, 密级★保密期限, 〔〕 and no 虚位 in the 发文字号, endings added', () => {
    const { settings, diagnostics } = settingsOf(FULL);
    expect(diagnostics).toEqual([]);
    expect(settings.frame).toEqual({
      copyNumber: '000012',
      secrecy: '机密★3年',
      urgency: '特急',
      mark: '某某县总工会党组文件',
      docNumber: '某工党〔2025〕5号',
      recipients: '各乡镇工会，县直各基层工会：',
      attachments: ['整改问题清单', '基层工会审计进度表'],
      copyTo: '县委巡察办，县委第五巡察组。',
      printer: '某某县总工会办公室',
      printDate: '2025-06-03' as IsoDate,
      sealed: true,
      note: '（此件公开发布）',
    } satisfies FrameSettings);
  });

  it('are all optional: none gives no frame at all', () => {
    const { settings, diagnostics } = settingsOf('---\n标题: 甲\n发文机关: 乙\n---\n');
    expect(diagnostics).toEqual([]);
    expect(settings.frame).toEqual(NO_FRAME);
    expect(composeFrame(settings.frame, L, '2025-05-30' as IsoDate)).toEqual({ letterhead: null, recipients: null, attachments: null, imprint: null });
  });

  it('take one 附件 on the key’s own line, or a list of - lines', () => {
    expect(settingsOf('---\n标题: 甲\n发文机关: 乙\n附件: 整改问题清单\n---\n').settings.frame.attachments).toEqual(['整改问题清单']);
    const { template } = parseTemplate('notice.md', '---\n附件:\n  - 甲\n  － 乙\n---\n');
    expect(template.frontMatter.map((e) => [e.path, e.value, e.line, e.item])).toEqual([
      ['附件', '甲', 3, true],
      ['附件', '乙', 4, true],
    ]);
  });

  it('write 发文字号 brackets and numbers one way', () => {
    expect(normalizeDocNumber('通工党（2025）005号')).toBe('通工党〔2025〕5号');
    expect(normalizeDocNumber('通工党【2025】12号')).toBe('通工党〔2025〕12号');
    expect(normalizeDocNumber('通工党〔2025〕5号')).toBe('通工党〔2025〕5号');
    expect(normalizeDocNumber('通工党［２０２５］10号')).toBe('通工党〔2025〕10号');
  });

  it('that cannot be read are errors naming the line and what is accepted', () => {
    const { diagnostics } = settingsOf(`---
标题: 甲
发文机关: 乙
份号: 第一份
密级: 内部
保密期限: 1年
紧急程度: 急
发文字号: 某工党〔2025〕5号
加盖印章: 盖
---
`);
    expect(diagnostics).toEqual([
      '错误 notice.md:4：设置“份号”的值“第一份”无法识别，可填：6 位以内的数字，如 000001',
      '错误 notice.md:5：设置“密级”的值“内部”无法识别，可填：秘密、机密、绝密',
      '错误 notice.md:7：设置“紧急程度”的值“急”无法识别，可填：特急、加急',
      '错误 notice.md:8：设置“发文字号”需要同时设置“发文机关标志”',
      '错误 notice.md:9：设置“加盖印章”的值“盖”无法识别，可填：是、否',
    ]);
    expect(settingsOf('---\n标题: 甲\n发文机关: 乙\n保密期限: 1年\n---\n').diagnostics).toEqual(['错误 notice.md:4：设置“保密期限”需要同时设置“密级”']);
  });
});

describe('the 版头 (GB/T 9704 7.2)', () => {
  const doc = composed(FULL);
  const head = doc.blocks[0] as Letterhead;
  const line = (text: string) => head.lines.find((l) => l.text === text);

  it('comes first, the title after it, the 主送机关 under the title', () => {
    expect(doc.blocks.slice(0, 3).map((b) => b.type)).toEqual(['letterhead', 'title', 'recipients']);
    expect(ofType(doc.blocks, 'recipients')?.text).toBe('各乡镇工会，县直各基层工会：');
  });

  it('puts 份号, 密级 and 紧急程度 on lines 1–3, top left, 3号 (密级 and 紧急程度 in 黑体)', () => {
    expect(head.lines.slice(0, 3).map((l) => [l.text, l.role, l.sizePt, l.align, l.indentChars])).toEqual([
      ['000012', 'body', 16, 'left', 0],
      ['机密★3年', 'heading1', 16, 'left', 0],
      ['特急', 'heading1', 16, 'left', 0],
    ]);
    // each at the foot of its body line
    expect(head.lines.slice(0, 3).map((l) => l.topPt + l.sizePt)).toEqual([1, 2, 3].map((n) => expect.closeTo(n * PITCH, 9)));
  });

  it('stacks the corner lines from line 1 when some are not given', () => {
    const only = composeFrame({ ...NO_FRAME, urgency: '加急' }, L, '2025-05-30' as IsoDate).letterhead as Letterhead;
    expect(only.lines.map((l) => [l.text, l.topPt + l.sizePt])).toEqual([['加急', expect.closeTo(PITCH, 9)]]);
    expect(only.rules).toEqual([]);
    expect(only.heightPt).toBeCloseTo(PITCH, 9);
  });

  it('sets the 标志 red in 小标宋, centred, its top 35 mm below the text block’s top, as large as fits (at most 初号)', () => {
    const mark = line('某某县总工会党组文件');
    expect(mark).toMatchObject({ role: 'title', align: 'center', color: 'FF0000', sizePt: 42 });
    expect(mark?.topPt).toBeCloseTo(mm(35), 9);
    expect(markSizePt('中共通道侗族自治县总工会党组文件', L)).toBe(27.5);
    expect(16 * 27.5).toBeLessThanOrEqual(mm(156));
  });

  it('centres the 发文字号 two blank lines under the 标志, the red line 4 mm under it, as wide as the text block', () => {
    const mark = line('某某县总工会党组文件');
    const number = line('某工党〔2025〕5号');
    expect(number).toMatchObject({ role: 'body', sizePt: 16, align: 'center' });
    // its line's top: the 标志's foot and two blank lines
    expect((number?.topPt ?? 0) + 16 - PITCH).toBeCloseTo((mark?.topPt ?? 0) + 42 + 2 * PITCH, 9);
    expect(head.rules).toEqual([{ topPt: expect.closeTo((number?.topPt ?? 0) + 16 + mm(4), 9), thicknessPt: 2.25, color: 'FF0000' }]);
  });

  it('puts the title on the first whole line two blank lines below the red line', () => {
    const rule = head.rules[0];
    const bottom = (rule?.topPt ?? 0) + (rule?.thicknessPt ?? 0);
    expect(head.heightPt / PITCH).toBeCloseTo(Math.round(head.heightPt / PITCH), 9);
    expect(head.heightPt).toBeGreaterThanOrEqual(bottom + 2 * PITCH);
    expect(head.heightPt).toBeLessThan(bottom + 3 * PITCH);
  });
});

describe('the 附件说明 and the signature (GB/T 9704 7.3.4, 7.3.5)', () => {
  const doc = composed(FULL);

  it('numbers the attachments, 附件： two characters in, the later names under the first', () => {
    const items = ofType(doc.blocks, 'attachments')?.items;
    expect(items).toEqual([
      { text: '附件：1.整改问题清单', indentChars: 2, wrapIndentChars: 6 },
      { text: '2.基层工会审计进度表', indentChars: 5, wrapIndentChars: 6 },
    ]);
    const one = composeFrame({ ...NO_FRAME, attachments: ['清单'] }, L, '2025-05-30' as IsoDate).attachments;
    expect(one?.items).toEqual([{ text: '附件：清单', indentChars: 2, wrapIndentChars: 5 }]);
  });

  it('puts them after the body and before the signature, the 版记 last', () => {
    expect(doc.blocks.slice(-3).map((b) => b.type)).toEqual(['attachments', 'signature', 'imprint']);
  });

  it('keeps the 附件说明 whole and with the signature, and the body’s last paragraph with it (compose/keep.ts)', () => {
    const [body, attachments] = doc.blocks.slice(-4, -2);
    expect(attachments).toMatchObject({ type: 'attachments', keepWithNext: true, keepTogether: true });
    expect(body).toMatchObject({ type: 'paragraph', keepWithNext: true });
  });

  it('seals: the date four characters in from the right, the issuer centred over it, two blank lines above', () => {
    const signature = ofType(doc.blocks, 'signature') as Signature;
    expect(signature).toEqual({
      type: 'signature',
      issuer: { text: '某某县总工会党组', align: 'right', indentChars: 4 + (6.5 - 8) / 2 },
      date: { text: '2025年5月30日', align: 'right', indentChars: 4 },
      blankLinesBefore: 2,
      note: [{ text: '（此件公开发布）', align: 'left', indentChars: 2 }],
    });
    // the middles of the two lines one above the other
    const middle = (l: Signature['issuer']) => l.indentChars + displayWidth(l.text) / 2;
    expect(middle(signature.issuer)).toBeCloseTo(middle(signature.date), 9);
  });

  it('moves the date in when the issuer is too long to stand centred over it inside the margin', () => {
    const lines = sealedSignatureLines('中国共产党通道侗族自治县总工会党组', '2025年5月30日', L);
    expect(lines.issuer.indentChars).toBe(0);
    expect(lines.date.indentChars).toBeCloseTo((17 - 6.5) / 2, 9);
  });

  it('sets the 附注 under the date, in full-width brackets whether or not they were typed, two characters in; a long one wraps to the margin (7.3.7)', () => {
    for (const typed of ['此件公开发布', '（此件公开发布）', '(此件公开发布)'])
      expect(composed(FULL.replace('附注: (此件公开发布)', `附注: ${typed}`)).blocks.find((b) => b.type === 'signature')).toMatchObject({
        note: [{ text: '（此件公开发布）', align: 'left', indentChars: 2 }],
      });
    const long = `（${'此'.repeat(30)}）`;
    expect(noteLines(long, L.charsPerLine)).toEqual([
      { text: `（${'此'.repeat(25)}`, align: 'left', indentChars: 2 },
      { text: `${'此'.repeat(5)}）`, align: 'left', indentChars: 0 },
    ]);
    expect(ofType(composed(FULL.replace('附注: (此件公开发布)\n', '')).blocks, 'signature')).not.toHaveProperty('note');
  });

  it('keeps the unsealed signature when 加盖印章 is not 是', () => {
    const signature = ofType(composed(FULL.replace('加盖印章: 是', '加盖印章: 否')).blocks, 'signature');
    expect(signature?.blankLinesBefore).toBe(1);
    expect(signature).toMatchObject(signatureLines('某某县总工会党组', '2025年5月30日', L.charsPerLine));
  });
});

describe('the 版记 (GB/T 9704 7.4)', () => {
  const imprint = composed(FULL).blocks.at(-1) as Imprint;
  const foot = textHeightPt(L);

  it('ends on the text block’s foot: the last rule 0.35 mm, the one between 0.25 mm, the first 0.35 mm', () => {
    expect(imprint.rules.map((r) => r.thicknessPt)).toEqual([mm(0.35), mm(0.25), mm(0.35)]);
    const last = imprint.rules[2];
    expect((last?.topPt ?? 0) + (last?.thicknessPt ?? 0)).toBeCloseTo(foot, 9);
    expect(foot).toBeCloseTo(mm(225), 9);
  });

  it('sets 抄送 and 印发机关 one character in at 4号, 印发日期 one character in from the right, each centred in its line between the rules', () => {
    expect(imprint.lines.map((l) => [l.text, l.indentChars, l.right, l.sizePt])).toEqual([
      ['抄送：县委巡察办，县委第五巡察组。', 1, undefined, 14],
      ['某某县总工会办公室', 1, { text: '2025年6月3日印发', indentChars: 1 }, 14],
    ]);
    const [first, middle, last] = imprint.rules;
    const [copy, printer] = imprint.lines;
    expect(copy?.topPt).toBeCloseTo((first?.topPt ?? 0) + mm(0.35) + (PITCH - 14) / 2, 9);
    expect(printer?.topPt).toBeCloseTo((middle?.topPt ?? 0) + mm(0.25) + (PITCH - 14) / 2, 9);
    expect((printer?.topPt ?? 0) + 14 + (PITCH - 14) / 2).toBeCloseTo(last?.topPt ?? 0, 9);
  });

  it('wraps a long 抄送 with its lines after the first aligned with the first character after the colon', () => {
    const long = composeFrame({ ...NO_FRAME, copyTo: `${'县委办公室，'.repeat(6)}县政府办公室。`, printer: '办公室' }, L, '2025-05-30' as IsoDate)
      .imprint as Imprint;
    expect(long.lines.map((l) => [l.text, l.indentChars])).toEqual([
      ['抄送：县委办公室，县委办公室，县委办公室，县委办公室，县委', 1],
      ['办公室，县委办公室，县政府办公室。', 4],
      ['办公室', 1],
    ]);
    // 29 characters of 14 pt fit the text block less a character at each side
    expect(displayWidth(long.lines[0]?.text ?? '')).toBe(29);
    expect(long.rules).toHaveLength(3);
  });

  it('has no rule between when there is only 抄送 or only 印发机关; prints on the document date when 印发日期 is not given', () => {
    const copyOnly = composeFrame({ ...NO_FRAME, copyTo: '县委办。' }, L, '2025-05-30' as IsoDate).imprint as Imprint;
    expect(copyOnly.rules).toHaveLength(2);
    const printerOnly = composeFrame({ ...NO_FRAME, printer: '办公室' }, L, '2025-05-30' as IsoDate).imprint as Imprint;
    expect(printerOnly.rules).toHaveLength(2);
    expect(printerOnly.lines[0]?.right?.text).toBe('2025年5月30日印发');
  });

  it('never starts a wrapped line with closing punctuation', () => {
    expect(wrapLines('甲乙丙，丁', 3, 3)).toEqual(['甲乙', '丙，丁']);
  });
});

describe('the full-frame example (examples/full-frame/notice.md)', () => {
  it('builds over the shipped ledgers with every part of the frame', async () => {
    const result = await runFullFrame();
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const doc = result.notice;
    const text = documentParagraphs(doc as NonNullable<typeof doc>);
    for (const part of [
      '000001',
      '秘密★1年',
      '加急',
      '中共通道侗族自治县总工会党组文件',
      '通工党〔2025〕5号',
      '2025年5月30日印发',
      '通道侗族自治县总工会办公室',
    ]) {
      expect(text).toContain(part);
    }
    expect(dumpDocument(doc as NonNullable<typeof doc>)).toContain(
      'signature: 中国共产党通道侗族自治县总工会党组 (right 0) | 2025年5月30日 (right 5.25) after 2 blank lines | note （此件公开发布） (left 2)',
    );
    expect(doc?.blocks.find((b) => b.type === 'signature')).toMatchObject({ note: [{ text: '（此件公开发布）', align: 'left', indentChars: 2 }] });
  });
});
