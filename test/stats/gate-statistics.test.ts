// The gate's statistics as the product uses them (issue 14): the judge-score interval behind
// `bound: 'lower'` (report/metrics.ts), and the baseline regression on paired scores
// (gate/baseline.ts) with its settings (config/options.ts). Seeded simulations, fixed seeds.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { emptyTotals } from '../../src/client/usage.js'
import { resolveOptions } from '../../src/config/options.js'
import { compareWithBaseline, type Baseline } from '../../src/gate/baseline.js'
import { evaluateGate } from '../../src/gate/evaluate-gate.js'
import type { CaseVerdict, GateFailure } from '../../src/gate/gate-schema.js'
import { computeMetrics } from '../../src/report/metrics.js'

// evaluateGate returns { failures, notMeasured } (an array in earlier versions): read either.
const gateFailures = (...args: Parameters<typeof evaluateGate>): GateFailure[] => {
  const outcome = evaluateGate(...args) as unknown
  return Array.isArray(outcome) ? outcome : (outcome as { failures: GateFailure[] }).failures
}
const metricsOf = (values: number[]) => computeMetrics({ cases: [], scores: { q: values }, trials: [], usage: { app: emptyTotals(), judge: emptyTotals() }, focused: false, depthSuites: {}, skipped: [] })

function sampler(probabilities: number[], random: () => number) {
  return () => {
    let u = random()
    for (let k = 0; k < 4; k++) {
      if (u < probabilities[k]!) return k + 1
      u -= probabilities[k]!
    }
    return 5
  }
}

describe('gate: judge scores with bound: \'lower\'', () => {
  const gate = resolveOptions({ gate: { scores: { q: 4 }, bound: 'lower', minCases: 0 } }).gate!

  it('does not pass five 5s against a threshold of 4.8 (the t-interval gave [5, 5])', () => {
    const metrics = metricsOf([5, 5, 5, 5, 5])
    expect(metrics.scores.q!.interval[0]).toBeLessThan(4)
    expect(gateFailures({ ...gate, scores: { q: 4.8 } }, metrics, undefined).map(f => f.metric)).toEqual(['scores.q'])
  })

  // True means 3.98 (just under the threshold 4.0) on skewed 1–5 distributions; the lower end of
  // the 95% interval errs with α = 2.5%. 1,000 runs per cell: 3 SE ≈ 1.5 points.
  const SIMULATIONS = 1000
  const limit = 0.025 + 3 * Math.sqrt(0.025 * 0.975 / SIMULATIONS)
  for (const [name, probabilities] of Object.entries({ 'tail of 1s': [0.14, 0.02, 0.04, 0.32, 0.48], 'mostly 4s': [0, 0, 0.04, 0.94, 0.02], 'two-point 1/5': [0.255, 0, 0, 0, 0.745] })) {
    it(`${name}: false-pass rate ≤ α at n = 5, 20, 46, 100`, () => {
      for (const n of [5, 20, 46, 100]) {
        const draw = sampler(probabilities, seedrandom(`gate-lower-${name}-${n}`))
        let passed = 0
        for (let i = 0; i < SIMULATIONS; i++) if (gateFailures(gate, metricsOf(Array.from({ length: n }, draw)), undefined).length === 0) passed++
        expect(passed / SIMULATIONS, `n = ${n}`).toBeLessThanOrEqual(limit)
      }
    })
  }
  it('still passes a clearly good criterion (mean 4.3, mostly 4s and 5s) at n = 100', () => {
    const draw = sampler([0, 0, 0.02, 0.66, 0.32], seedrandom('gate-lower-good'))
    let passed = 0
    for (let i = 0; i < 200; i++) if (gateFailures(gate, metricsOf(Array.from({ length: 100 }, draw)), undefined).length === 0) passed++
    expect(passed / 200).toBeGreaterThan(0.9)
  })
})

function casesOf(scores: number[]): CaseVerdict[] {
  return scores.map((q, i) => ({ id: `e${i}`, suite: 's', kind: 'judge', verdict: 'pass', scores: { q } }))
}
function baselineOf(scores: number[]): Baseline {
  return { version: 1, savedAt: '', cases: Object.fromEntries(scores.map((q, i) => [`s › e${i}`, { verdict: 'pass' as const, scores: { q } }])), metrics: { goldenPassRate: null, scores: {} }, prompts: {} }
}
const settings = resolveOptions({ gate: { baseline: { file: 'b.json' } } }).gate!.baseline!

