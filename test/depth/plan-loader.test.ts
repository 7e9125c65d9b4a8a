import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadPluginOptions } from '../../src/cli/plan-command.js'
import { fixtureCopy } from './fixture.js'

let tree: Awaited<ReturnType<typeof fixtureCopy>>
beforeEach(async () => {
  tree = await fixtureCopy()
})
afterEach(() => tree.cleanup())

describe('loadPluginOptions', () => {
  it('reads the options a plugin named vitest-llm exposes as api.vitestLlm, from the project\'s Vitest config', async () => {
    // Stands in for llm({...}) once it exposes its resolved options (see docs/depth.md).
    await writeFile(join(tree.dir, 'vitest.config.mjs'), `export default { plugins: [{ name: 'vitest-llm', api: { vitestLlm: { judge: { model: 'judge-model' } } } }] }\n`)
    expect(await loadPluginOptions(tree.dir, undefined)).toEqual({ judge: { model: 'judge-model' } })
  })

  it('undefined for a config without the plugin', async () => {
    await writeFile(join(tree.dir, 'vitest.config.mjs'), 'export default {}\n')
    expect(await loadPluginOptions(tree.dir, undefined)).toBeUndefined()
  })
})
