import { describe, expect, it } from 'vitest'
import { estimatePlan } from '../../src/depth/estimate.js'
import type { BaselineDepth } from '../../src/depth/records.js'

const usage = (requests: number, tokens = 100) => ({ requests, cached: 0, inputTokens: tokens, outputTokens: tokens / 5 })
const cases = (suite: string, n: number, c: BaselineDepth['cases'][string]) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${suite} › c${i}`, c]))

const BASELINE: BaselineDepth = {
  suites: {
    answers: { kind: 'golden', examples: { total: 10, judged: 4 } },
    quality: { kind: 'golden', examples: { total: 8, judged: 8 }, sampleRate: 0.5 },
    // A trials() test is keyed by its case key: top-level tests share the suite ''.
    ' › refusal': { kind: 'trials', runs: 60 },
    '': { kind: 'test' },
  },
  cases: {
    ...cases('answers', 10, { usage: usage(2), costUsd: 0.01 }),
    ...cases('quality', 4, { usage: usage(2), costUsd: 0.02 }),
    ' › refusal': { usage: usage(40, 4000), costUsd: 0.04 },
    ' › misc test': { usage: usage(1), costUsd: 0.001 },
  },
}
const settings = { smokeSample: 5, sampleRate: 0.3, comprehensiveTrials: 3 }

describe('estimatePlan', () => {
  it('scales each suite\'s mean recorded usage by the cases its level runs', () => {
    const e = estimatePlan(BASELINE, { 'answers': 'regression', 'quality': 'smoke', ' › refusal': 'comprehensive', '': 'smoke' }, settings)
    const bySuite = Object.fromEntries(e.suites.map(s => [s.suite, s]))
    // answers: 6 deterministic + round(0.3 × 4) judged = 7 of 10 recorded cases.
    expect(bySuite.answers).toMatchObject({ level: 'regression', cases: 7, recorded: 10, requests: 14, inputTokens: 700 })
    expect(bySuite.answers!.costUsd).toBeCloseTo(0.07)
    // quality: smoke is 5 examples, at most its own sample (0.5 × 8 = 4): all 4 recorded cases.
    expect(bySuite.quality).toMatchObject({ cases: 4, requests: 8 })
    // refusal: 60 runs × 3.
    expect(bySuite[' › refusal']).toMatchObject({ cases: 3, requests: 120 })
    // Other tests are not depth-controlled: as recorded.
    expect(bySuite['']).toMatchObject({ cases: 1, requests: 1 })
    expect(e.planned.requests).toBe(143)
    expect(e.planned.costUsd).toBeCloseTo(0.07 + 0.08 + 0.12 + 0.001)
    expect(e.full.requests).toBe(69)
    expect(e.full.costUsd).toBeCloseTo(0.221)
    expect(e.notes).toEqual([])
    expect(e.withoutUsage).toBe(0)
  })

  it('smoke everywhere: small samples, trials skipped', () => {
    const e = estimatePlan(BASELINE, { 'answers': 'smoke', 'quality': 'smoke', ' › refusal': 'smoke', '': 'smoke' }, settings)
    expect(e.planned.requests).toBe(10 + 8 + 0 + 1)
  })

  it('a suite missing from the levels is estimated at full', () => {
    expect(estimatePlan(BASELINE, {}, settings).planned).toEqual(estimatePlan(BASELINE, {}, settings).full)
  })

  it('an older baseline (no suite records, some cases without usage) is estimated from its cases, with notes', () => {
    const old: BaselineDepth = {
      cases: {
        'set › a': { usage: usage(1), costUsd: 0.001 },
        'set › b': { usage: usage(1), costUsd: 0.001 },
        'set › c': { usage: usage(3), costUsd: 0.003, scores: { accuracy: 5 } },
        'set › d': {},
      },
    }
    const e = estimatePlan(old, { set: 'regression' }, settings)
    // 4 cases, 1 judged (it has scores): regression runs 3 deterministic + at least 1 judged, at the mean (5/4 requests).
    expect(e.suites[0]).toMatchObject({ cases: 4, recorded: 4, requests: 5 })
    expect(e.withoutUsage).toBe(1)
    expect(e.notes).toHaveLength(2)
  })
})
