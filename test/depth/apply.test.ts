import { describe, expect, it } from 'vitest'
import { goldenRunCount, goldenSelection, smokeCount, trialsBudget, type ExampleRef } from '../../src/depth/apply.js'
import { DEPTH_LEVELS } from '../../src/config/depth-levels.js'
import { seededSample } from '../../src/depth/seeded-sample.js'
import { pickSample } from '../../src/golden/sample.js'

// 40 examples: every fourth is judged; two tags.
const EXAMPLES: ExampleRef[] = Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, tags: [i % 2 ? 'odd' : 'even'], judged: i % 4 === 0 }))
const settings = { smokeSample: 5, sampleRate: 0.3 }

describe('goldenSelection', () => {
  it('smoke: a seeded sample of smokeSample examples, the same on every call, changing with the seed', () => {
    const a = goldenSelection('smoke', EXAMPLES, settings)
    const b = goldenSelection('smoke', [...EXAMPLES].reverse().reverse(), settings)
    expect(a.run.size).toBe(5)
    expect([...a.run]).toEqual([...b.run])
    expect(a.summary).toBe('smoke: 5 of 40 examples (seeded smoke sample)')
    const other = goldenSelection('smoke', EXAMPLES, settings, 'another seed')
    expect([...other.run]).not.toEqual([...a.run])
    expect([...goldenSelection('smoke', EXAMPLES, settings, 'another seed').run]).toEqual([...other.run])
  })

  it('a quality sample is never empty by rounding', () => {
    const two: ExampleRef[] = [{ id: 'a', judged: true }, { id: 'b', judged: false }]
    expect(goldenSelection('regression', two, settings).run).toEqual(new Set(['a', 'b']))
    expect(goldenSelection('sampled', two, settings).run.size).toBe(1)
  })

  it('smokeSample may be a fraction; at least one example', () => {
    expect(goldenSelection('smoke', EXAMPLES, { ...settings, smokeSample: 0.1 }).run.size).toBe(4)
    expect(smokeCount(0.01, 40)).toBe(1)
    expect(smokeCount(5, 3)).toBe(3)
    expect(smokeCount(5, 0)).toBe(0)
  })

  it('the smoke sample is part of the sampled run (one seeded shuffle, prefixes)', () => {
    const smoke = goldenSelection('smoke', EXAMPLES, settings).run
    const sampled = goldenSelection('sampled', EXAMPLES, settings).run
    expect(sampled.size).toBe(12)
    for (const id of smoke) expect(sampled.has(id)).toBe(true)
  })

  it('regression without a sample: every deterministic example plus the quality sample of the judged ones', () => {
    const selection = goldenSelection('regression', EXAMPLES, settings)
    const judged = EXAMPLES.filter(e => e.judged)
    for (const e of EXAMPLES.filter(e => !e.judged)) expect(selection.run.has(e.id)).toBe(true)
    expect(judged.filter(e => selection.run.has(e.id))).toHaveLength(3)
    expect(selection.summary).toBe('regression: 30 deterministic + 3 of 10 judged examples (quality sample rate 0.3)')
    const skipped = judged.find(e => !selection.run.has(e.id))!
    expect(selection.skipReason(skipped.id)).toBe('depth regression: not in the 30 deterministic + 3 of 10 judged examples (quality sample rate 0.3)')
    expect(selection.skipReason('e1')).toBeUndefined()
  })

  it('full: every example without a sample; a set\'s sample exactly as golden() picks it today', () => {
    expect(goldenSelection('full', EXAMPLES, settings).run.size).toBe(40)
    for (const sample of [{ rate: 0.5, seed: 'support-bot' }, { rate: 0.25, stratifyBy: 'tags' as const }, { rate: 0.6 }]) {
      const today = pickSample(EXAMPLES, sample)
      expect([...goldenSelection('full', EXAMPLES, { ...settings, sample }).run].sort()).toEqual([...today].sort())
      expect([...goldenSelection('sampled', EXAMPLES, { ...settings, sample }).run].sort()).toEqual([...today].sort())
      expect([...goldenSelection('regression', EXAMPLES, { ...settings, sample }).run].sort()).toEqual([...today].sort())
      expect([...seededSample(EXAMPLES, sample, 'env')]).toEqual([...pickSample(EXAMPLES, sample, 'env')])
    }
  })

  it('comprehensive lifts the sample: every example', () => {
    expect(goldenSelection('comprehensive', EXAMPLES, { ...settings, sample: { rate: 0.2 } }).run.size).toBe(40)
  })

  it('smoke never runs more than the set\'s own sample', () => {
    expect(goldenSelection('smoke', EXAMPLES.slice(0, 6), { ...settings, sample: { rate: 0.5 } }).run.size).toBe(3)
  })

  it('goldenRunCount equals the selection\'s size at every level, with and without a sample', () => {
    for (const sample of [undefined, { rate: 0.5 }, { rate: 0.1 }]) {
      for (const smokeSample of [5, 0.2, 100]) {
        for (const level of DEPTH_LEVELS) {
          const s = { smokeSample, sampleRate: 0.3, ...(sample ? { sample } : {}) }
          expect(goldenRunCount(level, { total: 40, judged: 10 }, s), `${level} ${JSON.stringify(s)}`).toBe(goldenSelection(level, EXAMPLES, s).run.size)
        }
      }
    }
  })

  it('deeper levels never run fewer examples', () => {
    for (const sample of [undefined, { rate: 0.5 }]) {
      const sizes = DEPTH_LEVELS.map(level => goldenSelection(level, EXAMPLES, { ...settings, ...(sample ? { sample } : {}) }).run.size)
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b))
    }
  })
})

describe('trialsBudget', () => {
  it('skipped at smoke and sampled, the budget at regression and full, × comprehensiveTrials at comprehensive', () => {
    expect(trialsBudget('smoke', 60)).toMatchObject({ runs: 0, skip: true })
    expect(trialsBudget('sampled', 60)).toMatchObject({ runs: 0, skip: true })
    expect(trialsBudget('regression', 60)).toEqual({ runs: 60, skip: false, why: 'depth regression: the configured 60 runs' })
    expect(trialsBudget('full', 60)).toMatchObject({ runs: 60, skip: false })
    expect(trialsBudget('comprehensive', 60)).toEqual({ runs: 180, skip: false, why: 'depth comprehensive: 60 × 3 = 180 runs' })
    expect(trialsBudget('comprehensive', 29, 1.5).runs).toBe(44)
  })
})
