/**
 * Chart specs travel with a workspace (init copies them; staff share folders), so a spec may
 * come from anywhere: vega gets no URL and no file, only the datasets tongbao binds, and a size
 * typo is an error rather than a PNG that takes all memory.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHART_SIZE, prepareCharts, renderCharts } from '../../pipeline/chart/render.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { bundledChartFont, specSource } from '../helpers/charts.js';

const font = bundledChartFont();
const requests: string[] = [];
const server = createServer((req, res) => {
  requests.push(req.url ?? '');
  res.setHeader('content-type', 'application/json');
  res.end('[{"a": 1}]');
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const datasets = {
  problemsByCategory: [{ category: '党的建设', status: '已完成', count: 3 }],
  auditProgress: null,
  auditTarget: null,
  unionsByTownship: null,
  unionsByType: null,
};

async function draw(spec: Record<string, unknown>) {
  const prepared = prepareCharts([specSource('x', spec)], datasets as never);
  expect(prepared.diagnostics).toEqual([]);
  return renderCharts(prepared.charts, font);
}

describe('a chart spec from anywhere', () => {
  it('cannot send the ledger’s data out or pull data in: a URL is refused, no request is made', async () => {
    const drawn = await draw({
      data: { url: `${base}/exfil?d=党的建设` },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    });
    expect(drawn.images).toEqual([]);
    expect(drawn.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(
        /^错误 charts\/x\.vl\.json：图表要读取网址或文件“http:\/\/127\.0\.0\.1:\d+\/exfil\?d=.*”，已拒绝：图表的数据只能来自 tongbao 提供的数据集/u,
      ),
    ]);
    expect(requests).toEqual([]);
  }, 30_000);

  it('cannot draw a local file into the PNG', async () => {
    const drawn = await draw({
      data: { name: 'problemsByCategory' },
      mark: 'image',
      encoding: { x: { field: 'count', type: 'quantitative' }, url: { value: 'file:///etc/hostname' } },
    });
    expect(drawn.images).toEqual([]);
    expect(drawn.diagnostics.map((d) => d.rule)).toEqual([expect.stringMatching(/^chart-(resource|image)$/u)]);
  }, 30_000);

  it('refuses a size over the cap before drawing anything', async () => {
    const started = performance.now();
    const drawn = await draw({
      data: { name: 'problemsByCategory' },
      mark: 'bar',
      width: 30000,
      height: 300,
      encoding: { x: { field: 'count', type: 'quantitative' } },
    });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(drawn.diagnostics.map(formatDiagnostic)).toEqual([
      `错误 charts/x.vl.json：图表大小 30000×300 超过上限 ${MAX_CHART_SIZE}×${MAX_CHART_SIZE}，请检查 width 和 height`,
    ]);
  });

  it('still draws a spec that keeps to the datasets', async () => {
    const drawn = await draw({
      data: { name: 'problemsByCategory' },
      mark: 'bar',
      encoding: { x: { field: 'count', type: 'quantitative' }, y: { field: 'category', type: 'nominal' } },
    });
    expect(drawn.diagnostics).toEqual([]);
    expect(drawn.images[0]?.svg).toContain('党的建设');
  }, 30_000);
});
