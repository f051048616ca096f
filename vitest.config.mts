import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The property tests (thousands of generated requests and documents) and the tests that start
    // processes are CPU-bound: on a 2-core machine with other work they can pass 5 s without being
    // wrong. A hang still fails, after 30 s (60 s for a set-up that starts a server or Azurite).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
