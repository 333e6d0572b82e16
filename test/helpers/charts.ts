/** The shipped chart specs drawn from a run of the shipped example, in the bundled free font. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { ChartFont } from '../../pipeline/chart/render.js';
import { readChartSpecs, PROJECT_CHARTS_DIR } from '../../pipeline/cli/charts.js';
import type { ChartSpecSource } from '../../pipeline/chart/specs.js';

/** Noto Serif SC, the PDF body's font when no office font is found (see cli/font-search.ts). */
export function bundledChartFont(): ChartFont {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
  return { path, data: readFileSync(path), family: 'Noto Serif SC' };
}

/** The project's charts/*.vl.json. */
export const projectSpecs = (): ChartSpecSource[] => readChartSpecs(PROJECT_CHARTS_DIR);

/** A spec from JSON, as if read from charts/<name>.vl.json. */
export const specSource = (name: string, spec: unknown): ChartSpecSource => ({
  name,
  file: `charts/${name}.vl.json`,
  text: typeof spec === 'string' ? spec : JSON.stringify(spec),
});
