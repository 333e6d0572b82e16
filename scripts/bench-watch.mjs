#!/usr/bin/env node
/**
 * `npm run bench` (after bench.mjs and bench-scale.mjs): `tongbao watch` on a copy of the
 * example, saved 50 times (a comment appended to notice.md, as staff save a template), and the
 * watch process's resident memory, threads and open files after rebuild 5 and after rebuild 50:
 * half a second after the build, and again once it has sat idle for 12 s, as between saves (V8
 * hands freed memory back some 8 s after a burst of work). Target: after 50 within 20% of after
 * 5 (issue 13: watch runs for weeks). Also the bytes a rebuild reads. `WATCH_REBUILDS=N`.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWatch } from './watch-driver.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REBUILDS = Number(process.env.WATCH_REBUILDS ?? 50);
const scratch = mkdtempSync(join(tmpdir(), 'tongbao-bench-watch-'));
const inputs = join(scratch, 'inputs');
cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });
const watch = startWatch(inputs, join(scratch, 'outputs'), scratch);

try {
  await watch.built(1);
  const seen = {};
  for (let n = 2; n <= REBUILDS + 1; n++) {
    appendFileSync(join(inputs, 'notice.md'), `\n<!-- 第${n}次保存 -->\n`);
    await watch.built(n);
    if (n - 1 === 5 || n - 1 === REBUILDS) {
      const now = await watch.resources();
      seen[n - 1] = { ...now, idleMb: (await watch.resources(12_000)).rssMb };
    }
  }
  const at5 = seen[5];
  const atEnd = seen[REBUILDS];
  const percent = (a, b) => `${b >= a ? '+' : ''}${((b / a - 1) * 100).toFixed(0)}%`;
  const readPerRebuild = (atEnd.readBytes - at5.readBytes) / (REBUILDS - 5) / 1024 / 1024;
  console.log(`\nwatch (issue 13): ${REBUILDS} rebuilds of the example, each after a save of notice.md`);
  console.log(
    `  after rebuild 5: ${at5.rssMb.toFixed(0)} MB resident (${at5.idleMb.toFixed(0)} MB after 12 s idle), ${at5.threads} threads, ${at5.files} open files`,
  );
  console.log(
    `  after rebuild ${REBUILDS}: ${atEnd.rssMb.toFixed(0)} MB resident, ${percent(at5.rssMb, atEnd.rssMb)} against rebuild 5 (${atEnd.idleMb.toFixed(0)} MB after 12 s idle, ${percent(at5.idleMb, atEnd.idleMb)}); target within 20%; ${atEnd.threads} threads, ${atEnd.files} open files`,
  );
  console.log(`  read per rebuild: ${readPerRebuild.toFixed(1)} MB (inputs, compile cache; the fonts are read once)`);
} finally {
  watch.stop();
  rmSync(scratch, { recursive: true, force: true });
}
