/**
 * `tongbao watch` runs for weeks: the compiled CLI (with its PDF and chart worker threads, as
 * users run it) rebuilds 10 times, and its threads and open files come back to what they were
 * after the first build (the builds share the workers it keeps, pipeline/cli/warm-workers.ts);
 * the rebuilds read no font file again (pipeline/cli/font-bytes.ts); it runs with the Node
 * options of a long-running command (bin/node-flags.js). (Linux: read from /proc.)
 */
import { appendFileSync, cpSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatch, type WatchDriver } from '../../scripts/watch-driver.mjs';
import { useTempDirs } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';

const tempDir = useTempDirs();
const running: WatchDriver[] = [];
afterEach(() => {
  for (const watch of running.splice(0)) watch.stop();
});

describe('watch over many rebuilds', () => {
  it('keeps its worker threads, closes each build’s files, reads its fonts once: counts after 10 rebuilds equal those after the first build', async () => {
    const dir = tempDir();
    const inputs = join(dir, 'inputs');
    cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });
    const watch = startWatch(inputs, join(dir, 'outputs'), dir);
    running.push(watch);
    await watch.built(1);
    // started as `node bin/tongbao.js watch …`, it started itself again with the options
    const commandLine = watch.commandLine();
    expect(commandLine.slice(1, 5)).toEqual(['--max-semi-space-size=2', '--expose-gc', join(ROOT, 'bin/tongbao.js'), 'watch']);
    const { threads, files, readBytes } = await watch.resources();
    for (let n = 2; n <= 11; n++) {
      appendFileSync(join(inputs, 'notice.md'), `\n<!-- 第${n}次保存 -->\n`);
      await watch.built(n);
    }
    const after = await watch.resources();
    expect({ threads: after.threads, files: after.files }).toEqual({ threads, files });
    // A rebuild reads the inputs and the compile cache (some 10 MB); its workers read the fonts
    // they draw with (the bundled Noto fonts here, 40 MB) again every time before.
    const require = createRequire(import.meta.url);
    const fonts = [
      'noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
      'noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
      'noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
    ];
    const fontBytes = fonts.reduce((sum, f) => sum + statSync(require.resolve(`@expo-google-fonts/${f}`)).size, 0);
    expect((after.readBytes - readBytes) / 10).toBeLessThan(fontBytes);
  }, 120_000);
});
