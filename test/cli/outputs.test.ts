/**
 * Replacing outputs safely (pipeline/cli/outputs.ts, publish.ts), without building anything:
 * files in, folders out. On Windows a document open in Word or WPS cannot be renamed over
 * (EBUSY, EPERM or EACCES); Linux has no such lock, so `renameSync` is wrapped here to fail
 * for the targets a test marks as open.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildStamp, writeOutputs, type OutputFile } from '../../pipeline/cli/outputs.js';
import { publishOutputs } from '../../pipeline/cli/publish.js';
import { listFiles, useTempDirs } from '../helpers/cli.js';

const open = vi.hoisted(() => new Map<string, string>());
/** Paths containing one of these fragments hit a full disk: half the bytes are written, then ENOSPC. */
const fullDisk = vi.hoisted(() => new Set<string>());

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    renameSync: (from: import('node:fs').PathLike, to: import('node:fs').PathLike) => {
      const code = open.get(String(to));
      if (code) throw Object.assign(new Error(`${code}: resource busy or locked, rename '${String(from)}' -> '${String(to)}'`), { code });
      return fs.renameSync(from, to);
    },
    writeFileSync: (path: import('node:fs').PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options?: import('node:fs').WriteFileOptions) => {
      if (typeof path !== 'number' && [...fullDisk].some((f) => String(path).includes(f))) {
        const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        fs.writeFileSync(path, bytes.subarray(0, bytes.length >> 1), options);
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
      }
      return fs.writeFileSync(path, data, options);
    },
  };
});

const tempDir = useTempDirs();
const T0 = new Date('2025-05-30T10:15:00+08:00');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** One build's worth of publishing into `folder`, messages collected. */
function publish(folder: string, files: Record<string, string>, now: Date) {
  const stderr: string[] = [];
  const list: OutputFile[] = Object.entries(files).map(([path, contents]) => ({ path, contents }));
  const result = publishOutputs(list, {
    folder,
    now,
    manifest: { tool: { name: 'tongbao', version: '0.0.0' }, asOf: '2025-05-30', inputs: [] },
    shown: (path) => `out/${path}`,
    stderr: (line) => stderr.push(line),
  });
  return { ...result, stderr };
}

const text = (path: string) => readFileSync(path, 'utf8');
const recorded = (folder: string) => (JSON.parse(text(join(folder, 'manifest.json'))) as { outputs: { path: string }[] }).outputs.map((o) => o.path);

describe('a full disk', () => {
  it('leaves no cut-off copy in history/: the old file stays, named as not replaced', () => {
    const folder = tempDir();
    publish(folder, { 'notice.pdf': 'first build', 'stats.json': '{}' }, T0);
    fullDisk.add(`${join(folder, 'history')}`);
    try {
      const second = publish(folder, { 'notice.pdf': 'second build', 'stats.json': '{}' }, minutes(1));
      expect(second.failed).toBe(1);
      expect(second.stderr).toEqual([expect.stringMatching(/^错误 out\/notice\.pdf：旧文件无法先保存到 out\/history\/2025-05-30T101600\/notice\.pdf/u)]);
    } finally {
      fullDisk.clear();
    }
    expect(text(join(folder, 'notice.pdf'))).toBe('first build');
    expect(listFiles(folder).filter((p) => p.startsWith('history/'))).toEqual([]);
  });
});

describe('outputs that cannot be replaced', () => {
  it.each(['EBUSY', 'EPERM', 'EACCES'])('a DOCX open in Word or WPS (%s): named, the rest written, the old one kept as it was', (code) => {
    const out = join(tempDir(), 'out');
    publish(out, { 'stats.json': 's1', 'notice.docx': 'd1' }, T0);
    open.set(join(out, 'notice.docx'), code);
    try {
      const r = publish(out, { 'stats.json': 's2', 'notice.docx': 'd2', 'run-log.md': 'l2' }, minutes(1));
      expect(r.stderr).toEqual(['错误 out/notice.docx：无法写入（文件正被其他程序打开或没有写入权限），请关闭正在打开它的程序后重试']);
      expect(r.failed).toBe(1);
      expect(r.written).toEqual(['stats.json', 'run-log.md', 'manifest.json']);
      expect(text(join(out, 'notice.docx'))).toBe('d1');
      expect(text(join(out, 'stats.json'))).toBe('s2');
      // The copy made before the failed rename is gone again: history/ holds only what was replaced.
      expect(listFiles(out)).toEqual(['history/2025-05-30T101600/stats.json', 'manifest.json', 'notice.docx', 'run-log.md', 'stats.json']);
      expect(recorded(out)).toEqual(['stats.json', 'run-log.md']);
    } finally {
      open.clear();
    }
  });

  it('a document open in WPS whose bytes would not change is no error: it is left alone', () => {
    const out = join(tempDir(), 'out');
    publish(out, { 'notice.docx': 'd1' }, T0);
    open.set(join(out, 'notice.docx'), 'EBUSY');
    try {
      const r = publish(out, { 'notice.docx': 'd1' }, minutes(1));
      expect(r.stderr).toEqual([]);
      expect(r.failed).toBe(0);
      expect(r.report.unchanged).toEqual(['notice.docx']);
      expect(recorded(out)).toEqual(['notice.docx']);
    } finally {
      open.clear();
    }
  });

  it('an old file that cannot be backed up first is not replaced', () => {
    const out = join(tempDir(), 'out');
    publish(out, { 'notice.docx': 'd1' }, T0);
    writeFileSync(join(out, 'history'), 'a file where the history folder goes');
    const r = publish(out, { 'notice.docx': 'd2' }, minutes(1));
    expect(r.stderr).toEqual([
      '错误 out/notice.docx：旧文件无法先保存到 out/history/2025-05-30T101600/notice.docx（路径中有同名的文件占用了文件夹的位置），未替换；请检查输出文件夹的权限和磁盘空间后重试',
    ]);
    expect(r.failed).toBe(1);
    expect(text(join(out, 'notice.docx'))).toBe('d1');
  });

  it('without the safe option (plain writes) files are replaced in place, never half-written', () => {
    const out = join(tempDir(), 'out');
    writeOutputs(out, [{ path: 'a/b.txt', contents: 'one' }]);
    const report = writeOutputs(out, [{ path: 'a/b.txt', contents: 'two' }]);
    expect(report.written).toEqual(['a/b.txt']);
    expect(listFiles(out)).toEqual(['a/b.txt']);
    expect(text(join(out, 'a/b.txt'))).toBe('two');
  });
});

