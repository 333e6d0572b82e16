/**
 * The PDF is rendered in a worker thread, so that loading pdfmake and reading the fonts (about
 * half a second on a small machine) happens while the main thread reads the ledgers and
 * writes the DOCX. The worker starts loading at once and renders when the document arrives.
 */
import { flushCompileCache } from 'node:module';
import { isMainThread, parentPort } from 'node:worker_threads';
import type { Document, FontRole, Fonts } from '../document/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { takeReadFontBytes, type FontBytes } from './font-bytes.js';
import { takeJobs } from './worker-gc.js';
import { crashText } from './workers.js';
import type { FontSearchEnv } from './font-search.js';
import type { ImprintPlacement } from '../render/pdf/frame.js';

/** A character of the document that the font drawing it lacks (render/pdf/index.ts). */
export interface MissingCharacter {
  char: string;
  role: FontRole;
  font: string;
}

export interface PdfJob {
  document: Document;
  wanted: Fonts;
  templateFiles: Partial<Record<FontRole, { path: string; line: number | undefined }>>;
  inputsDir: string;
  templateName: string;
  searchEnv: FontSearchEnv;
}

/** A role that a bundled free font served: no font of the name asked for was found. */
export interface BundledRole {
  role: FontRole;
  wanted: string;
}

export type PdfJobResult =
  | {
      ok: true;
      bytes: Uint8Array;
      report: string[];
      missing: MissingCharacter[];
      imprint: ImprintPlacement | null;
      bundled: BundledRole[];
    }
  | { ok: false; diagnostics: Diagnostic[] }
  | { ok: false; crash: string };

/** What the worker posts: the result, and the font files it read (font-bytes.ts), for the workers to come. */
export type PdfWorkerAnswer = PdfJobResult & { fontBytes?: FontBytes[] };

const ready = (async () => {
  const [fonts, pdf, settings] = await Promise.all([import('./font-search.js'), import('../render/pdf/index.js'), import('../compose/settings.js')]);
  const fontsRead = fonts.preloadBundledFonts();
  pdf.preloadPdfRenderer();
  await fontsRead;
  if (!isMainThread) {
    // While the main thread reads the ledgers: the installed fonts indexed, and the fonts the
    // default template asks for found and opened (the document usually asks for the same).
    const likely = fonts.resolvePdfFonts(settings.DEFAULT_FONTS, {}, '.', 'notice.md', fonts.processFontEnv());
    pdf.prepareFonts(likely.fonts);
  }
  return { fonts, pdf };
})();

/** Resolves the fonts and renders: the same steps, in a worker or in the main thread. */
export async function runPdfJob(job: PdfJob): Promise<PdfJobResult> {
  const { fonts, pdf } = await ready;
  const resolution = fonts.resolvePdfFonts(job.wanted, job.templateFiles, job.inputsDir, job.templateName, job.searchEnv);
  if (resolution.diagnostics.length > 0) return { ok: false, diagnostics: resolution.diagnostics };
  const fallbacks = fonts.fallbackFonts(job.searchEnv);
  const missing = pdf.missingCharacters(job.document, resolution.fonts, fallbacks);
  const bundled = Object.values(resolution.fonts)
    .filter((served) => served.source === 'bundled')
    .map(({ role, wanted }) => ({ role, wanted }));
  const { bytes, imprint } = await pdf.renderPdfLaidOut(job.document, resolution.fonts, fallbacks);
  return { ok: true, bytes, report: resolution.report, missing, imprint, bundled };
}

takeJobs<PdfJob>(parentPort, (job) =>
  runPdfJob(job).then(
    (result) => {
      // Before answering: the main thread ends this worker once it has the PDF, and a terminated
      // worker does not write what it compiled to Node's compile cache (bin/tongbao.js).
      if (!isMainThread) flushCompileCache();
      // The PDF's bytes in memory of their own: Node 24 will not transfer memory from Buffer's
      // shared pool (a small PDF's bytes may sit in it), and the worker would die posting it.
      const answer: PdfWorkerAnswer = { ...(result.ok ? { ...result, bytes: result.bytes.slice() } : result), fontBytes: takeReadFontBytes() };
      parentPort?.postMessage(answer, answer.ok ? [answer.bytes.buffer as ArrayBuffer] : []);
    },
    (error: unknown) => parentPort?.postMessage({ ok: false, crash: crashText(error), fontBytes: takeReadFontBytes() } satisfies PdfWorkerAnswer),
  ),
);
