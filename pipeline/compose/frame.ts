/**
 * The 公文 frame (GB/T 9704-2012), a function of a template's settings that any composed
 * document can use (the notice; the quarterly report): every part optional, each placed here,
 * so that the writers only draw what the tree says.
 *
 *   版头 (7.2)      份号, 密级和保密期限, 紧急程度 on the first lines, top left; the red
 *                   发文机关标志 centred, its top 35 mm below the text block's top; the 发文字号
 *                   centred two blank lines below it; the red line 4 mm below the 发文字号;
 *                   the title two blank lines below the red line (on the next whole line)
 *   主送机关 (7.3.3) under the title, flush left, ending with a full-width colon
 *   附件说明 (7.3.4) one blank line under the body, two characters in: 附件：1.……
 *   署名 (7.3.5)    sealed: the date four characters in from the right, the issuer centred over
 *                   it, two blank lines above (room for the seal); unsealed as before
 *   版记 (7.4)      抄送 (one character in at each side, wrapped lines aligned after the colon,
 *                   ending with 。), 印发机关 and 印发日期 on one line, between rules as wide as
 *                   the text block (0.35 mm outside, 0.25 mm between), the last one on the text
 *                   block's foot: the writers put it at the foot of the last page, an even page
 *
 * Positions are of em boxes (layout.ts EM_BOX_ASCENT), in points below the text block's top
 * edge. A line of the frame set on a body line sits at that line's foot, as Word and WPS set a
 * line of exact height; the 版记's lines are centred in theirs.
 */
import type { IsoDate } from '../dates.js';
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Attachments, FrameLine, FrameRule, Imprint, Letterhead, Recipients, SignatureLine } from '../document/ast.js';
import { PT_PER_MM, textHeightPt, textWidthPt, type Layout } from '../document/layout.js';
import * as msg from '../messages.js';
import { displayWidth } from '../text/width.js';
import { chineseDate, fullWidthPunctuation } from '../text/zh.js';

export interface FrameSettings {
  /** 份号: six digits */
  copyNumber: string | null;
  /** 密级 and 保密期限: 机密★1年 */
  secrecy: string | null;
  /** 紧急程度: 特急, 加急 */
  urgency: string | null;
  /** 发文机关标志 */
  mark: string | null;
  /** 发文字号, with 〔〕 and no leading zero: 通工党〔2025〕5号 */
  docNumber: string | null;
  /** 主送机关, ending with ： */
  recipients: string | null;
  /** 附件 names, in order */
  attachments: string[];
  /** 抄送, ending with 。 */
  copyTo: string | null;
  /** 印发机关 */
  printer: string | null;
  /** 印发日期 (the document date when not given) */
  printDate: IsoDate | null;
  /** 加盖印章: the sealed signature */
  sealed: boolean;
  /** 附注 (7.3.7), in full-width brackets: （此件公开发布） */
  note: string | null;
}

export const NO_FRAME: FrameSettings = {
  copyNumber: null,
  secrecy: null,
  urgency: null,
  mark: null,
  docNumber: null,
  recipients: null,
  attachments: [],
  copyTo: null,
  printer: null,
  printDate: null,
  sealed: false,
  note: null,
};

/** The frame's settings in the template's front matter (README, 给工作人员). */
export const FRAME_TEXT_KEYS = [
  '份号',
  '密级',
  '保密期限',
  '紧急程度',
  '发文机关标志',
  '发文字号',
  '主送机关',
  '抄送',
  '印发机关',
  '加盖印章',
  '附注',
] as const;
export const FRAME_DATE_KEYS = ['印发日期'] as const;
/** Keys whose value may be a list of `- 值` lines. */
export const FRAME_LIST_KEYS = ['附件'] as const;

export const SECRECY_LEVELS = ['秘密', '机密', '绝密'];
export const URGENCY_LEVELS = ['特急', '加急'];
const YES_NO = ['是', '否'];
const COPY_NUMBER_DIGITS = 6;