describe('history/ and edited/', () => {
  it('names folders by the local time without “:”', () => {
    expect(buildStamp(T0)).toBe('2025-05-30T101500');
    expect(buildStamp(new Date('2025-01-02T03:04:05+08:00'))).toBe('2025-01-02T030405');
  });

  it('keeps the last 10 builds in history/, deleting the oldest; edited/ and folders it did not name are left alone', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(join(out, 'edited/2020-01-01T000000'), { recursive: true });
    writeFileSync(join(out, 'edited/2020-01-01T000000/notice.docx'), 'hand-made');
    mkdirSync(join(out, 'history/我的备份'), { recursive: true });
    writeFileSync(join(out, 'history/我的备份/x.txt'), 'mine');
    for (let n = 0; n < 12; n++) {
      const r = publish(out, { 'notice.docx': `d${n}`, 'stats.json': `s${n}` }, minutes(n));
      expect(r.stderr).toEqual([]);
    }
    // Builds 1–11 each replaced the one before: 11 folders, the oldest (from build 1) deleted.
    const folders = [...new Set(listFiles(join(out, 'history')).map((f) => f.split('/')[0]))];
    expect(folders).toEqual([...Array.from({ length: 10 }, (_, i) => buildStamp(minutes(i + 2))), '我的备份']);
    expect(text(join(out, 'history', buildStamp(minutes(11)), 'notice.docx'))).toBe('d10');
    expect(text(join(out, 'history/我的备份/x.txt'))).toBe('mine');
    expect(text(join(out, 'edited/2020-01-01T000000/notice.docx'))).toBe('hand-made');
  });

  it('builds in the same second get folders -2, -3, …; the oldest goes first (-10 after -9)', () => {
    const out = join(tempDir(), 'out');
    for (let n = 0; n < 12; n++) publish(out, { 'notice.docx': `d${n}` }, T0);
    const folders = [...new Set(listFiles(join(out, 'history')).map((f) => f.split('/')[0]))];
    expect(folders.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `2025-05-30T101500-${i + 2}`).sort());
    expect(text(join(out, 'history/2025-05-30T101500-11/notice.docx'))).toBe('d10');
  });

  it('never deletes this build’s own folder, even when a clock set back makes it look oldest', () => {
    const out = join(tempDir(), 'out');
    publish(out, { 'notice.docx': 'd0' }, T0);
    for (let n = 1; n <= 10; n++) {
      mkdirSync(join(out, `history/2026-01-01T0000${String(n).padStart(2, '0')}`), { recursive: true });
    }
    publish(out, { 'notice.docx': 'd1' }, minutes(1));
    expect(text(join(out, 'history/2025-05-30T101600/notice.docx'))).toBe('d0');
    expect(readdirSync(join(out, 'history')).sort()).toEqual([
      '2025-05-30T101600',
      ...Array.from({ length: 9 }, (_, i) => `2026-01-01T0000${String(i + 2).padStart(2, '0')}`),
    ]);
  });

  it('an edited file and a replaced one in the same build share the build’s time in edited/ and history/', () => {
    const out = join(tempDir(), 'out');
    publish(out, { 'notice.docx': 'd1', 'stats.json': 's1' }, T0);
    writeFileSync(join(out, 'notice.docx'), 'd1 edited');
    const r = publish(out, { 'notice.docx': 'd2', 'stats.json': 's2' }, minutes(1));
    expect(r.stderr).toEqual([
      '警告 out/notice.docx：与上次生成时记录的内容不同（可能已手工修改），已移到 out/edited/2025-05-30T101600/notice.docx 保存，再写入新文件',
    ]);
    expect(r.summary).toEqual(['1 个旧文件已移到 out/history/2025-05-30T101600（只保留最近 10 次生成）']);
    expect(listFiles(out)).toEqual([
      'edited/2025-05-30T101600/notice.docx',
      'history/2025-05-30T101600/stats.json',
      'manifest.json',
      'notice.docx',
      'stats.json',
    ]);
  });

  it('a manifest that cannot be parsed gives no record: changed files are kept in edited/', () => {
    const out = join(tempDir(), 'out');
    publish(out, { 'notice.docx': 'd1' }, T0);
    writeFileSync(join(out, 'manifest.json'), '{ not json');
    const r = publish(out, { 'notice.docx': 'd2' }, minutes(1));
    expect(r.stderr).toEqual([
      expect.stringMatching(
        /^警告 out\/notice\.docx：没有上次生成的记录（manifest\.json 不存在或未列出此文件）.*out\/edited\/2025-05-30T101600\/notice\.docx/u,
      ),
    ]);
    expect(recorded(out)).toEqual(['notice.docx']);
  });
});
