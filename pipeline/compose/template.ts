/**
 * The notice template (`inputs/notice.md`): staff edit its prose and settings without
 * touching code.
 *
 *   ---                              front matter: `键: 值` lines, and `字体:` with indented
 *   标题: …                          `角色: 字体名` lines below it
 *   ---
 *   # 一、组织整改落实情况            headings: one # per level (一、 （一） 1. （1）)
 *   正文段落，可含 {{占位符}}。        paragraphs: consecutive lines join into one
 *   ::: 问题清单 已完成               block directives, alone on a line
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
  | { kind: 'directive'; name: string; args: string[]; line: number };

export interface FrontMatterEntry {
  key: string;
  value: string;
  line: number;
  /** `字体.正文` for the indented entries under `字体:` */
  path: string;
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
      const args = (directive[2] ?? '').trim().split(/\s+/u).filter((a) => a !== '');
      template.blocks.push({ kind: 'directive', name: directive[1] as string, args, line: lineNo });
      continue;
    }
    if (paragraph) (paragraph as { text: string }).text += trimmed;
    else paragraph = { text: trimmed, line: lineNo };
  }
  if (inComment) diagnostics.push(msg.templateUnclosedComment({ file, line: lines.length }));
  flush();
  return { template, diagnostics };
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
      args: (m[2] ?? '').trim().split(/\s+/u).filter((a) => a !== ''),
      raw: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  const stripped = text.replace(PLACEHOLDER, '');
  return { uses, unclosed: stripped.includes('{{') || stripped.includes('}}') };
}
