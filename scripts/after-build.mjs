// After `tsc`: make the CLI executable (tsc drops the bit) and make `import 'vitest-llm/...'`
// resolve to this checkout, the way `npm link` would, so the fixture projects under test/ and
// the examples load the built package exactly as users do.
import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const path = relative => fileURLToPath(new URL(relative, import.meta.url))

chmodSync(path('../dist/public/cli.js'), 0o755)

mkdirSync(path('../node_modules/.bin'), { recursive: true })
link(path('../node_modules/vitest-llm'), '..')
link(path('../node_modules/.bin/vitest-llm'), '../vitest-llm/dist/public/cli.js')

function link(at, target) {
  try {
    if (lstatSync(at).isSymbolicLink()) return
    rmSync(at, { recursive: true, force: true })
  }
  catch {}
  symlinkSync(target, at)
}
