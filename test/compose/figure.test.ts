import { describe, expect, it } from 'vitest';
import type { ChartCatalog, ChartImage } from '../../pipeline/chart/index.js';
import { figureOf } from '../../pipeline/compose/figure.js';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import type { Figure } from '../../pipeline/document/ast.js';
import { dumpDocument } from '../../pipeline/document/json.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { union, unionLedgerOf } from '../helpers/ledger.js';

const TEMPLATE = `---
标题: 关于基层工会经费审计进度的报告
发文机关: 某某县总工会
成文日期: 2025-12-20
---
截至{{统计截止日期}}，已审计{{已审计工会数}}家基层工会。
::: 图表 audit-coverage 图1 截至{{统计截止日期}}的审计进度
::: 图表 coverage-by-township
`;

const image = (name: string, width: number, height: number): ChartImage => ({
  name,
  file: `charts/${name}.vl.json`,
  svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"/>`,
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  width,
  height,
  title: '基层工会经费审计进度',
});

const ledger = unionLedgerOf([union('一', { checked: '2024-10-08', planned: '2025-06-30', audited: '2025-06-20' }), union('二', { planned: '2025-09-30' })]);

function compose(source: string, charts: ChartCatalog | null) {
  const { template } = parseTemplate('notice.md', source);
  const { settings } = readSettings(template);
  return composeNotice(template, settings, ledger, computeStats(ledger, '2025-12-20' as IsoDate), charts);
}

const catalog = (images: ChartImage[] | null): ChartCatalog => ({
  names: ['audit-coverage', 'coverage-by-township', 'status-by-category'],
  images: images ? new Map(images.map((i) => [i.name, i])) : null,
});

describe('::: 图表', () => {
  it('places each chart where the template says, with its caption (placeholders expanded)', () => {
    const { document, diagnostics } = compose(TEMPLATE, catalog([image('audit-coverage', 420, 320), image('coverage-by-township', 400, 300)]));
    expect(diagnostics).toEqual([]);
    expect(dumpDocument(document)).toBe(
      [
        'title: 关于基层工会经费审计进度的报告',
        'p: 截至2025年12月20日，已审计1家基层工会。',
        'figure: audit-coverage (420×320 pt) 图1 截至2025年12月20日的审计进度',
        'figure: coverage-by-township (400×300 pt)',
        'signature: 某某县总工会 (left 17) | 2025年12月20日 (right 2)',
        '',
      ].join('\n'),
    );
    const figure = document.blocks[2] as Figure;
    expect(figure).toMatchObject({ type: 'figure', chart: 'audit-coverage', title: '基层工会经费审计进度', caption: '图1 截至2025年12月20日的审计进度' });
    expect(figure.png).toBeInstanceOf(Uint8Array);
  });

  it('narrows a chart wider than the text block to its width, keeping the proportions', () => {
    const figure = figureOf(image('wide', 884, 400), null);
    expect(figure.widthPt).toBeCloseTo(442.2, 0);
    expect(figure.heightPt).toBeCloseTo(200, 0);
    expect(figure.caption).toBeUndefined();
  });

  it('an unknown chart is an error naming the template line and the charts there are', () => {
    const { diagnostics } = compose(
      `${TEMPLATE}::: 图表 audit\n::: 图表\n`,
      catalog([image('audit-coverage', 420, 320), image('coverage-by-township', 400, 300)]),
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '错误 notice.md:9：没有名为“audit”的图表，可用：audit-coverage、coverage-by-township、status-by-category',
      '错误 notice.md:10：没有名为“”的图表，可用：audit-coverage、coverage-by-township、status-by-category',
    ]);
  });

  it('a chart that was not drawn (its ledger is absent) is an error at the line', () => {
    const { diagnostics } = compose(TEMPLATE, catalog([image('audit-coverage', 420, 320)]));
    expect(diagnostics.map(formatDiagnostic)).toEqual(['错误 notice.md:8：图表“coverage-by-township”本次未能生成，无法放入文档（原因见上方的提示）']);
  });

  it('when nothing is drawn (check), a known chart places nothing and is no error', () => {
    const { document, diagnostics } = compose(TEMPLATE, catalog(null));
    expect(diagnostics).toEqual([]);
    expect(document.blocks.map((b) => b.type)).toEqual(['title', 'paragraph', 'signature']);
  });
});
