import { describe, expect, it } from 'vitest';
import { allCharts, drawWith, runCharts, type ChartDrawer, type ChartRun } from '../../pipeline/chart/index.js';
import { bindDatasets, chartName, parseChartSpec, type ChartSpec } from '../../pipeline/chart/specs.js';
import { chartDatasets } from '../../pipeline/chart/datasets.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { bundledChartFont, projectSpecs, specSource } from '../helpers/charts.js';
import { ledgerOf, problem, union, unionLedgerOf } from '../helpers/ledger.js';

const BAR = { data: { name: 'problemsByCategory' }, mark: 'bar', encoding: { y: { field: 'label' }, x: { field: 'count', type: 'quantitative' } } };

describe('chart spec files', () => {
  it('are named <name>.vl.json', () => {
    expect(chartName('audit-coverage.vl.json')).toBe('audit-coverage');
    expect(chartName('审计进度.VL.JSON')).toBe('审计进度');
    for (const other of ['audit.json', '.vl.json', '~$a.vl.json', '.hidden.vl.json', 'readme.md']) expect(chartName(other)).toBeNull();
  });

  it('a file that is not JSON is an error naming the file and where the JSON breaks', () => {
    const { spec, diagnostics } = parseChartSpec(specSource('x', '{\n  "mark": "bar",\n  "title": "标题"\n  "data": {}\n}'));
    expect(spec).toBeNull();
    expect(diagnostics.map(formatDiagnostic)).toEqual(['错误 charts/x.vl.json：图表文件不是有效的 JSON（第4行第3个字符附近），请检查括号、引号和逗号']);
  });

  it('a dataset that does not exist is an error listing the ones that do', () => {
    const { diagnostics } = parseChartSpec(specSource('x', { ...BAR, data: { name: 'problems' } }));
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '错误 charts/x.vl.json：未知的数据集“problems”，可用：problemsByCategory、auditProgress、auditTarget、unionsByTownship、unionsByType',
    ]);
  });

  it('finds the datasets of every layer and lookup, and leaves the spec’s own datasets and inline data alone', () => {
    const { spec, diagnostics } = parseChartSpec(
      specSource('x', {
        datasets: { mine: [{ a: 1 }] },
        layer: [
          { data: { name: 'auditProgress' }, mark: 'line' },
          { data: { name: 'mine' }, mark: 'rule' },
          { data: { values: [{ a: 1 }] }, mark: 'text' },
          { data: { name: 'auditProgress' }, transform: [{ lookup: 'name', from: { data: { name: 'unionsByTownship' }, key: 'name' } }], mark: 'bar' },
        ],
      }),
    );
    expect(diagnostics).toEqual([]);
    expect(spec?.datasets).toEqual(['auditProgress', 'unionsByTownship']);
  });

  it('binds the rows under vega-lite’s top-level datasets, keeping the spec’s own', () => {
    const ledger = unionLedgerOf([union('一', { planned: '2025-09-30' })]);
    const datasets = chartDatasets(ledger, computeStats(ledger, '2025-06-30' as IsoDate));
    const spec: ChartSpec = { name: 'x', file: 'charts/x.vl.json', spec: { datasets: { mine: [] }, data: { name: 'auditTarget' } }, datasets: ['auditTarget'] };
    const bound = bindDatasets(spec, datasets);
    expect(Object.keys((bound.spec?.datasets ?? {}) as object)).toEqual(['mine', 'auditTarget']);
    expect(bound.spec?.data).toEqual({ name: 'auditTarget' });
  });
});

/** What the CLI does after the run: draw the charts the document did not place. */
const drawRest = async (run: ChartRun, draw: ChartDrawer) => allCharts(run, await draw(run.toDraw, null));

describe('the chart phase', () => {
  const problemsOnly = ledgerOf([problem(1, '甲', 'completed')]);
  const stats = computeStats(problemsOnly, '2025-06-30' as IsoDate);

  it('for check: parses and binds, draws nothing; a chart whose ledger is absent is a warning', async () => {
    const run = await runCharts({ specs: projectSpecs(), draw: null }, problemsOnly, stats, null);
    expect(run.drawn).toEqual([]);
    expect(run.toDraw).toEqual([]);
    expect(run.catalog).toEqual({ names: ['audit-coverage', 'coverage-by-township', 'status-by-category'], images: null });
    expect(run.diagnostics.map(formatDiagnostic)).toEqual([
      '警告 charts/audit-coverage.vl.json：图表需要基层工会台账的数据，但输入中没有基层工会台账或台账没有数据行，本次不生成此图表',
      '警告 charts/coverage-by-township.vl.json：图表需要基层工会台账的数据，但输入中没有基层工会台账或台账没有数据行，本次不生成此图表',
    ]);
  });

  it('a spec vega-lite cannot compile is an error naming the file', async () => {
    const spec = specSource('broken', { ...BAR, mark: 'barr' });
    const draw = drawWith(() => bundledChartFont());
    const run = await runCharts({ specs: [spec], draw }, problemsOnly, stats, null);
    expect(run.diagnostics).toEqual([]);
    const drawn = await drawRest(run, draw);
    expect(drawn.images).toEqual([]);
    expect(drawn.diagnostics.map((d) => [d.rule, d.place.file])).toEqual([['chart-failed', 'charts/broken.vl.json']]);
    expect(drawn.diagnostics[0]?.message).toMatch(/^图表无法绘制（.+），请对照 charts\/README\.md 检查图表文件$/u);
  }, 30_000);

  it('a spec whose expression fails at run time is an error too, not a console message', async () => {
    const spec = specSource('broken', { ...BAR, transform: [{ calculate: 'nosuchfunction(datum.count)', as: 'x' }] });
    const draw = drawWith(() => bundledChartFont());
    const run = await runCharts({ specs: [spec], draw }, problemsOnly, stats, null);
    expect((await drawRest(run, draw)).diagnostics.map((d) => [d.rule, d.place.file])).toEqual([['chart-failed', 'charts/broken.vl.json']]);
  }, 30_000);
});
