// The exact group-sequential design for trials(): boundaries checked against brute-force
// enumeration of every path, the one-look design against Clopper–Pearson, and the whole
// procedure (every look) by seeded simulation.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { assertTrialsBudget, clopperPearson, decidePassRate, decideTrials, designTrials, minRunsToPass, operatingCharacteristics, spendingFunction, trialsVerdict } from 'vitest-llm/stats'

/** P(each verdict) by walking all 2ⁿ paths through trialsVerdict (independent of the DP). */
function enumerate(design: ReturnType<typeof designTrials>, p: number) {
  const totals = { pass: 0, fail: 0, inconclusive: 0, runs: 0 }
  const walk = (passes: number, runs: number, probability: number) => {
    const { verdict } = trialsVerdict(design, passes, runs)
    if (verdict !== 'continue' && runs > 0) {
      totals[verdict] += probability
      totals.runs += probability * runs
      return
    }
    walk(passes + 1, runs + 1, probability * p)
    walk(passes, runs + 1, probability * (1 - p))
  }
  walk(0, 0, 1)
  return totals
}

describe('designTrials', () => {
  it('agrees with brute-force enumeration of every path, and keeps both errors ≤ α', () => {
    for (const options of [{ maxRuns: 14, passRate: 0.7 }, { maxRuns: 16, passRate: 0.6, lookEvery: 3 }, { maxRuns: 15, passRate: 0.6, spending: 'pocock' as const }]) {
      const design = designTrials({ ...options, confidence: 0.9 })
      for (const p of [0.3, 0.6, 0.7, 0.9]) {
        const exact = enumerate(design, p)
        const oc = operatingCharacteristics(design, p)
        expect(oc.pass).toBeCloseTo(exact.pass, 12)
        expect(oc.fail).toBeCloseTo(exact.fail, 12)
        expect(oc.expectedRuns).toBeCloseTo(exact.runs, 10)
      }
      // The guarantee holds at every rate on its side of passRate, not only at the boundary.
      for (let p = 0.01; p <= options.passRate + 1e-9; p += 0.01) expect(operatingCharacteristics(design, p).pass).toBeLessThanOrEqual(0.1)
      for (let p = options.passRate; p < 1; p += 0.01) expect(operatingCharacteristics(design, p).fail).toBeLessThanOrEqual(0.1)
    }
  })

  it('with one look is the Clopper–Pearson test, and its interval the Clopper–Pearson bounds', () => {
    for (const maxRuns of [30, 50, 100]) {
      const design = designTrials({ maxRuns, passRate: 0.9, lookEvery: maxRuns })
      for (let passes = 0; passes <= maxRuns; passes++) {
        const decision = decideTrials(design, passes, maxRuns)
        const cp = decidePassRate(passes, maxRuns, 0.9, 0.95, false).verdict
        expect(decision.verdict).toBe(cp === 'inconclusive' ? 'inconclusive' : cp)
        expect(decision.interval[0]).toBeCloseTo(clopperPearson(passes, maxRuns, 0.95, 'lower')[0], 6)
        expect(decision.interval[1]).toBeCloseTo(clopperPearson(passes, maxRuns, 0.95, 'upper')[1], 6)
      }
    }
  })

  it('spending: O\'Brien–Fleming spends little early and exactly α at the end', () => {
    expect(spendingFunction('obrien-fleming', 0.05, 1)).toBe(0.05)
    expect(spendingFunction('pocock', 0.05, 1)).toBe(0.05)
    // 2 − 2Φ(1.959964/√0.5) = 2 − 2Φ(2.771808) = 0.005574 (standard normal table).
    expect(spendingFunction('obrien-fleming', 0.05, 0.5)).toBeCloseTo(0.005574, 5)
    expect(spendingFunction('pocock', 0.05, 0.5)).toBeCloseTo(0.05 * Math.log(1 + (Math.E - 1) / 2), 12)
  })

  it('has power within a few points of the one-look test and stops early when clear', () => {
    const sequential = designTrials({ maxRuns: 100, passRate: 0.9 })
    const fixed = designTrials({ maxRuns: 100, passRate: 0.9, lookEvery: 100 })
    for (const p of [0.92, 0.95, 0.99]) {
      expect(operatingCharacteristics(sequential, p).pass).toBeGreaterThan(operatingCharacteristics(fixed, p).pass - 0.05)
    }
    expect(operatingCharacteristics(sequential, 0.99).expectedRuns).toBeLessThan(65)
    expect(operatingCharacteristics(sequential, 0.6).expectedRuns).toBeLessThan(15)
  })
})

