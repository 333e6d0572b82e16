/**
 * Template + ledger + figures → the notice as a document tree.
 *
 * The template's headings and paragraphs are copied with their placeholders resolved; the
 * directive `::: 问题清单 <class>` expands into the item sections (categories having problems
 * of that class, in ledger order, numbered （一）（二）… afresh per section, each problem with its
 * status as written and its measures); `::: 图表 <名称> [图题]` places a drawn chart
 * (compose/figure.ts); the signature block closes the document.
 */
import { sheetPlace, type Diagnostic, type Place } from '../diagnostics.js';
import type { Block, Document } from '../document/ast.js';
import { heading, paragraph } from '../document/build.js';
import { compareSerials } from '../ledger/cells.js';
import type { Ledger, Problem, StatusClass } from '../ledger/schema.js';
import * as msg from '../messages.js';
import type { Stats } from '../stats/index.js';
import { noticeExpander, type PlaceholderContext } from './placeholders.js';
import type { NoticeSettings } from './settings.js';
import type { Template } from './template.js';
import { composeDocument, type DirectiveHandler } from './document.js';
import type { ChartCatalog } from '../chart/index.js';
import { FIGURE_DIRECTIVE, figureDirective } from './figure.js';
import { bracketedOrdinal, fullWidthPunctuation } from '../text/zh.js';

export { signatureLines } from './signature.js';

export const CLASS_ARGUMENTS: Record<string, StatusClass> = {
  已完成: 'completed',
  完成: 'completed',
  阶段性完成: 'staged',
  未完成: 'notCompleted',
};


export interface ComposeResult {
  document: Document;
  diagnostics: Diagnostic[];
}

/** Expands a ledger text of a problem: its 具体问题 (`text`) or one paragraph of its 整改情况 (`measures`). */
export type LedgerTextExpander = (text: string, p: Problem, field: 'text' | 'measures') => string;

/** The item sections for one class: （一）反馈问题：… then `n.问题`, 整改结果：…, 整改情况：… */
export function itemSection(ledger: Ledger, cls: StatusClass, expand: LedgerTextExpander): Block[] {
  if (!ledger.problems) return [];
  const blocks: Block[] = [];
  let ordinal = 0;
  for (const category of ledger.problems.categories) {
    const items = ledger.problems.items.filter((p) => p.category === category.name && p.status.class === cls).sort((a, b) => compareSerials(a.number, b.number));
    if (items.length === 0) continue;
    ordinal++;
    blocks.push(heading(2, `${bracketedOrdinal(ordinal)}反馈问题：${fullWidthPunctuation(category.name)}`));
    for (const p of items) {
      blocks.push(heading(3, `${p.number}.${expand(p.text, p, 'text')}`));
      blocks.push(paragraph(`整改结果：${p.status.written}`));
      const [first, ...rest] = p.measures.map((m) => expand(m, p, 'measures'));
      blocks.push(paragraph(`整改情况：${first ?? ''}`));
      for (const more of rest) blocks.push(paragraph(more));
    }
  }
  return blocks;
}

/** The cell a problem's text came from (`台账.xlsx › 整改台账 › F16（整改情况）`), else its row. */
export function ledgerTextPlace(p: Problem, field: 'text' | 'measures'): Place {
  const place = sheetPlace(p.origin.file, p.origin.sheet, p.origin.row);
  const cell = p.origin.cells?.[field];
  if (cell) {
    place.column = cell.column;
    place.header = cell.header;
  }
  return place;
}

/** `charts`: the charts the template may place with `::: 图表` (none when null). */
export function composeNotice(
  template: Template,
  settings: NoticeSettings,
  ledger: Ledger,
  stats: Stats,
  charts: ChartCatalog | null = null,
): ComposeResult {
  const diagnostics: Diagnostic[] = [];
  const ctx: PlaceholderContext = { ledger, stats, settings };
  const expand = noticeExpander(ctx, diagnostics);
  const expandLedgerText: LedgerTextExpander = (text, p, field) => expand(text, ledgerTextPlace(p, field));
  const problemList: DirectiveHandler = (args, place) => {
    const cls = args.length === 1 ? CLASS_ARGUMENTS[args[0] as string] : undefined;
    if (!cls) {
      diagnostics.push(msg.templateBadDirectiveArgument(place, '问题清单', args, Object.keys(CLASS_ARGUMENTS)));
      return [];
    }
    if (!ledger.problems) {
      diagnostics.push(msg.placeholderNeedsLedger(place, '::: 问题清单', 'problems'));
      return [];
    }
    const section = itemSection(ledger, cls, expandLedgerText);
    if (section.length === 0 && settings.emptySection !== '') section.push(paragraph(settings.emptySection));
    return section;
  };
  const document = composeDocument({
    template,
    settings,
    titleText: fullWidthPunctuation(settings.title),
    date: settings.documentDate ?? stats.asOf,
    expand,
    directives: { 问题清单: problemList, [FIGURE_DIRECTIVE]: figureDirective(charts, expand, diagnostics) },
    diagnostics,
  });
  return { document, diagnostics };
}
