/**
 * Template + ledger + figures → the notice as a document tree.
 *
 * The template's headings and paragraphs are copied with their placeholders resolved; the
 * directive `::: 问题清单 <class>` expands into the item sections (categories having problems
 * of that class, in ledger order, numbered （一）（二）… afresh per section, each problem with its
 * status as written and its measures); the signature block closes the document.
 */
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Block, Document, SignatureLine } from '../document/ast.js';
import { heading, paragraph, pageBreak, signature, title } from '../document/build.js';
import { GB_T_9704, textWidthPt } from '../document/layout.js';
import type { Ledger, Problem, StatusClass } from '../ledger/schema.js';
import * as msg from '../messages.js';
import type { Stats } from '../stats/index.js';
import { expandPlaceholders, type PlaceholderContext } from './placeholders.js';
import type { NoticeSettings } from './settings.js';
import type { Template } from './template.js';
import { balancedLines, bracketedOrdinal, chineseDate, displayWidth, fullWidthPunctuation } from './zh.js';

const CLASS_ARGUMENTS: Record<string, StatusClass> = {
  已完成: 'completed',
  完成: 'completed',
  阶段性完成: 'staged',
  未完成: 'notCompleted',
};

export const DIRECTIVES = ['问题清单', '分页'] as const;

export interface ComposeResult {
  document: Document;
  diagnostics: Diagnostic[];
}

/** The item sections for one class: （一）反馈问题：… then `n.问题`, 整改结果：…, 整改情况：… */
export function itemSection(ledger: Ledger, cls: StatusClass, expand: (text: string, p: Problem) => string): Block[] {
  if (!ledger.problems) return [];
  const blocks: Block[] = [];
  let ordinal = 0;
  for (const category of ledger.problems.categories) {
    const items = ledger.problems.items.filter((p) => p.category === category.name && p.status.class === cls).sort((a, b) => a.number - b.number);
    if (items.length === 0) continue;
    ordinal++;
    blocks.push(heading(2, `${bracketedOrdinal(ordinal)}反馈问题：${fullWidthPunctuation(category.name)}`));
    for (const p of items) {
      blocks.push(heading(3, `${p.number}.${expand(p.text, p)}`));
      blocks.push(paragraph(`整改结果：${p.status.written}`));
      const [first, ...rest] = p.measures.map((m) => expand(m, p));
      blocks.push(paragraph(`整改情况：${first ?? ''}`));
      for (const more of rest) blocks.push(paragraph(more));
    }
  }
  return blocks;
}

/** GB/T 9704 7.3.5.2, unsealed: see `Signature` in document/ast.ts. */
export function signatureLines(issuer: string, date: string, charsPerLine: number): { issuer: SignatureLine; date: SignatureLine } {
  const issuerWidth = displayWidth(issuer);
  const dateWidth = displayWidth(date);
  if (dateWidth + 2 <= issuerWidth) {
    return {
      issuer: { text: issuer, align: 'right', indentChars: 2 },
      date: { text: date, align: 'left', indentChars: Math.max(0, charsPerLine - issuerWidth) },
    };
  }
  return {
    issuer: { text: issuer, align: 'left', indentChars: Math.max(0, charsPerLine - 2 - dateWidth - 2) },
    date: { text: date, align: 'right', indentChars: 2 },
  };
}

function rowPlace(p: Problem): Place {
  const place: Place = { file: p.origin.file, row: p.origin.row };
  if (p.origin.sheet !== null) place.sheet = p.origin.sheet;
  return place;
}

export function composeNotice(template: Template, settings: NoticeSettings, ledger: Ledger, stats: Stats): ComposeResult {
  const diagnostics: Diagnostic[] = [];
  const ctx: PlaceholderContext = { ledger, stats, settings };
  const expandAt = (text: string, place: Place): string => {
    const result = expandPlaceholders(text, ctx, place);
    diagnostics.push(...result.diagnostics);
    return fullWidthPunctuation(result.text);
  };
  const expandLedgerText = (text: string, p: Problem): string => expandAt(text, rowPlace(p));

  const layout = { ...GB_T_9704, boldLevel3: settings.boldLevel3 };
  const titleText = fullWidthPunctuation(settings.title);
  const titleCharsPerLine = Math.floor(textWidthPt(layout) / layout.sizes.titlePt);
  const blocks: Block[] = [title(titleText, balancedLines(titleText, titleCharsPerLine))];
  for (const block of template.blocks) {
    const place: Place = { file: template.file, line: block.line };
    if (block.kind === 'heading') blocks.push(heading(block.level, expandAt(block.text, place)));
    else if (block.kind === 'paragraph') blocks.push(paragraph(expandAt(block.text, place)));
    else if (block.name === '分页') blocks.push(pageBreak());
    else if (block.name === '问题清单') {
      const cls = block.args.length === 1 ? CLASS_ARGUMENTS[block.args[0] as string] : undefined;
      if (!cls) {
        diagnostics.push(msg.templateBadDirectiveArgument(place, block.name, block.args, Object.keys(CLASS_ARGUMENTS)));
        continue;
      }
      if (!ledger.problems) {
        diagnostics.push(msg.placeholderNeedsLedger(place, `::: ${block.name}`, 'problems'));
        continue;
      }
      const section = itemSection(ledger, cls, expandLedgerText);
      if (section.length === 0 && settings.emptySection !== '') section.push(paragraph(settings.emptySection));
      blocks.push(...section);
    } else diagnostics.push(msg.templateUnknownDirective(place, block.name, DIRECTIVES));
  }
  const date = settings.documentDate ?? stats.asOf;
  blocks.push(signature(signatureLines(settings.issuer, chineseDate(date), layout.charsPerLine)));
  return {
    document: {
      type: 'document',
      meta: { title: settings.title, issuer: settings.issuer, date },
      layout,
      fonts: settings.fonts,
      blocks,
    },
    diagnostics,
  };
}
