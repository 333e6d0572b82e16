#!/usr/bin/env node
/**
 * `npm run bench` (after bench.mjs and bench-scale.mjs): `tongbao watch` on a copy of the
 * example, saved 50 times, and the watch process's resident memory, threads and open files
 * after rebuild 5 and after rebuild 50: half a second after the build, and again once it has
 * sat idle for 12 s, as between saves. Target: after 50 within 20% of after 5 (issue 13: watch
 * runs for weeks). Also the bytes a rebuild reads and the time from a save to its status line.
 * Two kinds of save:
 *   notice.md  a comment appended, as staff save a template (the charts are drawn once);
 *   ledger     the problem ledger replaced by one of 10 generated ledgers in turn (40–49
 *              problems), so that every build draws its charts and lays out a new PDF.
 * `WATCH_REBUILDS=N`; `WATCH_SAVES=ledger` or `WATCH_SAVES=notice.md` for one kind only.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { problemLedger } from './scale-ledgers.mjs';
import { startWatch } from './watch-driver.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REBUILDS = Number(process.env.WATCH_REBUILDS ?? 50);
const ledgers = Array.from({ length: 10 }, (_, i) => problemLedger(40 + i));

const saves = {
  'notice.md': (inputs, n) => appendFileSync(join(inputs, 'notice.md'), `\n<!-- 第${n}次保存 -->\n`),
  ledger: (inputs, n) => writeFileSync(join(inputs, '整改台账.xlsx'), ledgers[n % ledgers.length]),
};

async function measure(kind, save) {
  const scratch = mkdtempSync(join(tmpdir(), 'tongbao-bench-watch-'));
  const inputs = join(scratch, 'inputs');
  cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });
  const watch = startWatch(inputs, join(scratch, 'outputs'), scratch);
  try {
    await watch.built(1);
    const seen = {};
    const waits = [];
    for (let n = 2; n <= REBUILDS + 1; n++) {
      const saved = performance.now();
      save(inputs, n);
      await watch.built(n);
      waits.push(performance.now() - saved);
      if (n - 1 === 5 || n - 1 === REBUILDS) {
        const now = await watch.resources();
        seen[n - 1] = { ...now, idleMb: (await watch.resources(12_000)).rssMb };
      }
    }
    const at5 = seen[5];
    const atEnd = seen[REBUILDS];
    const percent = (a, b) => `${b >= a ? '+' : ''}${((b / a - 1) * 100).toFixed(0)}%`;
    const readPerRebuild = (atEnd.readBytes - at5.readBytes) / (REBUILDS - 5) / 1024 / 1024;
    const median = waits.sort((a, b) => a - b)[waits.length >> 1];
    console.log(`\nwatch (issue 13): ${REBUILDS} rebuilds of the example, each after a save of ${kind}`);
    console.log(
      `  after rebuild 5: ${at5.rssMb.toFixed(0)} MB resident (${at5.idleMb.toFixed(0)} MB after 12 s idle), ${at5.threads} threads, ${at5.files} open files`,
    );
    console.log(
      `  after rebuild ${REBUILDS}: ${atEnd.rssMb.toFixed(0)} MB resident, ${percent(at5.rssMb, atEnd.rssMb)} against rebuild 5 (${atEnd.idleMb.toFixed(0)} MB after 12 s idle, ${percent(at5.idleMb, atEnd.idleMb)}); target within 20%; ${atEnd.threads} threads, ${atEnd.files} open files`,
    );
    console.log(`  save to status line: median ${median.toFixed(0)} ms (0.7 s of it waiting for the file to settle)`);
    console.log(`  read per rebuild: ${readPerRebuild.toFixed(1)} MB (inputs, compile cache; the fonts are read once)`);
  } finally {
    watch.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// `WATCH_SAVES=ledger` (or notice.md): that kind only
for (const [kind, save] of Object.entries(saves)) if (!process.env.WATCH_SAVES || process.env.WATCH_SAVES === kind) await measure(kind, save);
