import { defineConfig } from 'vitest/config';

/**
 * `npm run test:slow`: checks that need tools from outside npm (LibreOffice, poppler-utils) or
 * start other programs (the compiled CLI) and take minutes. They fail, never skip, when a tool
 * is missing (the message names the Debian package).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts'],
    env: { TZ: 'Asia/Shanghai' },
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