describe('budgets', () => {
  it('minRunsToPass is where passRateⁿ ≤ α first holds', () => {
    for (const [passRate, confidence] of [[0.8, 0.9], [0.9, 0.95], [0.95, 0.95], [0.99, 0.95]] as const) {
      const floor = Math.ceil(Math.log(1 - confidence) / Math.log(passRate))
      expect(minRunsToPass(passRate, confidence)).toBe(floor)
      expect(designTrials({ maxRuns: floor - 1, passRate, confidence }).canPass).toBe(false)
    }
    expect(minRunsToPass(0.9, 0.95)).toBe(29)
  })

  it('a budget that can never pass throws at definition, naming the minimum', () => {
    expect(() => assertTrialsBudget({ maxRuns: 20, passRate: 0.9 })).toThrow('`runs: 20` can never pass `passRate: 0.9` at confidence 0.95: even 20 passes out of 20 are not enough evidence. Use `runs: 29` or more, or lower `passRate` or `confidence`.')
    expect(assertTrialsBudget({ maxRuns: 29, passRate: 0.9 }).canPass).toBe(true)
  })

  it('stops as soon as passing is impossible, without claiming a fail', () => {
    const design = designTrials({ maxRuns: 30, passRate: 0.9 })
    // 30 runs pass only with 30 of 30, so the first failure ends the test.
    expect(decideTrials(design, 4, 5)).toMatchObject({ verdict: 'inconclusive', reason: 'cannot-pass' })
    expect(decideTrials(design, 5, 5).verdict).toBe('continue')
    expect(decideTrials(design, 30, 30)).toMatchObject({ verdict: 'pass', reason: 'pass-boundary' })
  })
})

describe('margin (indifference zone)', () => {
  it('decides every record and states its exact errors', () => {
    const design = designTrials({ maxRuns: 150, passRate: 0.9, margin: 0.1 })
    expect(design.errors.falsePass).toBeLessThanOrEqual(0.05)
    expect(operatingCharacteristics(design, 0.85).inconclusive).toBe(0)
    expect(operatingCharacteristics(design, 0.9).fail).toBeCloseTo(design.errors.falseFail, 12)
    for (let p = 0.5; p <= 0.8 + 1e-9; p += 0.05) expect(operatingCharacteristics(design, p).pass).toBeLessThanOrEqual(0.05)
  })
})

describe('simulation: the whole procedure, every look', () => {
  const SIMULATIONS = 4000
  const limit = (alpha: number) => alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / SIMULATIONS)
  const run = (design: ReturnType<typeof designTrials>, p: number, random: () => number) => {
    let passes = 0
    for (let runs = 1; runs <= design.maxRuns; runs++) {
      if (random() < p) passes++
      const { verdict } = trialsVerdict(design, passes, runs)
      if (verdict !== 'continue') return verdict
    }
    throw new Error('unreachable: the last look always decides')
  }

  it.each([0.9, 0.88])('false-pass rate ≤ α at true rate %s (passRate 0.9, 100 runs), and matches the exact value', (p) => {
    const design = designTrials({ maxRuns: 100, passRate: 0.9 })
    const random = seedrandom(`group-sequential-${p}`)
    let passes = 0
    for (let i = 0; i < SIMULATIONS; i++) if (run(design, p, random) === 'pass') passes++
    const rate = passes / SIMULATIONS
    expect(rate).toBeLessThanOrEqual(limit(0.05))
    const exact = operatingCharacteristics(design, p).pass
    expect(Math.abs(rate - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / SIMULATIONS) + 1e-3)
  })
})
