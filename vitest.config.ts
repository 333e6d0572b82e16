import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dates are calendar dates in the users' time zone; pin it so tests mean the same everywhere.
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 30_000,
    // The compiled CLI builds the example once for every file (test/helpers/shared.ts); a
    // beforeAll waiting for it may take a while on a busy machine.
    globalSetup: ['test/setup/shared-builds.ts'],
    hookTimeout: 120_000,
    // `npm run coverage`: v8 line coverage of pipeline/ (the code run in the test threads; the
    // spawned CLI and its worker threads are not measured).
    coverage: {
      provider: 'v8',
      include: ['pipeline/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
  },
});
