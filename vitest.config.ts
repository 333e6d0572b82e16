import { defineConfig } from 'vitest/config';

/** Files that replace a module (vi.mock) for the code they test: each in its own module graph. */
const MOCKING = ['test/cli/outputs.test.ts'];

export default defineConfig({
  test: {
    // Dates are calendar dates in the users' time zone; pin it so tests mean the same everywhere.
    // (Set when vitest starts each worker process: the `forks` pool, not `threads`, whose
    // workers share the main process's time zone.)
    env: { TZ: 'Asia/Shanghai' },
    pool: 'forks',
    // vitest uses all cores but one by default: on 2 cores, one test file at a time. Most of
    // the slow files wait on child processes (the shared runs, the compiled CLI), so two.
    maxWorkers: 2,
    testTimeout: 30_000,
    // A beforeAll waiting for a shared run (test/helpers/shared.ts) may take a while on a busy machine.
    hookTimeout: 120_000,
    // `npm run coverage`: v8 line coverage of pipeline/ (the code run in the test processes;
    // the spawned CLI and its worker threads are not measured).
    coverage: {
      provider: 'v8',
      include: ['pipeline/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.slow.test.ts', ...MOCKING],
          // One module graph per worker process, not per file: pdfmake, exceljs, docx, vega and
          // the pipeline load once per worker instead of once per file (about half the CPU time).
          isolate: false,
          // The compiled CLI builds the example once for every file (test/helpers/shared.ts).
          globalSetup: ['test/setup/shared-builds.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: MOCKING,
        },
      },
    ],
  },
});
