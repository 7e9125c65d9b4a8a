// Removes the previous build so deleted source files do not linger in dist/.
import { rmSync } from 'node:fs'

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
