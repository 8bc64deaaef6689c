import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/e2e needs Heat and PowerDNS: `npm run test:heat` (vitest.heat.config.ts).
    exclude: ['test/e2e/**', 'node_modules/**'],
    setupFiles: ['test/support/leak-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests spawn servers and SQLite files; two cores make more workers slower.
    maxWorkers: 2,
  },
});
