import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Most test files wait on sockets, child processes and worker threads more than they
    // compute: two files at a time on a two-core machine (vitest's default is one fewer worker
    // than cores).
    maxWorkers: 2,
    // Test files run one after another in the same two processes and share their modules:
    // discord.js, the NLP model, the word vectors and the thesaurus load once per process, not
    // once per file. What the project's modules keep between files is the language data and
    // caches of results that depend on nothing else. So a test file closes what it opens (in
    // `afterEach`/`afterAll`), and replaces a function with `vi.spyOn` and restores it, never
    // with `vi.mock`: a module mock cannot reach a module another file has already loaded.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
