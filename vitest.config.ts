import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Most test files wait on sockets, child processes and worker threads more than they
    // compute: two files at a time on a two-core machine (vitest's default is one fewer worker
    // than cores).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
