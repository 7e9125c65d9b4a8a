// Makes `import 'vitest-llm/...'` resolve to this checkout, the way `npm link` would, so the
// fixture projects under test/ and the examples load the built package exactly as users do.
import { lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const link = fileURLToPath(new URL('../node_modules/vitest-llm', import.meta.url))

mkdirSync(fileURLToPath(new URL('../node_modules', import.meta.url)), { recursive: true })
try {
  if (lstatSync(link).isSymbolicLink()) process.exit(0)
  rmSync(link, { recursive: true, force: true })
}
catch {}
symlinkSync(root, link, 'dir')
