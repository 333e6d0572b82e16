/**
 * The shipped example in inputs/ (two workbooks reproducing the 2025-05-30 notice's figures):
 * the numbers the notice prints must come out of the ledgers. The build is the shared one of
 * the compiled CLI (test/setup/shared-builds.ts), counted at the template's 成文日期
 * 2025-05-30; another date is counted by the pipeline in-process (no documents needed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../pipeline/dates.js';
import { runExample } from './helpers/example.js';
import { sharedRun } from './helpers/shared.js';

/** stats.json read back: any key path, as the tests walk it. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, indexed by the paths the tests name
type StatsJson = Record<string, any>;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = join(ROOT, 'inputs');

/** The shared build of the example (as of 2025-05-30, the notice template's date). */
async function build() {
  const run = await sharedRun('build');
  expect(run.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
  expect(run.status).toBe(0);
  const text = readFileSync(join(run.outputs, 'stats.json'), 'utf8');
  const log = readFileSync(join(run.outputs, 'run-log.md'), 'utf8');
  return { stats: JSON.parse(text) as StatsJson, text, log };
}

/** The figures at another date: stats.json is the pipeline's stats, as JSON. */
async function statsAt(asOf: string) {
  const result = await runExample(asOf as IsoDate);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return JSON.parse(JSON.stringify(result.stats)) as StatsJson;
}

/** Every key path of a JSON value, and every string in it. */
function walk(value: unknown, path: string[] = [], keys: string[][] = [], strings: string[] = []) {
  if (typeof value === 'string') strings.push(value);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walk(v, [...path, String(i)], keys, strings);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.push([...path, k]);
      walk(v, [...path, k], keys, strings);
    }
  }
  return { keys, strings };
}

describe('the shipped example', () => {
  it('has its two workbooks', () => {
    expect(existsSync(join(INPUTS, '整改台账.xlsx'))).toBe(true);
    expect(existsSync(join(INPUTS, '基层工会台账.xlsx'))).toBe(true);
  });

  it('build (as of the template’s 2025-05-30) gives the notice’s figures', async () => {
    const { stats } = await build();
    expect(stats.asOf).toBe('2025-05-30');
    expect(stats.problems).toMatchObject({ categories: 14, total: 44, completed: 39, staged: 5, notCompleted: 0, overdue: [] });
    expect(stats.immediate).toMatchObject({ total: 12, completed: 12 });
    expect(stats.unions).toMatchObject({ total: 60, checked: 30, plannedAudits: 60, audited: 0 });
    // The per-category figures add up to the totals.
    const byCategory = stats.problems.byCategory as { total: number; completed: number; staged: number }[];
    expect(byCategory).toHaveLength(14);
    expect(byCategory.reduce((n, c) => n + c.total, 0)).toBe(44);
    expect(byCategory.reduce((n, c) => n + c.completed, 0)).toBe(39);
    expect(byCategory.reduce((n, c) => n + c.staged, 0)).toBe(5);
  });

  it('as of 2025-12-31 counts the audits done since, without moving any problem', async () => {
    const stats = await statsAt('2025-12-31');
    expect(stats.asOf).toBe('2025-12-31');
    expect(stats.unions.audited).toBeGreaterThan(0);
    expect(stats.unions.audited).toBeLessThanOrEqual(stats.unions.plannedAudits);
    expect(stats.unions.coverage).toBeCloseTo(stats.unions.audited / 60);
    expect(stats.problems).toMatchObject({ total: 44, completed: 39, staged: 5, notCompleted: 0 });
  });

  it('writes stats.json as nested objects with YYYY-MM-DD dates and integer counts', async () => {
    const { stats, text } = await build();
    const { keys, strings } = walk(stats);
    expect(keys.filter((k) => (k.at(-1) as string).includes('.'))).toEqual([]);
    expect(Object.keys(stats)).toEqual(expect.arrayContaining(['asOf', 'problems', 'immediate', 'unions']));
    expect(typeof stats.problems).toBe('object');
    const dateLike = strings.filter((s) => /^\d{4}[-/.年]\d{1,2}/.test(s));
    expect(dateLike.length).toBeGreaterThan(0);
    for (const s of dateLike) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const key of ['total', 'completed', 'staged', 'notCompleted', 'categories']) expect(Number.isInteger(stats.problems[key])).toBe(true);
    for (const key of ['total', 'checked', 'plannedAudits', 'audited']) expect(Number.isInteger(stats.unions[key])).toBe(true);
    expect(text).not.toMatch(/"problems\.total"/);
  });

  it('lists the skipped 说明 sheets and the note rows below each table in the run log', async () => {
    const { log } = await build();
    expect(log).toContain('### 整改台账.xlsx › 说明：未识别');
    expect(log).toContain('### 基层工会台账.xlsx › 说明：未识别');
    const section = (title: string) => {
      const start = log.indexOf(`### ${title}`);
      expect(start).toBeGreaterThanOrEqual(0);
      const end = log.indexOf('\n### ', start + 1);
      return log.slice(start, end === -1 ? undefined : end);
    };
    for (const [title, used] of [
      ['整改台账.xlsx › 整改台账：', 44],
      ['整改台账.xlsx › 立行立改：', 12],
      ['基层工会台账.xlsx › 基层工会：', 60],
    ] as const) {
      const s = section(title);
      expect(s).toContain(`使用 ${used} 行；有错误 0 行`);
      expect(s).toMatch(/- 第\d+行：表格下方的注释行（合并单元格）：注：/);
    }
  });

  it('the compiled binary checks the example with exit 0', () => {
    expect(existsSync(join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first (npm test does)').toBe(true);
    const r = spawnSync(process.execPath, ['bin/tongbao.js', 'check', '--as-of', '2025-05-30'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).not.toMatch(/^错误/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('整改台账：14个方面44个问题，已完成39个，阶段性完成5个，未完成0个');
    expect(r.stdout).toMatch(/检查通过/);
  });
});
