/**
 * Chart specs: `charts/<name>.vl.json`, vega-lite JSON that reads named datasets
 * (`"data": {"name": "auditProgress"}`). The CLI reads the files; this module parses them,
 * finds the datasets they read and binds the pipeline's rows to those names (vega-lite's
 * top-level `datasets`), leaving the rest of the spec exactly as staff wrote it.
 */
import type { Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';
import { DATASET_LEDGER, DATASET_NAMES, type DatasetName, type Datasets } from './datasets.js';

export const SPEC_SUFFIX = '.vl.json';

export interface ChartSpecSource {
  /** `audit-coverage` for charts/audit-coverage.vl.json: the output's name and the template's */
  name: string;
  /** the file as staff see it (messages), e.g. `charts/audit-coverage.vl.json` */
  file: string;
  /** the file's text, or why it could not be read (an errno code) */
  text: string | { error: string };
}

export type JsonObject = { [key: string]: unknown };

export interface ChartSpec {
  name: string;
  file: string;
  spec: JsonObject;
  /** the pipeline's datasets it reads, in order of first use */
  datasets: DatasetName[];
}

/** `audit-coverage.vl.json` → `audit-coverage`; null for other files. */
export function chartName(fileName: string): string | null {
  if (!fileName.toLowerCase().endsWith(SPEC_SUFFIX) || fileName.startsWith('.') || fileName.startsWith('~$')) return null;
  const name = fileName.slice(0, -SPEC_SUFFIX.length);
  return name === '' ? null : name;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where JSON.parse stopped, as a line and column staff can find in a text editor. */
function jsonErrorDetail(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const m = /position (\d+)/u.exec(message);
  if (!m) return message.includes('end of JSON') ? '文件在结尾处不完整' : '格式错误';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `第${line}行第${column}个字符附近`;
}

/** Every `{"name": …}` data reference in the spec (data, layers, lookups), in document order. */
function dataReferences(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) dataReferences(item, found);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' && isObject(value) && typeof value.name === 'string' && !('values' in value) && !('url' in value)) found.push(value.name);
      else if (key !== 'datasets') dataReferences(value, found);
    }
  }
  return found;
}

export function parseChartSpec(source: ChartSpecSource): { spec: ChartSpec | null; diagnostics: Diagnostic[] } {
  if (typeof source.text !== 'string') return { spec: null, diagnostics: [msg.unreadableFile(source.file, source.text.error)] };
  let parsed: unknown;
  const text = source.text.replace(/^\ufeff/u, '');
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { spec: null, diagnostics: [msg.chartNotJson(source.file, jsonErrorDetail(text, error))] };
  }
  if (!isObject(parsed)) return { spec: null, diagnostics: [msg.chartNotJson(source.file, '最外层应是 { … }')] };
  // Datasets the spec defines itself (top-level `datasets`) are its own business.
  const own = isObject(parsed.datasets) ? Object.keys(parsed.datasets) : [];
  const names = [...new Set(dataReferences(parsed))].filter((n) => !own.includes(n));
  const diagnostics: Diagnostic[] = [];
  const datasets: DatasetName[] = [];
  for (const name of names) {
    if ((DATASET_NAMES as readonly string[]).includes(name)) datasets.push(name as DatasetName);
    else diagnostics.push(msg.chartUnknownDataset(source.file, name, DATASET_NAMES));
  }
  if (diagnostics.length > 0) return { spec: null, diagnostics };
  return { spec: { name: source.name, file: source.file, spec: parsed, datasets }, diagnostics };
}

/** The ledgers a spec's datasets are drawn from (none for a spec that does not parse). */
export function specLedgers(text: string): ('problems' | 'unions')[] {
  const { spec } = parseChartSpec({ name: '', file: '', text });
  return [...new Set((spec?.datasets ?? []).map((name) => DATASET_LEDGER[name]))];
}

/**
 * The spec with the rows of the datasets it reads under vega-lite's top-level `datasets`;
 * null, with a warning, when a dataset's ledger is absent from the inputs.
 */
export function bindDatasets(chart: ChartSpec, datasets: Datasets): { spec: JsonObject | null; diagnostics: Diagnostic[] } {
  const bound: Record<string, unknown> = isObject(chart.spec.datasets) ? { ...chart.spec.datasets } : {};
  for (const name of chart.datasets) {
    const rows = datasets[name];
    if (rows === null) return { spec: null, diagnostics: [msg.chartNeedsLedger(chart.file, DATASET_LEDGER[name])] };
    bound[name] = rows;
  }
  return { spec: { ...chart.spec, datasets: bound }, diagnostics: [] };
}
