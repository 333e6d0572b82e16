/**
 * Writing a run's product: the PDF rendered in its worker while this thread writes the DOCX and
 * the charts not drawn yet are drawn in theirs; then the run log, and everything published
 * safely (history/, edited/) with the manifest last, one build at a time (lock.ts).
 */
import { join, relative } from 'node:path';
import { allCharts, NO_CHARTS, type ChartDrawer, type MissingChartCharacter } from '../chart/index.js';
import { errorsOf, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';
import type { Io } from './io.js';
import { chartOutputs } from './charts.js';
import { pdfFontFiles, processFontEnv, ROLE_NAMES } from './font-search.js';
import { lockOutputs } from './lock.js';
import type { PdfRunner } from './pdf-runner.js';
import type { BundledRole, MissingCharacter } from './pdf-worker.js';
import type { Product } from './products.js';
import type { Progress } from './progress.js';
import { toolInfo } from './tool.js';
import type { BuildOutcome } from './watch.js';

// Loaded when needed, not with the CLI: what comes after rendering (the manifest's records,
// writing) loads while the PDF renders.
const afterRender = () => Promise.all([import('../report/manifest.js'), import('./publish.js')]);

/** What the writing step needs besides the product: where, when, and the runners the run started. */
export interface WriteContext {
  inputsArg: string;
  inputsDir: string;
  outputsDir: string;
  now: Date;
  inputsRead: ReadonlyMap<string, Uint8Array>;
  pdfRunner: PdfRunner;
  draw: ChartDrawer | null;
  progress: Progress;
  outcome: BuildOutcome;
}

/**
 * Renders and writes a product: the PDF in its worker while this thread writes the DOCX and the
 * charts not drawn yet are drawn in theirs; then the run log, and everything published safely
 * (history/, edited/) with the manifest last.
 */
/** One warning naming the fonts the PDF could not find and the roles a bundled free font served instead; none when every font was found. */
function substitutionWarnings(bundled: readonly BundledRole[], pdfName: string, templateName: string): Diagnostic[] {
  if (bundled.length === 0) return [];
  const byName = new Map<string, string[]>();
  for (const { role, wanted } of bundled) byName.set(wanted, [...(byName.get(wanted) ?? []), ROLE_NAMES[role]]);
  return [
    msg.fontsSubstituted(
      pdfName,
      templateName,
      [...byName].map(([wanted, roles]) => ({ wanted, roles })),
    ),
  ];
}

/** How many characters a font lacks are warned about one by one; the rest in one line. */
const MISSING_NAMED = 10;

/** A warning for each character the PDF's font lacks, at the ledger cell or template line it comes from. */
function missingCharacterWarnings(missing: readonly MissingCharacter[], product: Product, pdfName: string): Diagnostic[] {
  const warnings = missing.slice(0, MISSING_NAMED).map((m) => msg.characterMissing(product.placeOf(m.char) ?? { file: pdfName }, m.char, m.font));
  const rest = missing.slice(MISSING_NAMED);
  if (rest.length > 0)
    warnings.push(
      msg.charactersMissing(
        pdfName,
        rest.map((m) => m.char),
        rest[0]?.font ?? '',
      ),
    );
  return warnings;
}

/**
 * The same for the charts: each character no chart font has (nor its fallback), once, at the
 * ledger cell it comes from (a township's or a category's name), else at the chart's spec.
 */
function missingChartCharacterWarnings(missing: readonly MissingChartCharacter[], product: Product): Diagnostic[] {
  const once = [...new Map(missing.map((m) => [m.char, m])).values()];
  const warnings = once
    .slice(0, MISSING_NAMED)
    .map((m) => msg.chartCharacterMissing(product.placeOf(m.char, 'labels') ?? { file: m.file }, m.char, m.font, m.chart));
  const rest = once.slice(MISSING_NAMED);
  if (rest[0])
    warnings.push(
      msg.chartCharactersMissing(
        rest[0].file,
        rest.map((m) => m.char),
        rest[0].font,
      ),
    );
  return warnings;
}

export async function writeProduct(product: Product, diagnostics: readonly Diagnostic[], ctx: WriteContext, io: Io): Promise<BuildOutcome> {
  // One build at a time writes the folder (watch, and someone running build beside it).
  const lock = await lockOutputs(ctx.outputsDir, { now: io.now, ...(io.lockWaitMs !== undefined ? { waitMs: io.lockWaitMs } : {}) });
  if ('heldBy' in lock) {
    io.stderr(msg.summary.outputsLocked(relative(io.cwd, ctx.outputsDir) || '.', lock.heldBy));
    return { ...ctx.outcome, code: 1 };
  }
  try {
    return await writeLocked(product, diagnostics, ctx, io);
  } finally {
    lock.release();
  }
}

async function writeLocked(product: Product, diagnostics: readonly Diagnostic[], ctx: WriteContext, io: Io): Promise<BuildOutcome> {
  ctx.progress.phase(product.phase);
  const later = afterRender();
  const files = [...product.files];
  const { document } = product;
  const pdf = document
    ? ctx.pdfRunner.render({
        document: document.tree,
        wanted: document.tree.fonts,
        templateFiles: pdfFontFiles(document.settings),
        inputsDir: ctx.inputsDir,
        templateName: document.templateName,
        searchEnv: processFontEnv(),
      })
    : null;
  // The charts the document does not place, drawn while the PDF renders.
  const settings = document?.settings ?? null;
  const rest = ctx.draw && product.charts.toDraw.length > 0 ? ctx.draw(product.charts.toDraw, settings) : Promise.resolve(NO_CHARTS);
  let fontReport: string[] = [];
  // A PDF the writer could not make (a damaged font file, say): the DOCX and the rest are still written.
  const renderFailures: Diagnostic[] = [];
  const renderWarnings: Diagnostic[] = [];
  if (document && pdf) {
    const { preloadDocxWriter, renderDocx } = await import('../render/docx/index.js');
    // A document with a 版记 puts it on the page the PDF did (render/docx/frame.ts): its DOCX
    // waits for the PDF; any other is written while the PDF renders.
    const followsPdf = document.tree.blocks.some((b) => b.type === 'imprint');
    if (followsPdf) preloadDocxWriter();
    const early = followsPdf ? null : await renderDocx(document.tree);
    const rendered = await pdf;
    const docx = early ?? (await renderDocx(document.tree, { imprint: rendered.ok ? rendered.imprint : null }));
    if (!rendered.ok && 'diagnostics' in rendered) {
      for (const d of rendered.diagnostics) io.stderr(formatDiagnostic(d));
      io.stdout(msg.summary.nothingWritten(rendered.diagnostics.length));
      return { ...ctx.outcome, code: 1 };
    }
    files.push({ path: `${document.name}.docx`, contents: docx });
    if (rendered.ok) {
      files.push({ path: `${document.name}.pdf`, contents: rendered.bytes });
      fontReport = rendered.report;
      renderWarnings.push(...substitutionWarnings(rendered.bundled, `${document.name}.pdf`, document.templateName));
      renderWarnings.push(...missingCharacterWarnings(rendered.missing, product, `${document.name}.pdf`));
      for (const d of renderWarnings) io.stderr(formatDiagnostic(d));
    } else {
      const named = Object.values(document.settings?.pdfFontFiles ?? {});
      const failure = msg.pdfFailed(`${document.name}.pdf`, named, rendered.crash.split('\n')[0] ?? '');
      io.stderr(formatDiagnostic(failure));
      renderFailures.push(failure);
    }
  }
  // A chart vega could not draw is reported (an error, also in the run log) and left out; the others are written.
  const drawn = allCharts(product.charts, await rest);
  for (const d of drawn.diagnostics) io.stderr(formatDiagnostic(d));
  const chartWarnings = missingChartCharacterWarnings(drawn.missing, product);
  for (const d of chartWarnings) io.stderr(formatDiagnostic(d));
  const chartsFailed = errorsOf(drawn.diagnostics).length;
  files.push(...chartOutputs(drawn.images, product.chartsFolder));
  const modules = await later;
  const [{ inputRecords }, { publishOutputs }] = modules;
  files.push({
    path: product.runLogName,
    contents: product.runLog([...diagnostics, ...renderWarnings, ...renderFailures, ...drawn.diagnostics, ...chartWarnings], {
      tool: toolInfo(),
      inputsFolder: ctx.inputsArg,
      written: [...files.map((f) => f.path), product.runLogName, product.manifestName],
      fonts: fontReport,
    }),
  });
  // Old files go to history/ (or edited/, when changed by hand); the manifest, listing what was written, comes last.
  ctx.progress.phase(msg.progress.write);
  const shown = (path: string) => relative(io.cwd, join(ctx.outputsDir, path)) || path;
  const published = publishOutputs(files, {
    folder: ctx.outputsDir,
    now: ctx.now,
    manifest: { tool: toolInfo(), asOf: product.asOf, inputs: inputRecords(ctx.inputsRead, product.sheets) },
    manifestName: product.manifestName,
    shown,
    stderr: io.stderr,
  });
  for (const line of product.summary) io.stdout(line);
  for (const line of published.summary) io.stdout(line);
  if (published.written.length) io.stdout(msg.summary.wrote(published.written.map(shown)));
  const failed = published.failed + chartsFailed + renderFailures.length;
  return {
    ...ctx.outcome,
    code: failed > 0 ? 1 : 0,
    changed: published.written.filter((path) => path !== product.manifestName && !published.report.unchanged.includes(path)),
    failedWrites: failed,
  };
}
