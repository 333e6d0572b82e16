/**
 * The charts' side of the file system: reading the spec files of a charts folder, finding the
 * chart font (the one the PDF's body is set in, see render/pdf/figure.ts), and turning the
 * drawn charts into output files.
 *
 * The charts folder is the project's top-level `charts/` (beside package.json). It is a
 * parameter throughout, so a workspace's own `charts/` can take its place.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawWith, type ChartDrawer, type ChartFont, type ChartImage } from '../chart/index.js';
import { chartName, type ChartSpecSource } from '../chart/specs.js';
import { DEFAULT_FONTS } from '../compose/settings.js';
import type { FontSettings } from '../document/ast.js';
import { figureFontRole } from '../render/pdf/figure.js';
import type { OutputFile } from './outputs.js';
import { fallbackFont, pdfFontFiles, resolvePdfFonts, type FontSearchEnv } from './font-search.js';

/** The project's own chart specs: pipeline/cli/ and dist/cli/ both sit two levels below the root. */
export const PROJECT_CHARTS_DIR = fileURLToPath(new URL('../../charts/', import.meta.url));

/** The outputs' folder for charts. */
export const CHARTS_OUTPUT_FOLDER = 'charts';

/** A workspace's (an inputs folder's) own chart specs: DIR/charts. */
export const WORKSPACE_CHARTS_FOLDER = 'charts';

/**
 * The chart specs a build uses: the inputs folder's own `charts/` when there is one (a
 * workspace made by `tongbao init` has a copy, which staff may restyle), else the project's.
 */
export function chartsFolder(inputsDir: string): string {
  const own = join(inputsDir, WORKSPACE_CHARTS_FOLDER);
  try {
    if (statSync(own).isDirectory()) return own;
  } catch {
    // no charts/ in the inputs: the project's
  }
  return PROJECT_CHARTS_DIR;
}

/**
 * Every `<name>.vl.json` directly in the folder, in code-point order of their names; a folder
 * that does not exist has none. `shownAs` is how messages name the folder.
 */
export function readChartSpecs(chartsDir: string, shownAs = 'charts'): ChartSpecSource[] {
  let names: string[];
  try {
    names = readdirSync(chartsDir, { withFileTypes: true })
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => e.name);
  } catch {
    return [];
  }
  const specs: ChartSpecSource[] = [];
  for (const fileName of names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = chartName(fileName);
    if (name === null) continue;
    let text: ChartSpecSource['text'];
    try {
      text = readFileSync(join(chartsDir, fileName), 'utf8');
    } catch (error) {
      text = { error: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
    specs.push({ name, file: `${shownAs}/${fileName}`, text });
  }
  return specs;
}

/**
 * The chart font, found as the PDF finds its fonts (the template's font files, the office
 * fonts, the bundled free fonts), for the role figure-font.ts picks. A font file the template
 * names but that cannot be read is reported by the PDF; the charts use what the search finds.
 * A character it lacks is drawn, as in the PDF, with the fallback font when that has it.
 */
export function chartFontFor(settings: FontSettings | null, inputsDir: string, searchEnv: FontSearchEnv): ChartFont {
  const { fonts } = resolvePdfFonts(settings?.fonts ?? DEFAULT_FONTS, pdfFontFiles(settings), inputsDir, 'notice.md', searchEnv);
  return { ...fonts[figureFontRole(fonts)].file, fallbacks: [fallbackFont()] };
}

/** Draws in this thread, in the chart font for the settings. */
export const drawInThisThread = (inputsDir: string, searchEnv: FontSearchEnv): ChartDrawer =>
  drawWith((settings) => chartFontFor(settings, inputsDir, searchEnv));

/** `charts/<name>.svg` and `charts/<name>.png` for each drawn chart. */
export function chartOutputs(images: readonly ChartImage[], folder = CHARTS_OUTPUT_FOLDER): OutputFile[] {
  return images.flatMap((image) => [
    { path: `${folder}/${image.name}.svg`, contents: image.svg },
    { path: `${folder}/${image.name}.png`, contents: image.png },
  ]);
}
