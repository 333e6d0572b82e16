/**
 * The workers watch and serve keep between builds (pipeline/cli/warm-workers.ts): a drawing asked
 * for again is given back, and a drawer whose worker died starts a new one at the next drawing.
 * (The real workers, over many rebuilds: watch-resources.slow.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { ChartDrawing } from '../../pipeline/cli/chart-runner.js';
import { rememberingDrawer, warmChartDrawer } from '../../pipeline/cli/warm-workers.js';

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
  it('keeps its worker between drawings, starts another when that one has ended, and closes the one it has', async () => {
    const started: { ended: () => void; draws: number; closed: boolean }[] = [];
    const start = (onExit: () => void): ChartDrawing => {
      const worker = { ended: onExit, draws: 0, closed: false };
      started.push(worker);
      return {
        draw: async () => {
          worker.draws++;
          return { images: [], diagnostics: [], missing: [] };
        },
        close: () => {
          worker.closed = true;
        },
      };
    };
    const drawing = warmChartDrawer(start);
    expect(started).toHaveLength(1); // started at once, to load while the ledgers are read
    await drawing.draw([] as never, null);
    await drawing.draw([] as never, null);
    expect(started.map((w) => w.draws)).toEqual([2]);
    started[0]?.ended();
    await drawing.draw([] as never, null);
    expect(started.map((w) => w.draws)).toEqual([2, 1]);
    drawing.close();
    expect(started.map((w) => w.closed)).toEqual([false, true]);
  });
});
