/**
 * The notice template (`inputs/notice.md`): staff edit its prose and settings without
 * touching code.
 *
 *   ---                              front matter: `键: 值` lines, and `字体:` with indented
 *   标题: …                          `角色: 字体名` lines below it, or `附件:` with a list of
 *   附件:                            indented `- 值` lines
 *     - 整改问题清单
 *   ---
 *   # 一、组织整改落实情况            headings: one # per level (一、 （一） 1. （1）)
 *   正文段落，可含 {{占位符}}。        paragraphs: consecutive lines join into one
 *   ::: 问题清单 已完成               block directives, alone on a line, or with options
 *   ::: 问题清单                     below them (`键: 值` lines, keeping their spaces) up to a
 *   条目: {{序号}}.{{具体问题}}        line `:::` — the item patterns of compose/items.ts
 *   :::
 *   <!-- 说明 -->                    comments, left out of the document
 *
 * Parsing only finds structure and records line numbers; compose resolves placeholders and
 * directives, so every error can name its line.
 */
import type { Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';

export type TemplateBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string; line: number }
  | { kind: 'paragraph'; text: string; line: number }
  | { kind: 'directive'; name: string; args: string[]; line: number; options: DirectiveOption[] };

/** One `键: 值` line of a directive block; the value as written (spaces at its ends removed). */
export interface DirectiveOption {
  key: string;
  value: string;
  line: number;
}

export interface FrontMatterEntry {
  key: string;
  value: string;
  line: number;
  /** `字体.正文` for the indented entries under `字体:`; `附件` for each `- 值` line under `附件:` */
  path: string;
  /** an item of a list (`- 值` under its key) */
  item?: true;
}

export interface Template {
  file: string;
  frontMatter: FrontMatterEntry[];
  blocks: TemplateBlock[];
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

export function parseTemplate(file: string, source: string): { template: Template; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lines = source.replace(/^\ufeff/u, '').split(/\r\n|\r|\n/u);
  const template: Template = { file, frontMatter: [], blocks: [] };
  let i = 0;

  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
    if (end === -1) {
      diagnostics.push(msg.templateUnclosedFrontMatter({ file, line: 1 }));
      return { template, diagnostics };
    }
    let parent: string | null = null;
    for (let k = 1; k < end; k++) {
      const raw = lines[k] as string;
      if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
      const item = /^\s+[-－]\s*(.*)$/u.exec(raw);
      if (item && parent) {
        template.frontMatter.push({ key: parent, value: unquote(item[1] as string), line: k + 1, path: parent, item: true });
        continue;
      }
      const m = /^(\s*)([^:：]+?)\s*[:：]\s*(.*)$/u.exec(raw);
      if (!m) {
        diagnostics.push(msg.templateBadSetting({ file, line: k + 1 }, raw.trim()));
        continue;
      }
      const indented = (m[1] as string).length > 0;
      const key = (m[2] as string).trim();
      const value = unquote(m[3] as string);
      if (!indented) parent = value === '' ? key : null;
      const path = indented && parent ? `${parent}.${key}` : key;
      if (!indented && value === '' && parent === key) continue;
      template.frontMatter.push({ key, value, line: k + 1, path });
    }
    i = end + 1;
  }

  let paragraph: { text: string; line: number } | null = null;
  const flush = () => {
    if (paragraph) template.blocks.push({ kind: 'paragraph', text: paragraph.text, line: paragraph.line });
    paragraph = null;
  };
  let inComment = false;
  for (; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i] as string;
    if (inComment) {
      const close = line.indexOf('-->');
      if (close === -1) continue;
      inComment = false;
      line = line.slice(close + 3);
    }
    line = line.replace(/<!--.*?-->/gu, '');
    const open = line.indexOf('<!--');
    if (open !== -1) {
      inComment = true;
      line = line.slice(0, open);
    }
    const trimmed = line.trim();
    if (trimmed === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/u.exec(trimmed);
    if (heading) {
      flush();
      template.blocks.push({ kind: 'heading', level: (heading[1] as string).length as 1 | 2 | 3 | 4, text: (heading[2] as string).trim(), line: lineNo });
      continue;
    }
    if (/^#{5,}\s/u.test(trimmed)) {
      diagnostics.push(msg.templateHeadingTooDeep({ file, line: lineNo }));
      continue;
    }
    const directive = /^:::\s*(\S+)(?:\s+(.*))?$/u.exec(trimmed);
    if (directive) {
      flush();
      const args = (directive[2] ?? '')
        .trim()
        .split(/\s+/u)
        .filter((a) => a !== '');
      const block = directiveBlock(lines, i + 1, file, diagnostics);
      template.blocks.push({ kind: 'directive', name: directive[1] as string, args, line: lineNo, options: block.options });
      i = block.next - 1;
      continue;
    }
    if (paragraph) (paragraph as { text: string }).text += trimmed;
    else paragraph = { text: trimmed, line: lineNo };
  }
  if (inComment) diagnostics.push(msg.templateUnclosedComment({ file, line: lines.length }));
  flush();
  return { template, diagnostics };
}

/** `键: 值`: a short key (a word, no punctuation) before the first colon. */
const OPTION = /^\s*([^:：\s#，。；、][^:：，。；、]{0,9}?)\s*[:：](.*)$/u;

/**
 * The options of a directive whose next line is a `键: 值` line or `:::`: every line up to the
 * closing `:::`. A directive alone on its line (the next line blank, a heading or prose) has none.
 */
function directiveBlock(lines: readonly string[], start: number, file: string, diagnostics: Diagnostic[]): { options: DirectiveOption[]; next: number } {
  const first = (lines[start] ?? '').trim();
  if (first !== ':::' && !OPTION.test(lines[start] ?? '')) return { options: [], next: start };
  const options: DirectiveOption[] = [];
  for (let k = start; k < lines.length; k++) {
    const raw = lines[k] as string;
    if (raw.trim() === ':::') return { options, next: k + 1 };
    if (raw.trim() === '' || raw.trim().startsWith('<!--')) continue;
    const m = OPTION.exec(raw);
    if (!m) {
      diagnostics.push(msg.templateBadDirectiveOption({ file, line: k + 1 }, raw.trim()));
      continue;
    }
    options.push({ key: (m[1] as string).trim(), value: (m[2] as string).trim(), line: k + 1 });
  }
  diagnostics.push(msg.templateUnclosedDirective({ file, line: start }));
  return { options, next: lines.length };
}

export interface PlaceholderUse {
  name: string;
  args: string[];
  /** the placeholder as written, braces included */
  raw: string;
  start: number;
  end: number;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)((?:\s+[^{}\s]+)*)\s*\}\}/gu;

/** Finds `{{名称 参数…}}` in a text; a `{{` without its `}}` is reported by the caller. */
export function findPlaceholders(text: string): { uses: PlaceholderUse[]; unclosed: boolean } {
  const uses: PlaceholderUse[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    uses.push({
      name: m[1] as string,
      args: (m[2] ?? '')
        .trim()
        .split(/\s+/u)
        .filter((a) => a !== ''),
      raw: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  const stripped = text.replace(PLACEHOLDER, '');
  return { uses, unclosed: stripped.includes('{{') || stripped.includes('}}') };
}
