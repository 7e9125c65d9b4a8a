// After `tsc`: bundle each public entry point (and the setup file the plugin registers) into
// dist/public with esbuild. Node pays for every module file it resolves, reads and links, so
// ~90 small modules cost more at start-up than a few chunks of the same code (see the
// cold-import benchmark). Code shared by entries goes into chunks beside them, so each entry
// still loads only what it reaches; `import()`s stay lazy; packages stay external (the user's
// `vitest`, `zod` and `openai` are the ones we use). tsc's per-module output and declarations
// stay in dist/ for the types and the benchmarks; the package only ships dist/public's code.
import { build } from 'esbuild'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const path = relative => fileURLToPath(new URL(relative, import.meta.url))
const publicEntries = readdirSync(path('../src/public')).filter(file => file.endsWith('.ts')).map(file => path(`../src/public/${file}`))

await build({
  // plugin/setup.ts is found at run time as './setup.js' beside the plugin's code.
  entryPoints: [...publicEntries, path('../src/plugin/setup.ts')],
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
