/**
 * Font files are read once per process and shared with the worker threads (pipeline/cli/font-bytes.ts):
 * under `watch`, each build's new workers used to read their fonts again (55 MB a rebuild),
 * and part of that memory stayed with the process. The worker here runs the compiled module
 * (`npm test` compiles dist/ first), as the CLI's workers do.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { adoptFontBytes, fontBytesForWorker, readFontBytes, type FontBytes } from '../../pipeline/cli/font-bytes.js';
import { useTempDirs } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';

const tempDir = useTempDirs();

describe('font bytes', () => {
  it('are read once into shared memory, and again only when the file changes', () => {
    const path = join(tempDir(), 'a.ttf');
    writeFileSync(path, 'first font');
    const bytes = readFontBytes(path);
    expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(bytes).toString()).toBe('first font');
    expect(readFontBytes(path)).toBe(bytes);
    writeFileSync(path, 'second font, longer');
    utimesSync(path, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(Buffer.from(readFontBytes(path)).toString()).toBe('second font, longer');
  });

  it('reach a new worker without its reading them, and come back from a worker that read one', async () => {
    const dir = tempDir();
    const known = join(dir, 'known.ttf');
    const fresh = join(dir, 'fresh.ttf');
    writeFileSync(known, 'known font');
    writeFileSync(fresh, 'fresh font');
    const ours = readFontBytes(known);
    // The worker writes into the bytes it was given (they are ours, not a copy it read), and
    // reads a font the process had not read: the entry it hands back shares its memory.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(${JSON.stringify(join(ROOT, 'dist/cli/font-bytes.js'))}).then((m) => {
        m.readFontBytes(workerData.known)[0] = 75; // 'K'
        m.readFontBytes(workerData.fresh);
        parentPort.postMessage(m.takeReadFontBytes());
      });`;
    const worker = new Worker(code, { eval: true, workerData: { ...fontBytesForWorker(), known, fresh } });
    const handedBack = await new Promise<FontBytes[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(Buffer.from(ours).toString()).toBe('Known font');
    expect(handedBack.map((e) => e.path)).toEqual([fresh]);
    adoptFontBytes(handedBack);
    const adopted = readFontBytes(fresh);
    expect(adopted.buffer).toBe(handedBack[0]?.bytes.buffer);
    expect(fontBytesForWorker().fontBytes?.map((e) => e.path)).toEqual(expect.arrayContaining([known, fresh]));
    expect(readFileSync(known, 'utf8')).toBe('known font'); // (the file itself is untouched)
  });
});
