import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isJudged } from '../../src/depth/apply.js'
import { resolveDepthOptions } from '../../src/config/depth-options.js'
import { decideDepth } from '../../src/depth/policy.js'
import { depthFor } from '../../src/depth/provide.js'
import { startRunDepth } from '../../src/depth/run-depth.js'
import { fixtureCopy } from './fixture.js'

const judge = { model: 'gpt-4o-mini', temperature: 0, criteria: {} }
let tree: Awaited<ReturnType<typeof fixtureCopy>>
beforeEach(async () => {
  tree = await fixtureCopy()
})
afterEach(() => tree.cleanup())

describe('startRunDepth (what the plugin runs once per run)', () => {
  it('auto: compares with the baseline\'s fingerprints; without a baseline, unknown → full', async () => {
    const depth = resolveDepthOptions({ level: 'auto', inputs: { rag: ['docs/**/*.md'] } }, {})
    const file = join(tree.dir, 'llm-baseline.json')
    const first = await startRunDepth(tree.dir, { depth, judge }, file)
    expect(first.decision).toMatchObject({ level: 'full', known: false })
    await writeFile(file, JSON.stringify({ cases: {}, fingerprints: first.fingerprints }))
    expect((await startRunDepth(tree.dir, { depth, judge }, file)).decision).toMatchObject({ level: 'smoke', known: true })
    await tree.edit('prompts/answer.prompt.yaml', t => t.replace('gpt-4o-mini', 'gpt-4o'))
    expect((await startRunDepth(tree.dir, { depth, judge }, file)).decision).toMatchObject({ level: 'comprehensive', changes: [{ type: 'model' }] })
  })

  it('a fixed level does not read the baseline, but still takes fingerprints', async () => {
    const start = await startRunDepth(tree.dir, { depth: resolveDepthOptions('regression', {}), judge }, undefined)
    expect(start.decision).toMatchObject({ mode: 'fixed', level: 'regression' })
    expect(Object.keys(start.fingerprints.prompts)).toHaveLength(2)
  })
})

describe('depthFor and isJudged (worker side)', () => {
  it('nothing provided (no plugin): full, today\'s behaviour', () => {
    expect(depthFor(undefined, { uses: ['x'] }).level).toBe('full')
    const settings = { smokeSample: 5, sampleRate: 0.3, comprehensiveTrials: 3 }
    expect(depthFor({ decision: decideDepth('auto', { known: true, changes: [] }), settings }, {}).level).toBe('smoke')
  })

  it('judged examples follow golden()\'s check rule', () => {
    expect(isJudged({ expected: 'x' })).toBe(true)
    expect(isJudged({ criteria: ['accuracy'], must_contain: ['a'] })).toBe(true)
    expect(isJudged({ expected: 'x', must_contain: ['a'] })).toBe(false)
    expect(isJudged({ exact_match: 'x', criteria: ['accuracy'] })).toBe(false)
  })
})
