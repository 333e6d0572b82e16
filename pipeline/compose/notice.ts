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
import type { Document } from '../document/ast.js';
import { paragraph } from '../document/build.js';
import type { Ledger, Problem } from '../ledger/schema.js';
import * as msg from '../messages.js';
import type { Stats } from '../stats/index.js';
import { isItemField, itemSections, PROBLEM_LIST_DIRECTIVE, readItemLayout, type LedgerTextExpander } from './items.js';
import { noticeExpander, PLACEHOLDER_NAMES, type PlaceholderContext } from './placeholders.js';
import type { NoticeSettings } from './settings.js';
import type { Template } from './template.js';
import { composeDocument, type DirectiveHandler } from './document.js';
import type { ChartCatalog } from '../chart/index.js';
import { FIGURE_DIRECTIVE, figureDirective } from './figure.js';
import { fullWidthPunctuation } from '../text/zh.js';
import { problemStatesAt } from '../stats/quarterly.js';
import { tableDirectives } from './tables.js';

export { signatureLines } from './signature.js';

export interface ComposeResult {
  document: Document;
  diagnostics: Diagnostic[];
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
export function composeNotice(template: Template, settings: NoticeSettings, ledger: Ledger, stats: Stats, charts: ChartCatalog | null = null): ComposeResult {
  const diagnostics: Diagnostic[] = [];
  const ctx: PlaceholderContext = { ledger, stats, settings };
  const expand = noticeExpander(ctx, diagnostics);
  const expandLedgerText: LedgerTextExpander = (text, p, field) => expand(text, ledgerTextPlace(p, field));
  const knownName = (name: string) => isItemField(name, ledger) || PLACEHOLDER_NAMES.includes(name);
  const problemList: DirectiveHandler = (args, place, options) => {
    const layout = readItemLayout(args, options, place, knownName, diagnostics);
    if (!layout) return [];
    if (!ledger.problems) {
      diagnostics.push(msg.placeholderNeedsLedger(place, `::: ${PROBLEM_LIST_DIRECTIVE}`, 'problems'));
      return [];
    }
    const section = itemSections(ledger, layout, (pattern, fields) => expand(pattern, place, fields), expandLedgerText);
    if (section.length === 0 && settings.emptySection !== '') section.push(paragraph(settings.emptySection));
    return section;
  };
  const tables = tableDirectives({
    ledger,
    date: stats.asOf,
    // the notice's statuses are the ledger's as written (the as-of date moves no problem between classes)
    problems: ledger.problems ? problemStatesAt(ledger.problems.items, stats.asOf, settings.warnings, (p) => p.status.class) : null,
    unions: ledger.unions?.items ?? null,
    warnings: settings.warnings,
    percentDecimals: settings.percentDecimals,
    expand,
    diagnostics,
    sheets: null,
    sheetTitle: () => '',
    tableNumbers: { count: 0 },
  });
  const document = composeDocument({
    template,
    settings,
    titleText: fullWidthPunctuation(settings.title),
    date: settings.documentDate ?? stats.asOf,
    expand,
    directives: { [PROBLEM_LIST_DIRECTIVE]: problemList, [FIGURE_DIRECTIVE]: figureDirective(charts, expand, diagnostics), ...tables },
    diagnostics,
  });
  return { document, diagnostics };
}
