import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/build-once.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          fileParallelism: true,
        },
      },
      {
        // The production shape as separate processes under faults (npm run test:topology; CI runs it).
        test: {
          name: 'topology',
          include: ['test/topology/**/*.test.ts'],
          globalSetup: ['test/integration/build-once.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
