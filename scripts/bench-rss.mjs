// Preloaded by bench.mjs into each cold build: reports the process's peak memory on exit.
process.on('exit', () => {
  process.stderr.write(`BENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
