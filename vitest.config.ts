import { defineConfig } from 'vitest/config';

/**
 * Fast and slow apart (Hono's vitest.config.ts): unit tests beside the source
 * run in parallel in milliseconds; the integration suites start real
 * sandboxes, ptys and servers, and the e2e suite a real Chromium. All run in
 * CI; nothing that should run skips.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/src/**/*.test.ts', 'common/src/**/*.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own servers and sandboxes; two at a time fits 2 cores.
          maxWorkers: 2,
          minWorkers: 1,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts', 'tests/security/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
