import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const publicDir = fileURLToPath(new URL('./src/public/', import.meta.url))

export default defineConfig({
  test: {
    // Fixture projects are run by the e2e tests with their own vitest, not collected here.
    exclude: ['test/fixtures/**', 'node_modules/**'],
    // e2e tests start a real vitest per fixture; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        // Pure modules and in-process behaviour, run against the source: no build needed, so
        // `npm run test:watch` checks the code being edited. `vitest-llm/*` resolves to src/.
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.e2e.test.ts', 'test/fixtures/**', 'node_modules/**'] },
        resolve: {
          alias: [
            { find: /^vitest-llm$/, replacement: `${publicDir}index.ts` },
            { find: /^vitest-llm\/(prompt|stats|deploy|fake|matchers|plugin)$/, replacement: `${publicDir}$1.ts` },
          ],
        },
      },
      {
        // The real vitest on fixture projects, and the CLI, with the built package installed as
        // users install it (`npm run build` links it into node_modules).
        extends: true,
        test: { name: 'e2e', include: ['test/**/*.e2e.test.ts'] },
      },
    ],
  },
})
