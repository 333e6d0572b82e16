import { defineConfig } from 'vitest/config';

/**
 * `npm run test:slow`: checks that need tools from outside npm (LibreOffice, poppler-utils),
 * and scale runs of several seconds each (test/read/limits.slow.test.ts).
 * They fail, never skip, when a tool is missing (the message names the Debian package).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts'],
    env: { TZ: 'Asia/Shanghai' },
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
