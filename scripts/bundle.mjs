// After `tsc`: bundle the public entry points (and the setup file the plugin registers) into
// dist/public with esbuild. Node pays for every module file it resolves, reads and links, so
// ~90 small modules cost more at start-up than a few files of the same code (see the
// cold-import benchmark). `import()`s stay lazy chunks; packages stay external (the user's
// `vitest`, `zod` and `openai` are the ones we use). tsc's per-module output and declarations
// stay in dist/ for the types and the benchmarks; the package ships only dist/public's code.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const path = relative => fileURLToPath(new URL(relative, import.meta.url))

// Entries that meet in one test process share one build, so they share one copy of each
// module: one AsyncLocalStorage for the case scope, one registry of watched files, one class
// per error across `vitest-llm`, `vitest-llm/prompt` and the matchers. The others are built
// apart, so that importing `vitest-llm` loads no chunk split off for them (27 files instead of
// 8): the plugin and the CLI run in Vitest's main process and their own; `stats` and `fake`
// keep no state; `deploy`'s errors are recognised across copies by their brand (errors.ts).
const GROUPS = [
  ['public/index.ts', 'public/matchers.ts', 'public/prompt.ts', 'plugin/setup.ts'],
  ['public/plugin.ts'],
  ['public/cli.ts'],
  ['public/stats.ts'],
  ['public/fake.ts'],
  ['public/deploy.ts'],
]

for (const entries of GROUPS) {
  await build({
    // plugin/setup.ts is found at run time as './setup.js' beside the plugin's code.
    entryPoints: entries.map(entry => path(`../src/${entry}`)),
    outdir: path('../dist/public'),
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    sourcemap: true,
    sourcesContent: false,
    allowOverwrite: true,
    logLevel: 'warning',
  })
}
