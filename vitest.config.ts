import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture projects are run by the integration tests with their own vitest, not collected here.
    exclude: ['test/fixtures/**', 'node_modules/**'],
    // Integration tests start a real vitest per fixture; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
