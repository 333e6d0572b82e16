import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_FILE, LOCK_FILE, lockOutputs } from '../../pipeline/cli/lock.js';
import { publishOutputs } from '../../pipeline/cli/publish.js';
import { fileRecord } from '../../pipeline/report/manifest.js';
import { listFiles, useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs();
const now = () => new Date('2025-05-30T10:00:00+08:00');
const lockAt = (folder: string, holder: object) => {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, LOCK_FILE), JSON.stringify(holder));
};

describe('one writer at a time', () => {
  it('a second build waits for the first to finish, then writes', async () => {
    const folder = tempDir();
    const first = await lockOutputs(folder, { now });
    if (!('release' in first)) throw new Error('not locked');
    const holder = JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, started: '2025-05-30T02:00:00.000Z' });
    setTimeout(first.release, 300);
    const started = performance.now();
    const second = await lockOutputs(folder, { now, waitMs: 5000 });
    expect('release' in second).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('gives up after the wait, naming a live holder', async () => {
    const folder = tempDir();
    lockAt(folder, { host: 'pc-1', pid: process.pid, started: '2025-05-30T01:59:00.000Z' });
    const result = await lockOutputs(folder, { now, waitMs: 200, self: { host: 'pc-1', pid: 1 } });
    expect(result).toEqual({ heldBy: { host: 'pc-1', pid: process.pid, started: '2025-05-30T01:59:00.000Z' } });
  });

  it('takes over a lock whose process is gone, or one of another host older than 10 minutes', async () => {
    const gone = tempDir();
    lockAt(gone, { host: 'pc-1', pid: 2 ** 22 + 12345, started: '2025-05-30T01:59:00.000Z' });
    expect('release' in (await lockOutputs(gone, { now, waitMs: 0, self: { host: 'pc-1', pid: 7 } }))).toBe(true);
    const old = tempDir();
    lockAt(old, { host: 'pc-2', pid: 1, started: '2025-05-30T01:49:00.000Z' });
    expect('release' in (await lockOutputs(old, { now, waitMs: 0, self: { host: 'pc-1', pid: 7 } }))).toBe(true);
    const fresh = tempDir();
    lockAt(fresh, { host: 'pc-2', pid: 1, started: '2025-05-30T01:55:00.000Z' });
    expect(await lockOutputs(fresh, { now, waitMs: 0, self: { host: 'pc-1', pid: 7 } })).toMatchObject({ heldBy: { host: 'pc-2' } });
  });
});

describe('a build killed half-way', () => {
  it('is recognised by the next build: its files go to history/, not edited/; its temporary files are removed', () => {
    const folder = tempDir();
    const publish = (files: { path: string; contents: string }[], at: Date) =>
      publishOutputs(files, {
        folder,
        now: at,
        manifest: { tool: { name: 't', version: '1' }, asOf: '2025-05-30' as never, inputs: [] },
        shown: (p) => p,
        stderr: () => undefined,
      });
    publish(
      [
        { path: 'notice.pdf', contents: 'v1' },
        { path: 'stats.json', contents: 's1' },
      ],
      new Date(2025, 4, 30, 10, 0, 0),
    );
    // A second build was killed after replacing notice.pdf: its journal and a temporary file remain, the manifest is v1's.
    writeFileSync(join(folder, 'notice.pdf'), 'v2');
    writeFileSync(join(folder, '.stats.json.4242.tmp'), 's2-partial');
    writeFileSync(
      join(folder, JOURNAL_FILE),
      JSON.stringify({ files: { 'notice.pdf': fileRecord('notice.pdf', 'v2').sha256, 'stats.json': fileRecord('stats.json', 's2').sha256 } }),
    );
    const stderr: string[] = [];
    const result = publishOutputs(
      [
        { path: 'notice.pdf', contents: 'v3' },
        { path: 'stats.json', contents: 's3' },
      ],
      {
        folder,
        now: new Date(2025, 4, 30, 11, 0, 0),
        manifest: { tool: { name: 't', version: '1' }, asOf: '2025-05-30' as never, inputs: [] },
        shown: (p) => p,
        stderr: (l) => stderr.push(l),
      },
    );
    expect(stderr).toEqual([]);
    expect(result.report.moved.map((m) => [m.path, m.why])).toEqual([
      ['notice.pdf', 'replaced'],
      ['stats.json', 'replaced'],
    ]);
    expect(listFiles(folder).sort()).toEqual([
      'history/2025-05-30T110000/notice.pdf',
      'history/2025-05-30T110000/stats.json',
      'manifest.json',
      'notice.pdf',
      'stats.json',
    ]);
    expect(readdirSync(folder).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(readFileSync(join(folder, 'history/2025-05-30T110000/notice.pdf'), 'utf8')).toBe('v2');
  });
});
