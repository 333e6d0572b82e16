/**
 * The page's HTTP API (docs/serve-api.md), behind the gate (gate.ts). Reads are GET, changes
 * POST; answers are JSON, but the files (`/api/outputs/…`, `/api/inputs/…`) and the event
 * stream (`/api/events`). Every file is looked up inside the inputs or outputs folder
 * (files.ts); uploads and templates are checked by their content before they are saved.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname } from 'node:path';
import { noticeFigures } from '../../compose/trace.js';
import { type IsoDate, lastCompleteQuarter, localDateToIso, parseQuarter, previousQuarter, type Quarter } from '../../dates.js';
import { formatDiagnostic, formatPlace, type Diagnostic } from '../../diagnostics.js';
import * as msg from '../../messages.js';
import { cellAt, cellText, type RawSheet } from '../../read/table.js';
import { TEMPLATE_FILES } from '../../read/inputs.js';
import type { RunResult } from '../../run.js';
import { chartInput } from '../chart-runner.js';
import { chartsFolder } from '../charts.js';
import { processFontEnv } from '../font-search.js';
import { readInputs } from '../inputs.js';
import { noticeProduct, quarterlyProduct } from '../products.js';
import type { Builder } from './builder.js';
import { contentProblem, earlierBuilds, fileInside, listFiles, saveInput, cleanFileName, UPLOAD_LIMIT_BYTES } from './files.js';
import { applySettings, bodyStartLine, settingFields } from './settings-form.js';

export interface ApiContext {
  inputsDir: string;
  outputsDir: string;
  /** The inputs folder as the user named it (messages, the run log). */
  inputsShown: string;
  builder: Builder;
  now: () => Date;
  version: string;
}

/** The longest JSON body (a template is at most 256 KB). */
const JSON_LIMIT = 2 * 1024 * 1024;
/** How many of a cell's characters the page is sent. */
const CELL_CHARS = 300;
/** Rows shown under one figure of 数字的来历. */
const ROWS_PER_FIGURE = 200;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request's body, refused past `limit` bytes (by its Content-Length, or as it arrives). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 'NaN');
    if (declared > limit) {
      reject(new HttpError(413, msg.serve.tooLarge(Math.round(limit / 1024 / 1024))));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.byteLength;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new HttpError(413, msg.serve.tooLarge(Math.round(limit / 1024 / 1024))));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, JSON_LIMIT);
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // below
  }
  throw new HttpError(400, msg.serve.badRequest);
}

function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string') throw new HttpError(400, msg.serve.badRequest);
  return value;
}

// ── files ────────────────────────────────────────────────────────────────────────────────

const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xlsm': 'application/vnd.ms-excel.sheet.macroEnabled.12',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};
/** Shown in the page (the preview, the charts, the run log); everything else is only downloaded. */
const INLINE = ['.pdf', '.png', '.svg', '.json', '.md'];

function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function sendFile(req: IncomingMessage, res: ServerResponse, root: string, relative: string, download: boolean): void {
  // A path that climbs out (`..`), or leads out through a link, is refused as such; a name not there is not found.
  if (relative.split('/').some((p) => p === '..' || p.includes('\\') || p.includes(':'))) throw new HttpError(403, msg.serve.outsideWorkspace);
  const path = fileInside(root, relative);
  if (!path) throw new HttpError(404, msg.serve.notFound);
  const ext = extname(path).toLowerCase();
  const bytes = readFileSync(path);
  const inline = !download && INLINE.includes(ext);
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': bytes.byteLength,
    'Content-Disposition': disposition(inline ? 'inline' : 'attachment', basename(path)),
  };
  // Anything but the PDF (which the browser's viewer must be free to show) is shown sandboxed:
  // an SVG or a file someone put in edited/ runs no script.
  if (ext !== '.pdf') headers['Content-Security-Policy'] = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** `/api/outputs/charts/a.svg` → `charts/a.svg`, each part decoded; null for a malformed escape. */
function decodedPath(rest: string): string | null {
  try {
    return rest
      .split('/')
      .map((p) => decodeURIComponent(p))
      .join('/');
  } catch {
    return null;
  }
}

// ── state ────────────────────────────────────────────────────────────────────────────────

interface RowView {
  place: string;
  headers: string[];
  cells: string[];
  /** 1-based column of the cell the message is about. */
  column: number | null;
}

