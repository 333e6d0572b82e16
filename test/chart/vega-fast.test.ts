/**
 * vega and vega-lite from their single-file builds (chart/vega-fast.ts) draw what the packages'
 * own ES module entries draw: the same versions, the same vega spec from vega-lite, the same SVG.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chartDatasets } from '../../pipeline/chart/datasets.js';
import { prepareCharts, type PreparedChart } from '../../pipeline/chart/render.js';
import type { JsonObject } from '../../pipeline/chart/specs.js';
import { vegaTextWidth } from '../../pipeline/chart/text-metrics.js';
import { loadVegaBuilds } from '../../pipeline/chart/vega-fast.js';
import { fontMeasurer } from '../../pipeline/fonts/measure.js';
import { bundledChartFont, projectSpecs } from '../helpers/charts.js';
import { runExample } from '../helpers/example.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

const font = bundledChartFont();
let charts: PreparedChart[];
let builds: { vega: Vega; vegaLite: VegaLite };
let entries: { vega: Vega; vegaLite: VegaLite };

beforeAll(async () => {
  const result = await runExample();
  if (!result.ledger || !result.stats) throw new Error('the example has errors');
  charts = prepareCharts(projectSpecs(), chartDatasets(result.ledger, result.stats)).charts;
  builds = await loadVegaBuilds();
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  entries = { vega, vegaLite };
}, 60_000);

/** The chart as vega-lite compiles it and vega draws it (as chart/render.ts does), with these modules. */
async function draw({ vega, vegaLite }: { vega: Vega; vegaLite: VegaLite }, chart: PreparedChart): Promise<{ compiled: unknown; svg: string }> {
  const spec = { ...chart.spec, config: { ...((chart.spec.config as JsonObject | undefined) ?? {}), font: font.family } };
  const compiled = vegaLite.compile(spec as never).spec;
  (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = vegaTextWidth(fontMeasurer(font));
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    await view.runAsync();
    return { compiled, svg: await view.toSVG() };
  } finally {
    view.finalize();
  }
}

describe('vega and vega-lite from their builds', () => {
  it('are the versions the packages export', () => {
    expect(builds.vega.version).toBe(entries.vega.version);
    expect(builds.vegaLite.version).toBe(entries.vegaLite.version);
  });

  it('leave no globals behind', () => {
    expect('vega' in globalThis).toBe(false);
    expect('vegaLite' in globalThis).toBe(false);
  });

  it('compile and draw each shipped chart as the packages do, byte for byte', async () => {
    expect(charts.map((c) => c.name)).toEqual(['audit-coverage', 'coverage-by-township', 'status-by-category']);
    for (const chart of charts) {
      const fast = await draw(builds, chart);
      const own = await draw(entries, chart);
      expect(fast.compiled, chart.name).toEqual(own.compiled);
      expect(fast.svg, chart.name).toBe(own.svg);
      expect(fast.svg).toContain('<svg');
    }
  }, 60_000);
});
