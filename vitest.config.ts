import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: property tests (10,000 runs) and child processes on a loaded
    // 2-core CI machine take tens of seconds; speed is judged by benchmarks, not here.
    testTimeout: 90_000,
    pool: 'threads',
  },
});
