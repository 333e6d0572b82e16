import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `npm run test:slow` (vitest.slow.config.ts) runs these
    exclude: ['test/**/*.slow.test.ts', '**/node_modules/**'],
    // Dates are calendar dates in the users' time zone; pin it so tests mean the same everywhere.
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 30_000,
  },
});
