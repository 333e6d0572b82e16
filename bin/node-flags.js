// The Node options of the commands that run for days (`watch`, `serve`):
// - a small young generation in the main thread, as the workers they keep have
//   (cli/warm-workers.ts). With V8's default the main thread's new space grew from 16 to 32 MB
//   in the first builds and stayed, and watch's resident memory rose about a quarter from
//   rebuild 5 to 50; with 2 MB semi-spaces it stays within 5–10%. A one-off build of 5,000
//   problems takes about a tenth longer this way and 200 MB less memory; `build` keeps the
//   default.
// - `gc` for the kept workers, which collect when each build has ended (cli/worker-gc.ts).
// Figures: `node scripts/bench-watch.mjs`.
//
// A V8 heap is sized when the process starts, so these must be on Node's command line: the
// double-click launchers pass them (scripts/bundle/launchers.mjs), and bin/tongbao.js, started
// without them, starts again with them where Node can replace its own process (not Windows).

export const LONG_RUNNING_COMMANDS = ['watch', 'serve'];
export const LONG_RUNNING_NODE_FLAGS = ['--max-semi-space-size=2', '--expose-gc'];
