import { defineConfig } from 'vitest/config';

/** `npm run test:slow`: the tests that start other programs (the compiled CLI, LibreOffice) and take minutes. */
export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts'],
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
