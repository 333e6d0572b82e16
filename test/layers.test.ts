/**
 * The pipeline's layers run one way (README, "Layout"): a module imports only from its own layer
 * or earlier ones, and no modules import each other in a circle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PIPELINE = fileURLToPath(new URL('../pipeline/', import.meta.url));

/** Layer by the first part of a module's path inside pipeline/ (a file's name without .ts). */
const LAYERS: Record<string, number> = {
  dates: 0,
  diagnostics: 0,
  messages: 0,
  zip: 0,
  document: 0,
  fonts: 0,
  text: 0,
  read: 1,
  ledger: 2,
  stats: 3,
  chart: 4,
  compose: 5,
  render: 6,
  report: 7,
  workspace: 7,
  run: 8,
  'run-quarterly': 8,
  cli: 9,
};

function modules(folder = PIPELINE): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.ts') ? [relative(PIPELINE, path).split('\\').join('/')] : [];
  });
}

function layerOf(module: string): string {
  return (module.split('/')[0] as string).replace(/\.ts$/u, '');
}

/** The modules a module imports, relative to pipeline/, with `import type` left out when `runtimeOnly`. */
function importsOf(module: string, source: string, runtimeOnly = false): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[\s;])(import|export)(\s+type)?\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gu;
  for (const m of source.matchAll(pattern)) {
    if (runtimeOnly && m[2]) continue;
    const spec = (m[3] ?? m[4]) as string;
    found.push(
      normalize(join(dirname(module), spec))
        .split('\\')
        .join('/')
        .replace(/\.js$/u, '.ts'),
    );
  }
  return found;
}

/** Each circle found by a depth-first walk, as `a → b → a`. */
function circlesIn(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (module: string, path: string[]) => {
    if (state.get(module) === 'done') return;
    if (state.get(module) === 'open') {
      circles.push([...path.slice(path.indexOf(module)), module].join(' → '));
      return;
    }
    state.set(module, 'open');
    for (const next of graph.get(module) ?? []) visit(next, [...path, module]);
    state.set(module, 'done');
  };
  for (const module of graph.keys()) visit(module, []);
  return circles;
}

const all = modules();
const sources = new Map(all.map((m) => [m, readFileSync(join(PIPELINE, m), 'utf8')]));

describe('layers', () => {
  it('gives every module of pipeline/ a layer', () => {
    expect(all.filter((m) => LAYERS[layerOf(m)] === undefined)).toEqual([]);
  });

  it('has no import that runs back up the pipeline', () => {
    const backUp: string[] = [];
    for (const [module, source] of sources) {
      const from = LAYERS[layerOf(module)] as number;
      for (const target of importsOf(module, source)) {
        if (target.startsWith('..')) continue;
        const to = LAYERS[layerOf(target)];
        if (to !== undefined && to > from) backUp.push(`${module} → ${target}`);
      }
    }
    expect(backUp).toEqual([]);
  });

  it('has no circle of modules that load each other (type-only imports aside)', () => {
    const graph = new Map([...sources].map(([m, s]) => [m, importsOf(m, s, true).filter((t) => sources.has(t))]));
    expect(circlesIn(graph)).toEqual([]);
  });

  it('catches a back-up import and a circle (the check itself)', () => {
    expect(importsOf('chart/x.ts', "import { a } from '../render/pdf/y.js';\nconst m = await import('./z.js');")).toEqual(['render/pdf/y.ts', 'chart/z.ts']);
    expect(importsOf('chart/x.ts', "import type { A } from '../compose/y.js';", true)).toEqual([]);
    expect(LAYERS[layerOf('render/pdf/y.ts')]).toBeGreaterThan(LAYERS[layerOf('chart/x.ts')] as number);
    // the circle this check was written after: chart-runner → chart-worker → charts → chart-runner
    const graph = new Map([
      ['cli/chart-runner.ts', ['cli/chart-worker.ts']],
      ['cli/chart-worker.ts', ['cli/charts.ts']],
      ['cli/charts.ts', ['cli/chart-runner.ts']],
    ]);
    expect(circlesIn(graph)).toEqual(['cli/chart-runner.ts → cli/chart-worker.ts → cli/charts.ts → cli/chart-runner.ts']);
  });
});
