/**
 * The keep rules on ledgers sized so that, without them, a heading or the signature falls at
 * a page's end (the sizes were found by generating notices of 1 to 14 problems with the
 * bundled fonts). Each notice is rendered twice: without the rules (no keep marks, no widow
 * control), to show the page end the size gives, and as tongbao renders it.
 */
import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import type { Block, Document } from '../../pipeline/document/ast.js';
import { renderPdf } from '../../pipeline/render/pdf/index.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { ledgerOf, problem } from '../helpers/ledger.js';
import { brokenNumbers, keepViolations, pagesEndingShortWithoutCause, placeLines } from '../helpers/pages.js';
import { bundledFonts, readPdf } from '../helpers/pdf.js';

const LONG_CLOSING = '下一步，我会将持续巩固整改成果，建立长效机制，确保问题不反弹、不回潮。';

/** A notice of `count` completed problems, three to a category, closed by `closing`. */
function notice(count: number, closing: string): Document {
  const ledger = ledgerOf(
    Array.from({ length: count }, (_, i) =>
      problem(i + 1, `第${Math.floor(i / 3) + 1}类问题`, 'completed', {
        text: `第${i + 1}个问题：对基层工会经费收支监管不及时、不到位，财务凭证附件不齐全（示例）。`,
        measures: ['一是加强财务审核，经办人、财务人员、分管领导要提升责任感和风险意识。', '二是规范流程，确保支出票据合理合法、真实有效。'],
      }),
    ),
  );
  const source = `---\n标题: 关于问题整改情况的通报\n发文机关: 某某县总工会\n成文日期: 2025-12-31\n---\n{{整改进展}}\n# 一、已完成\n::: 问题清单 已完成\n# 二、下一步工作\n${closing}\n`;
  const { template } = parseTemplate('notice.md', source);
  const { document, diagnostics } = composeNotice(template, readSettings(template).settings, ledger, computeStats(ledger, '2025-12-31' as IsoDate));
  expect(diagnostics).toEqual([]);
  return document;
}

/** The same notice with no keep rule at all: no keep marks, no widow control. */
function withoutKeeps(doc: Document): Document {
  const bare = (block: Block): Block => {
    if (!('keepWithNext' in block) && !('keepTogether' in block)) return block;
    const { keepWithNext: _next, keepTogether: _together, ...rest } = block as Block & { keepWithNext?: true; keepTogether?: true };
    return rest as Block;
  };
  return { ...doc, layout: { ...doc.layout, widowControl: false }, blocks: doc.blocks.map(bare) };
}

async function laidOut(doc: Document) {
  const pdf = await readPdf(await renderPdf(doc, bundledFonts(doc)));
  return { pages: pdf.pages.length, lines: placeLines(doc, pdf) };
}

const CASES = [
  {
    count: 2,
    closing: '特此通报。',
    without: /the signature's page 2 holds 0 line/u,
    what: 'the signature alone on page 2, 特此通报。 and its heading on page 1',
  },
  { count: 2, closing: LONG_CLOSING, without: /the signature's page 2 holds 0 line/u, what: 'the signature alone on page 2' },
  { count: 6, closing: '特此通报。', without: /page 2 ends with a heading: 二、下一步工作/u, what: 'page 2 ending with the heading 二、下一步工作' },
  { count: 7, closing: LONG_CLOSING, without: /page 2 ends with a heading: （三）反馈问题：第3类问题/u, what: 'page 2 ending with the heading （三）反馈问题' },
];

describe('ledgers sized so that a heading or the signature falls at a page end', () => {
  it.each(CASES)(
    '$count problems, closing “$closing”: without the rules $what; with them, nothing stranded',
    async ({ count, closing, without }) => {
      const doc = notice(count, closing);
      const bare = await laidOut(withoutKeeps(doc));
      expect(keepViolations(bare.lines).join('\n')).toMatch(without);
      const kept = await laidOut(doc);
      console.log(`${count} problems, ${closing.slice(0, 6)}…: ${bare.pages} pages without the rules, ${kept.pages} with them`);
      expect(keepViolations(kept.lines)).toEqual([]);
      expect(pagesEndingShortWithoutCause(doc, kept.lines)).toEqual([]);
      expect(brokenNumbers(kept.lines)).toEqual([]);
      // the signature's page holds the body's last two lines, or more
      const issuer = kept.lines.findIndex((l) => l.kind === 'issuer');
      const page = kept.lines[issuer]?.page;
      expect(kept.lines.slice(0, issuer).filter((l) => l.page === page && l.kind === 'paragraph').length).toBeGreaterThanOrEqual(
        closing === LONG_CLOSING ? 2 : 1,
      );
    },
    60_000,
  );
});