describe('baseline regression on judge scores', () => {
  it('two examples 4 → 3 and nothing else: not enough changes to test, never regressed', () => {
    const before = [4, 4, 5, 3]
    const regression = compareWithBaseline({ cases: casesOf([3, 3, 5, 3]) }, baselineOf(before), 'b.json', settings, {})
    expect(regression.scores.q).toMatchObject({ paired: 4, worsened: 2, improved: 0, test: 'wilcoxon-signed-rank', verdict: 'not enough changes to test', regressed: false })
    expect(regression.regressed).toBe(false)
  })

  it('under no change (3 of 46 moving ±1 at random) flags a regression in ≤ α of runs', () => {
    const random = seedrandom('baseline-three-move')
    let regressed = 0
    const SIMULATIONS = 1000
    for (let i = 0; i < SIMULATIONS; i++) {
      const before: number[] = Array.from({ length: 46 }, () => (random() < 0.6 ? 4 : random() < 0.7 ? 5 : 3))
      const after = [...before]
      for (let moved = 0; moved < 3;) {
        const j = Math.floor(random() * 46)
        if (after[j] !== before[j]) continue
        after[j] = before[j]! + (random() < 0.5 ? -1 : 1)
        moved++
      }
      if (compareWithBaseline({ cases: casesOf(after) }, baselineOf(before), 'b.json', settings, {}).regressed) regressed++
    }
    expect(regressed / SIMULATIONS).toBeLessThanOrEqual(0.05)
  })

  it('a real drop is a regression, named with its test and p-value; maxDrop.score raises the bar', () => {
    const before = Array.from({ length: 46 }, (_, i) => (i % 3 === 0 ? 5 : 4))
    const after = before.map((v, i) => (i < 12 ? v - 1 : v))
    const regression = compareWithBaseline({ cases: casesOf(after) }, baselineOf(before), 'b.json', settings, {})
    expect(regression.scores.q).toMatchObject({ worsened: 12, improved: 0, verdict: 'worse', regressed: true })
    expect(regression.scores.q!.pValue).toBeLessThan(0.001)
    const failures = gateFailures(resolveOptions({ gate: { baseline: { file: 'b.json' }, minCases: 0 } }).gate!, metricsOf([4]), regression)
    expect(failures.map(f => f.message)).toEqual([expect.stringMatching(/^regression vs b\.json: q changed by -0\.26 \(12 of 46 paired cases scored lower, 0 higher\); Wilcoxon signed-rank p = [\d.e-]+ < α 0\.05, 90% CI /)])
    const lenient = compareWithBaseline({ cases: casesOf(after) }, baselineOf(before), 'b.json', { ...settings, maxDrop: { passRate: 0, score: 0.3 } }, {})
    expect(lenient.scores.q!.regressed).toBe(false)
  })

  it('says why the interval can hold 0 when the signed-rank test finds a drop (few pairs)', () => {
    const regression = compareWithBaseline({ cases: casesOf([1, 2, 3, 2, 2]) }, baselineOf([5, 5, 5, 5, 5]), 'b.json', settings, {})
    expect(regression.scores.q).toMatchObject({ regressed: true })
    expect(regression.scores.q!.interval[1]).toBeGreaterThanOrEqual(0)
    const [failure] = gateFailures(resolveOptions({ gate: { baseline: { file: 'b.json' }, minCases: 0 } }).gate!, metricsOf([2]), regression)
    expect(failure!.message).toMatch(/Wilcoxon signed-rank p = 0\.0313 < α 0\.05, 90% CI -[\d.]+–[\d.]+ \(conservative, valid at any n: it can hold 0 when the test finds a drop\)$/)
  })
})

describe('gate.baseline.maxDrop', () => {
  it('splits into passRate and score; a plain number is the pass-rate drop (the earlier form)', () => {
    const resolve = (maxDrop: unknown) => resolveOptions({ gate: { baseline: { file: 'b.json', maxDrop } } }).gate!.baseline!.maxDrop
    expect(resolve(undefined)).toEqual({ passRate: 0, score: 0 })
    expect(resolve(0.02)).toEqual({ passRate: 0.02, score: 0 })
    expect(resolve({ score: 0.25 })).toEqual({ passRate: 0, score: 0.25 })
    expect(resolve({ passRate: 0.05, score: 0.1 })).toEqual({ passRate: 0.05, score: 0.1 })
    expect(() => resolve({ scores: 1 })).toThrow('scores')
  })
})