interface SettingValue {
  value: string;
  line: number;
}

export interface FrameSettingsSource {
  file: string;
  text(key: string): SettingValue | null;
  list(key: string): SettingValue[];
  date(key: string): IsoDate | null;
}

/** 通工党[2025]05号, 通工党（2025）5号 → 通工党〔2025〕5号: 〔〕 around the year, no 虚位 before the number. */
export function normalizeDocNumber(value: string): string {
  const text = value.normalize('NFKC').replace(/\s+/gu, '');
  return text.replace(/[[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]0*(\d+)/u, '〔$1〕$2');
}

/** Full-width punctuation, with no space left beside it (`甲, 乙` → `甲，乙`). */
function tidy(text: string): string {
  return fullWidthPunctuation(text.trim()).replace(/\s*([，、；：。])\s*/gu, '$1');
}

function withEnding(text: string, ending: string, strip: RegExp): string {
  return `${tidy(text).replace(strip, '')}${ending}`;
}

export function readFrameSettings(source: FrameSettingsSource, diagnostics: Diagnostic[]): FrameSettings {
  const place = (v: SettingValue): Place => ({ file: source.file, line: v.line });
  const text = (key: string): string | null => source.text(key)?.value.trim() || null;
  const oneOf = (key: string, accepted: readonly string[]): string | null => {
    const v = source.text(key);
    if (!v || v.value.trim() === '') return null;
    const word = v.value.trim();
    if (accepted.includes(word)) return word;
    diagnostics.push(msg.templateBadSettingValue(place(v), key, v.value, accepted));
    return null;
  };
  const frame: FrameSettings = { ...NO_FRAME, attachments: [] };

  const copy = source.text('份号');
  if (copy && copy.value.trim() !== '') {
    const digits = copy.value.normalize('NFKC').trim();
    if (/^\d{1,6}$/u.test(digits)) frame.copyNumber = digits.padStart(COPY_NUMBER_DIGITS, '0');
    else diagnostics.push(msg.templateBadSettingValue(place(copy), '份号', copy.value, [msg.COPY_NUMBER_FORM]));
  }
  const level = oneOf('密级', SECRECY_LEVELS);
  const term = text('保密期限');
  if (term && !source.text('密级')?.value.trim())
    diagnostics.push(msg.templateSettingNeeds(place(source.text('保密期限') as SettingValue), '保密期限', '密级'));
  if (level) frame.secrecy = term ? `${level}★${term.normalize('NFKC')}` : level;
  frame.urgency = oneOf('紧急程度', URGENCY_LEVELS);
  frame.mark = text('发文机关标志');
  const number = source.text('发文字号');
  if (number && number.value.trim() !== '') {
    if (frame.mark) frame.docNumber = normalizeDocNumber(number.value);
    else diagnostics.push(msg.templateSettingNeeds(place(number), '发文字号', '发文机关标志'));
  }
  const recipients = text('主送机关');
  if (recipients) frame.recipients = withEnding(recipients, '：', /[:：。，,、；;]+$/u);
  // 附件名称后不加标点符号; a number staff typed (1.整改问题清单) is given by compose.
  frame.attachments = source
    .list('附件')
    .map((v) =>
      tidy(v.value)
        .replace(/^\d+\s*[.．、]\s*/u, '')
        .replace(/[。，,、；;：:]+$/u, ''),
    )
    .filter((name) => name !== '');
  const copyTo = text('抄送');
  if (copyTo) frame.copyTo = withEnding(copyTo, '。', /[。，,、；;.]+$/u);
  frame.printer = text('印发机关');
  frame.printDate = source.date('印发日期');
  frame.sealed = oneOf('加盖印章', YES_NO) === '是';
  // 附注 in brackets, whether or not staff typed them (（此件公开发布）, (此件公开发布), 此件公开发布)
  const note = text('附注');
  if (note)
    frame.note = `（${tidy(note)
      .replace(/^[（(]+|[）)]+$/gu, '')
      .trim()}）`;
  return frame;
}

/**
 * GB/T 9704 7.3.7: the 附注 on the line below the 成文日期, two characters in; a note too long
 * for one line wraps to the left margin, as a paragraph with a first-line indent does.
 */
export function noteLines(note: string, charsPerLine: number): SignatureLine[] {
  const indent = 2;
  return wrapLines(note, charsPerLine - indent, charsPerLine).map((text, i) => ({ text, align: 'left', indentChars: i === 0 ? indent : 0 }));
}

export interface ComposedFrame {
  letterhead: Letterhead | null;
  recipients: Recipients | null;
  attachments: Attachments | null;
  imprint: Imprint | null;
}

/** A line of the frame's own size set on a body line whose top is `rowTopPt`: its em box at the line's foot. */
function onBodyLine(rowTopPt: number, sizePt: number, layout: Layout): number {
  return rowTopPt + layout.linePitchPt - sizePt;
}

/** The 标志's size: the largest half point at which it fits the text block on one line, at most 初号. */
export function markSizePt(mark: string, layout: Layout): number {
  const fit = Math.floor((textWidthPt(layout) / displayWidth(mark)) * 2) / 2;
  return Math.min(layout.frame.markMaxPt, fit);
}

function letterhead(frame: FrameSettings, layout: Layout): Letterhead | null {
  const body = layout.sizes.bodyPt;
  const pitch = layout.linePitchPt;
  const lines: FrameLine[] = [];
  const rules: FrameRule[] = [];
  const corner: [string | null, FrameLine['role']][] = [
    [frame.copyNumber, 'body'],
    [frame.secrecy, 'heading1'],
    [frame.urgency, 'heading1'],
  ];
  for (const [text, role] of corner) {
    if (text === null) continue;
    lines.push({ text, role, sizePt: body, align: 'left', indentChars: 0, topPt: onBodyLine(lines.length * pitch, body, layout) });
  }
  if (!frame.mark) return lines.length === 0 ? null : { type: 'letterhead', lines, rules, heightPt: lines.length * pitch };
  const { frame: f } = layout;
  const markTop = f.markTopMm * PT_PER_MM;
  const size = markSizePt(frame.mark, layout);
  lines.push({ text: frame.mark, role: 'title', sizePt: size, align: 'center', indentChars: 0, color: f.red, topPt: markTop });
  // 发文字号 on the line after docNumberGapLines blank lines below the 标志
  const numberTop = onBodyLine(markTop + size + f.docNumberGapLines * pitch, body, layout);
  if (frame.docNumber) lines.push({ text: frame.docNumber, role: 'body', sizePt: body, align: 'center', indentChars: 0, topPt: numberTop });
  const ruleTop = numberTop + body + f.headRuleGapMm * PT_PER_MM;
  rules.push({ topPt: ruleTop, thicknessPt: f.headRuleWidthPt, color: f.red });
  // the title titleGapLines blank lines below the red line, on the next whole body line
  const heightPt = Math.ceil((ruleTop + f.headRuleWidthPt + f.titleGapLines * pitch) / pitch - 1e-9) * pitch;
  return { type: 'letterhead', lines, rules, heightPt };
}

const NO_LINE_START = new Set([...'，。；：、？！）》」』】〕”’']);

/** Greedy lines of at most `first`, then `rest`, characters wide; a closing mark never starts a line. */
export function wrapLines(text: string, first: number, rest: number): string[] {
  const chars = [...text];
  const lines: string[][] = [[]];
  let width = 0;
  for (const char of chars) {
    const line = lines[lines.length - 1] as string[];
    const room = lines.length === 1 ? first : rest;
    const w = displayWidth(char);
    if (line.length > 0 && width + w > room + 1e-9) {
      // a closing mark takes the character before it along
      const carried = NO_LINE_START.has(char) && line.length > 1 ? [line.pop() as string] : [];
      lines.push([...carried, char]);
      width = displayWidth(lines[lines.length - 1]?.join('') ?? '');
      continue;
    }
    line.push(char);
    width += w;
  }
  return lines.map((l) => l.join(''));
}

function imprint(frame: FrameSettings, layout: Layout, date: IsoDate): Imprint | null {
  if (!frame.copyTo && !frame.printer) return null;
  const { frame: f } = layout;
  const size = f.imprintPt;
  const pitch = layout.linePitchPt;
  const outer = f.imprintOuterRuleMm * PT_PER_MM;
  const inner = f.imprintInnerRuleMm * PT_PER_MM;
  const perLine = Math.floor(textWidthPt(layout) / size - 2 * f.imprintIndentChars + 1e-9);
  const label = '抄送：';
  const copyRows = frame.copyTo ? wrapLines(`${label}${frame.copyTo}`, perLine, perLine - displayWidth(label)) : [];
  // bottom up: the last rule on the text block's foot
  const rules: FrameRule[] = [];
  const lines: FrameLine[] = [];
  let y = textHeightPt(layout) - outer;
  rules.unshift({ topPt: y, thicknessPt: outer });
  const centred = (rowTop: number) => rowTop + (pitch - size) / 2;
  if (frame.printer) {
    y -= pitch;
    lines.unshift({
      text: frame.printer,
      role: 'body',
      sizePt: size,
      align: 'left',
      indentChars: f.imprintIndentChars,
      right: { text: `${chineseDate(frame.printDate ?? date)}印发`, indentChars: f.imprintIndentChars },
      topPt: centred(y),
    });
    if (copyRows.length > 0) {
      y -= inner;
      rules.unshift({ topPt: y, thicknessPt: inner });
    }
  }
  for (let i = copyRows.length - 1; i >= 0; i--) {
    y -= pitch;
    const indentChars = f.imprintIndentChars + (i === 0 ? 0 : displayWidth(label));
    lines.unshift({ text: copyRows[i] as string, role: 'body', sizePt: size, align: 'left', indentChars, topPt: centred(y) });
  }
  rules.unshift({ topPt: y - outer, thicknessPt: outer });
  return { type: 'imprint', lines, rules };
}

function attachments(names: readonly string[]): Attachments | null {
  if (names.length === 0) return null;
  const label = '附件：';
  const indent = 2;
  const nameIndent = indent + displayWidth(label);
  if (names.length === 1) return { type: 'attachments', items: [{ text: `${label}${names[0]}`, indentChars: indent, wrapIndentChars: nameIndent }] };
  return {
    type: 'attachments',
    items: names.map((name, i) => {
      const number = `${i + 1}.`;
      return {
        text: i === 0 ? `${label}${number}${name}` : `${number}${name}`,
        indentChars: i === 0 ? indent : nameIndent,
        wrapIndentChars: nameIndent + displayWidth(number),
      };
    }),
  };
}

/** The frame's blocks for these settings, in the document's layout; `date` is the document date. */
export function composeFrame(frame: FrameSettings, layout: Layout, date: IsoDate): ComposedFrame {
  return {
    letterhead: letterhead(frame, layout),
    recipients: frame.recipients ? { type: 'recipients', text: frame.recipients } : null,
    attachments: attachments(frame.attachments),
    imprint: imprint(frame, layout, date),
  };
}

/**
 * GB/T 9704 7.3.5.1, sealed: the date `sealedDateIndentChars` in from the right margin, the
 * issuer centred over it (both right-aligned, their middles one above the other). An issuer too
 * long to stand centred over the date within the margin takes the margin, and the date moves
 * in to stay centred under it.
 */
export function sealedSignatureLines(issuer: string, date: string, layout: Layout): { issuer: SignatureLine; date: SignatureLine } {
  const half = (displayWidth(issuer) - displayWidth(date)) / 2;
  const dateIndent = Math.max(layout.frame.sealedDateIndentChars, half);
  return {
    issuer: { text: issuer, align: 'right', indentChars: dateIndent - half },
    date: { text: date, align: 'right', indentChars: dateIndent },
  };
}
