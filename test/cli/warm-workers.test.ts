/**
 * The workers watch and serve keep between builds (pipeline/cli/warm-workers.ts): a drawing asked
 * for again is given back, and a drawer whose worker died starts a new one at the next drawing.
 * (The real workers, over many rebuilds: watch-resources.slow.test.ts.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild, type WarmRunners } from '../../pipeline/cli.js';
import type { ChartDrawing } from '../../pipeline/cli/chart-runner.js';
import { startPdfRunner } from '../../pipeline/cli/pdf-runner.js';
import { rememberingDrawer, warmChartDrawer } from '../../pipeline/cli/warm-workers.js';
import { FIXED_NOW, useTempDirs } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';

const tempDir = useTempDirs();

describe('remembering drawings', () => {
  it('draws the same charts once, and again when anything about them changed or the drawing failed', async () => {
    const calls: string[] = [];
    let fail = false;
    const drawing = rememberingDrawer({
      draw: async (charts) => {
        calls.push(JSON.stringify(charts));
        return { images: [], diagnostics: fail ? [{ rule: 'x', severity: 'error', message: 'x', place: { file: 'charts' } }] : [], missing: [] };
      },
      close: () => undefined,
      collect: () => undefined,
    });
    const a = [{ name: 'a' }] as never;
    const b = [{ name: 'b' }] as never;
    await drawing.draw(a, null);
    await drawing.draw(a, null);
    await drawing.draw(b, null);
    await drawing.draw(a, null);
    expect(calls).toHaveLength(2);
    fail = true;
    const c = [{ name: 'c' }] as never;
    await drawing.draw(c, null);
    await drawing.draw(c, null);
    expect(calls).toHaveLength(4);
  });
});

describe('a warm chart drawer', () => {
  it('keeps its worker between drawings, starts another when that one has ended, passes on collections to the one it has, and closes it', async () => {
    const started: { ended: () => void; draws: number; closed: boolean; collected: number }[] = [];
    const start = (onExit: () => void): ChartDrawing => {
      const worker = { ended: onExit, draws: 0, closed: false, collected: 0 };
      started.push(worker);
      return {
        draw: async () => {
          worker.draws++;
          return { images: [], diagnostics: [], missing: [] };
        },
        close: () => {
          worker.closed = true;
        },
        collect: () => {
          worker.collected++;
        },
      };
    };
    const drawing = warmChartDrawer(start);
    expect(started).toHaveLength(1); // started at once, to load while the ledgers are read
    await drawing.draw([] as never, null);
    await drawing.draw([] as never, null);
    expect(started.map((w) => w.draws)).toEqual([2]);
    drawing.collect();
    expect(started.map((w) => w.collected)).toEqual([1]);
    started[0]?.ended();
    drawing.collect(); // nothing to collect in: no worker is started for it
    expect(started).toHaveLength(1);
    await drawing.draw([] as never, null);
    expect(started.map((w) => w.draws)).toEqual([2, 1]);
    drawing.collect();
    expect(started.map((w) => w.collected)).toEqual([1, 1]);
    drawing.close();
    expect(started.map((w) => w.closed)).toEqual([false, true]);
  });
});

describe('a build with kept workers', () => {
  it('asks them to collect their garbage once it has ended, also when it failed (pipeline/cli/worker-gc.ts)', async () => {
    let collections = 0;
    let collectedAfter = '';
    const stdout: string[] = [];
    const warm: WarmRunners = {
      pdf: startPdfRunner(),
      charts: null,
      collect: () => {
        collections++;
        collectedAfter = stdout.at(-1) ?? '';
      },
    };
    const io = { stdout: (line: string) => stdout.push(line), stderr: () => undefined, cwd: ROOT, now: () => FIXED_NOW };
    const outputsDir = tempDir();
    const checked = await runBuild('check', { inputsArg: 'inputs', inputsDir: join(ROOT, 'inputs'), outputsDir, asOf: null, quarter: null }, io, warm);
    expect(checked.code).toBe(0);
    expect(collections).toBe(1);
    expect(collectedAfter).toMatch(/检查通过/u); // after the build had said all it had to say
    const missing = await runBuild('build', { inputsArg: 'nowhere', inputsDir: join(outputsDir, 'nowhere'), outputsDir, asOf: null, quarter: null }, io, warm);
    expect(missing.code).toBe(2);
    expect(collections).toBe(2);
  });
});
