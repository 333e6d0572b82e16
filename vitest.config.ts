import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `npm run test:slow` runs these (vitest.slow.config.ts)
    exclude: ['test/**/*.slow.test.ts'],
    // Dates are calendar dates in the users' time zone; pin it so tests mean the same everywhere.
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 30_000,
  },
});
