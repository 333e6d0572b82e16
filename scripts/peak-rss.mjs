// Preloaded (`node --import`) by bench-scale.mjs and the scale tests: reports the process's peak
// memory on exit as PEAK_RSS_KB=…. From /proc/self/status's VmHWM where there is one: unlike
// getrusage's maxRSS, which Linux carries over from the parent through fork and exec, it starts
// afresh in the new program (a parent holding big generated ledgers does not inflate it).
import { readFileSync } from 'node:fs';

function peakKb() {
  try {
    const m = /^VmHWM:\s+(\d+) kB/mu.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  process.stderr.write(`PEAK_RSS_KB=${peakKb()}\n`);
});