function clip(text: string, max = CELL_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function rawSheetOf(run: RunResult, file: string, sheet: string | undefined | null): RawSheet | undefined {
  return run.rawSheets.find((s) => s.file === file && (s.sheet ?? undefined) === (sheet ?? undefined));
}

/** A ledger row beside its message: the sheet's header row and the row's cells. */
function rowView(run: RunResult, file: string, sheet: string | undefined | null, row: number, column: number | null): RowView | null {
  const raw = rawSheetOf(run, file, sheet);
  if (!raw) return null;
  const report = run.sheets.find((s) => s.file === file && (s.sheet ?? undefined) === (sheet ?? undefined));
  const width = Math.max(raw.cells[row - 1]?.length ?? 0, report?.columns.reduce((m, c) => Math.max(m, c.column), 0) ?? 0);
  const headers: string[] = [];
  const cells: string[] = [];
  for (let c = 1; c <= Math.min(width, 60); c++) {
    headers.push(clip(report?.headerRow ? cellText(cellAt(raw, report.headerRow, c)) : '', 40));
    cells.push(clip(cellText(cellAt(raw, row, c))));
  }
  return { place: formatPlace({ file, ...(sheet ? { sheet } : {}), row }), headers, cells, column };
}

function diagnosticView(d: Diagnostic, run: RunResult | undefined, withRow: boolean) {
  const row =
    withRow && run && d.place.row !== undefined && d.place.line === undefined
      ? rowView(run, d.place.file, d.place.sheet, d.place.row, d.place.column ?? null)
      : null;
  return {
    severity: d.severity,
    rule: d.rule,
    message: d.message,
    place: d.place,
    placeText: formatPlace(d.place),
    text: formatDiagnostic(d),
    row,
  };
}

/** Diagnostics shown with their ledger row (the rest are listed without it). */
const ROWS_SHOWN = 200;

function diagnosticsView(diagnostics: readonly Diagnostic[], run: RunResult | undefined) {
  return diagnostics.map((d, i) => diagnosticView(d, run, i < ROWS_SHOWN));
}

/**
 * The quarters the page offers, newest first: the last complete one (the default, as for
 * `tongbao quarterly`) and the four before it, and every earlier one the union ledger has a
 * check, plan or audit in.
 */
function quarters(run: RunResult | undefined, today: IsoDate): { list: string[]; default: string } {
  const last = lastCompleteQuarter(today);
  const found = new Set<string>([last]);
  let q = last;
  for (let i = 0; i < 4; i++) {
    q = previousQuarter(q);
    found.add(q);
  }
  for (const b of run?.stats?.unions?.byQuarter ?? []) if (b.quarter <= last && b.checked + b.planned + b.audited > 0) found.add(b.quarter);
  return { list: [...found].sort().reverse(), default: last };
}

export function stateOf(ctx: ApiContext) {
  const { builder } = ctx;
  const last = builder.lastNotice;
  const run = last?.ran?.notice;
  const diagnostics = last?.diagnostics ?? [];
  const plan = run?.plan ?? null;
  const files = listFiles(ctx.inputsDir).map((f) => {
    const own = diagnostics.filter((d) => d.place.file === f.path);
    const skipped = plan?.skipped.find((s) => s.name === f.path);
    const isTemplate = Object.values(plan?.templates ?? {}).includes(f.path);
    const isLedger = plan?.ledgers.some((l) => l.name === f.path) || /\.(xlsx|xlsm|csv)$/iu.test(f.path);
    return {
      ...f,
      kind: isTemplate ? 'template' : isLedger ? 'ledger' : 'other',
      state: !last
        ? 'unchecked'
        : own.some((d) => d.severity === 'error')
          ? 'error'
          : own.some((d) => d.severity === 'warning')
            ? 'warning'
            : skipped
              ? 'skipped'
              : 'ok',
      errors: own.filter((d) => d.severity === 'error').length,
      warnings: own.filter((d) => d.severity === 'warning').length,
      note: skipped?.reason ?? run?.fileNotes.find((n) => n.name === f.path)?.note ?? null,
      sheets: (run?.sheets ?? [])
        .filter((s) => s.file === f.path)
        .map((s) => ({ sheet: s.sheet, kind: s.kind, usedRows: s.usedRows, rejectedRows: s.rejectedRows })),
    };
  });
  const today = localDateToIso(ctx.now());
  return {
    version: ctx.version,
    workspace: { inputs: ctx.inputsDir, outputs: ctx.outputsDir },
    building: builder.current,
    check: last ? { ...last.summary, diagnostics: diagnosticsView(diagnostics, run) } : null,
    asOf: run?.asOf ?? null,
    lastBuild: builder.lastBuild,
    lastQuarterly: builder.lastQuarterly,
    files,
    outputs: listFiles(ctx.outputsDir, 2).filter((f) => !/^(history|edited)\//u.test(f.path)),
    quarters: quarters(run, today),
  };
}

function traceOf(ctx: ApiContext) {
  const run = ctx.builder.lastNotice?.ran?.notice;
  if (!run?.ledger || !run.stats || !run.noticeTemplate) return { asOf: run?.asOf ?? null, figures: [] };
  const figures = noticeFigures({ template: run.noticeTemplate, settings: run.noticeSettings, ledger: run.ledger, stats: run.stats });
  return {
    asOf: run.asOf,
    figures: figures.map((f) => ({
      label: f.label,
      value: f.value,
      where: f.where,
      rule: f.lines.map((l) => l.replace(/^(\s*)- /u, '$1')).join('\n'),
      rowCount: f.origins.length,
      rows: f.origins.slice(0, ROWS_PER_FIGURE).map((o) => {
        const view = rowView(run, o.file, o.sheet, o.row, null);
        const report = run.sheets.find((s) => s.file === o.file && s.sheet === o.sheet);
        const used = (report?.columns ?? []).filter((c) => c.field !== null).map((c) => c.column);
        return {
          place: formatPlace({ file: o.file, ...(o.sheet ? { sheet: o.sheet } : {}), row: o.row }),
          cells: used.map((c) => [view?.headers[c - 1] ?? '', clip(view?.cells[c - 1] ?? '', 60)]),
        };
      }),
    })),
  };
}

// ── templates ────────────────────────────────────────────────────────────────────────────

const TEMPLATE_NAMES: readonly string[] = Object.values(TEMPLATE_FILES);

function templateName(name: string): string {
  if (!TEMPLATE_NAMES.includes(name)) throw new HttpError(400, msg.serve.noTemplate(name));
  return name;
}

function readTemplateText(ctx: ApiContext, name: string): string {
  const path = fileInside(ctx.inputsDir, name);
  if (!path) throw new HttpError(404, msg.serve.noTemplate(name));
  return readFileSync(path, 'utf8');
}

/**
 * The template's diagnostics as `check` would give them with this text in place of the file:
 * the same run (products.ts) on the inputs folder, the template's bytes swapped.
 */
async function checkTemplate(ctx: ApiContext, name: string, text: string): Promise<Diagnostic[]> {
  const inputs = readInputs(ctx.inputsDir);
  if ('error' in inputs) return [];
  const bytes = Buffer.from(text, 'utf8');
  const fileNames = inputs.names.includes(name) ? inputs.names : [...inputs.names, name];
  const bytesOf = (file: string) => (file === name ? bytes : inputs.bytesOf(file));
  const charts = chartInput({ chartsDir: chartsFolder(ctx.inputsDir), draw: false, inputsDir: ctx.inputsDir, searchEnv: processFontEnv() });
  const input = { inputsFolder: ctx.inputsShown, fileNames, bytesOf, charts };
  const today = localDateToIso(ctx.now());
  const ran =
    name === TEMPLATE_FILES.quarterly
      ? await quarterlyProduct({ ...input, quarter: lastCompleteQuarter(today) })
      : await noticeProduct({ ...input, asOf: null, today });
  // The template's own (its lines); a ledger's diagnostics are the check's, not the editor's.
  return ran.diagnostics.filter((d) => d.place.file === name);
}

function templateAnswer(name: string, text: string, diagnostics: readonly Diagnostic[]) {
  return {
    name,
    text,
    bodyStartLine: bodyStartLine(text),
    fields: settingFields(name, text),
    diagnostics: diagnosticsView(diagnostics, undefined),
  };
}

// ── routes ───────────────────────────────────────────────────────────────────────────────

function afterSave(ctx: ApiContext, cause: string): void {
  // Rebuild now rather than after watch's settling time; watch, seeing the same change, finds nothing new.
  void ctx.builder.run('build', cause, { ifChanged: true });
}

function saveFailed(name: string, error: unknown): HttpError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? String(error);
  return new HttpError(409, msg.serve.saveFailed(name, msg.writeFailureReason(code)));
}

/** Answers an API request (after the gate); false when no route matched. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  const get = req.method === 'GET' || req.method === 'HEAD';
  const post = req.method === 'POST';

  if (get && path.startsWith('/api/outputs/')) {
    const rel = decodedPath(path.slice('/api/outputs/'.length));
    if (rel === null) throw new HttpError(400, msg.serve.badRequest);
    sendFile(req, res, ctx.outputsDir, rel, url.searchParams.has('download'));
    return true;
  }
  if (get && path.startsWith('/api/inputs/')) {
    const rel = decodedPath(path.slice('/api/inputs/'.length));
    if (rel === null) throw new HttpError(400, msg.serve.badRequest);
    sendFile(req, res, ctx.inputsDir, rel, true);
    return true;
  }
  if (get && path === '/api/state') {
    sendJson(res, 200, stateOf(ctx));
    return true;
  }
  if (get && path === '/api/trace') {
    sendJson(res, 200, traceOf(ctx));
    return true;
  }
  if (get && path === '/api/history') {
    sendJson(res, 200, { builds: earlierBuilds(ctx.outputsDir) });
    return true;
  }
  if (get && path === '/api/template') {
    const name = templateName(url.searchParams.get('name') ?? TEMPLATE_FILES.notice);
    const text = readTemplateText(ctx, name);
    sendJson(res, 200, templateAnswer(name, text, await checkTemplate(ctx, name, text)));
    return true;
  }
  if (!post) return false;

  if (path === '/api/build') {
    const summary = await ctx.builder.run('build', '页面', {});
    sendJson(res, 200, { ...summary, state: stateOf(ctx) });
    return true;
  }
  if (path === '/api/check') {
    const summary = await ctx.builder.run('check', '页面', {});
    sendJson(res, 200, { ...summary, state: stateOf(ctx) });
    return true;
  }
  if (path === '/api/quarterly') {
    const body = await readJson(req);
    const quarter = parseQuarter(stringField(body, 'quarter'));
    if (!quarter) throw new HttpError(400, msg.serve.badQuarter(String(body.quarter)));
    const summary = await ctx.builder.run('quarterly', '页面', { quarter: quarter as Quarter });
    sendJson(res, 200, { ...summary, files: summary.code === 0 ? quarterlyFiles(ctx, quarter) : [] });
    return true;
  }
  if (path === '/api/upload') {
    const raw = url.searchParams.get('name') ?? '';
    const name = cleanFileName(raw);
    if (!name) throw new HttpError(400, msg.serve.badName(raw));
    const bytes = await readBody(req, UPLOAD_LIMIT_BYTES);
    const problem = contentProblem(name, bytes);
    if (problem) throw new HttpError(415, problem);
    let saved: ReturnType<typeof saveInput>;
    try {
      saved = saveInput(ctx.inputsDir, ctx.outputsDir, name, bytes, ctx.now());
    } catch (error) {
      throw saveFailed(name, error);
    }
    afterSave(ctx, `上传 ${name}`);
    sendJson(res, 200, {
      ...saved,
      message: saved.backup ? msg.serve.savedWithBackup(name, `${basename(ctx.outputsDir)}/${saved.backup}`) : msg.serve.saved(name),
    });
    return true;
  }
  if (path === '/api/template/check' || path === '/api/template/apply' || path === '/api/template/save') {
    const body = await readJson(req);
    const name = templateName(stringField(body, 'name'));
    let text = stringField(body, 'text');
    if (path === '/api/template/apply') {
      const values = body.values;
      if (!values || typeof values !== 'object') throw new HttpError(400, msg.serve.badRequest);
      text = applySettings(name, text, Object.fromEntries(Object.entries(values as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')])));
    }
    if (path !== '/api/template/save') {
      sendJson(res, 200, templateAnswer(name, text, await checkTemplate(ctx, name, text)));
      return true;
    }
    const bytes = Buffer.from(text, 'utf8');
    const problem = contentProblem(name, bytes);
    if (problem) throw new HttpError(413, problem);
    let saved: ReturnType<typeof saveInput>;
    try {
      saved = saveInput(ctx.inputsDir, ctx.outputsDir, name, bytes, ctx.now());
    } catch (error) {
      throw saveFailed(name, error);
    }
    afterSave(ctx, `保存 ${name}`);
    sendJson(res, 200, {
      ...saved,
      message: saved.backup ? msg.serve.savedWithBackup(name, `${basename(ctx.outputsDir)}/${saved.backup}`) : msg.serve.saved(name),
    });
    return true;
  }
  return false;
}

function quarterlyFiles(ctx: ApiContext, quarter: string): string[] {
  return listFiles(ctx.outputsDir, 2)
    .map((f) => f.path)
    .filter((p) => p.startsWith(`quarterly-${quarter}.`) || p.startsWith(`charts/${quarter}/`));
}
