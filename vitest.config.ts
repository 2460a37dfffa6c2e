import { defineConfig } from 'vitest/config';

// Two tiers: fast unit tests beside the code, and end-to-end tests that spawn the built
// bundles as real processes. `npm test` runs both; `npm run test:unit` the fast one.
export default defineConfig({
  test: {
    // CI also keeps a JSON report, from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/vitest-report.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          // Unit tests first, then the end-to-end tier (projects with different worker limits need distinct groups).
          sequence: { groupOrder: 0 },
          include: [
            'pkg/**/*.test.ts',
            'cmd/**/*.test.ts',
            'hyperkube/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/architecture/**/*.test.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The machine has two cores; e2e files each start servers and kubectl processes.
          maxWorkers: 2,
        },
      },
    ],
  },
});
