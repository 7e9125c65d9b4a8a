// trials()'s plan: the budget checks at definition, the defaults, and the exact error rates of
// the verdicts it reports (every path enumerated by dynamic programming, no simulation).
import { describe, expect, it } from 'vitest'
import { MAX_DEFAULT_RUNS, planTrials, type TrialsPlan } from '../../src/trials/trials-plan.js'
import { TrialsError } from '../../src/trials/trials-error.js'
import { trials } from '../../src/trials/trials.js'

/** Exact P(each reported verdict) at a true rate p, walking the plan run by run. */
function verdictRates(plan: TrialsPlan, p: number) {
  const totals = { pass: 0, fail: 0, inconclusive: 0 }
  let dist = [1]
  for (let done = 1; done <= plan.runs; done++) {
    const next = new Array<number>(done + 1).fill(0)
    dist.forEach((mass, s) => {
      next[s + 1]! += mass * p
      next[s]! += mass * (1 - p)
    })
    dist = next
    dist.forEach((mass, s) => {
      if (mass === 0 || !plan.stops(s, done)) return
      totals[plan.decide(s, done).verdict] += mass
      dist[s] = 0
    })
  }
  return totals
}

describe('trials() plan', () => {
  it('defaults runs to the smallest budget that can pass, per mode', () => {
    expect(planTrials('t', { passRate: 0.9 }).runs).toBe(29)
    expect(planTrials('t', { passRate: 0.9, stopEarly: false }).runs).toBe(29)
    expect(planTrials('t', { passRate: 0.9, stopEarly: 'anytime' }).runs).toBe(36)
    expect(planTrials('t', { passRate: 0.8, confidence: 0.9 }).runs).toBe(11)
    expect(() => planTrials('t', { passRate: 0.999 })).toThrow(`needs at least 2995 runs to ever pass, more than the default allows (${MAX_DEFAULT_RUNS}); set \`runs\` explicitly`)
  })

  it('rejects at definition a budget that can never pass, naming the minimum runs', () => {
    expect(() => planTrials('legal', { runs: 20, passRate: 0.9 })).toThrow(TrialsError)
    expect(() => planTrials('legal', { runs: 20, passRate: 0.9 })).toThrow('trials("legal"): `runs: 20` can never pass `passRate: 0.9` at confidence 0.95: even 20 passes out of 20 are not enough evidence. Use `runs: 29` or more')
    expect(() => planTrials('legal', { runs: 10, passRate: 0.9, stopEarly: false })).toThrow('Use `runs: 29` or more')
    expect(() => planTrials('legal', { runs: 30, passRate: 0.9, stopEarly: 'anytime' })).toThrow('Use `runs: 36` or more')
    expect(() => planTrials('legal', { runs: 50, passRate: 0.9, margin: 0.1, stopEarly: 'anytime' })).toThrow('`margin` needs a known budget')
    expect(() => planTrials('legal', { runs: 50, passRate: 1.2 })).toThrow('passRate must be in (0, 1)')
    // trials() itself throws before registering a test.
    expect(() => trials('legal', { runs: 20, passRate: 0.9 }, () => {})).toThrow(TrialsError)
  })

  it('the JSDoc example: 50 runs at 0.9 pass an always-passing behaviour after 37 runs', () => {
    const plan = planTrials('t', { runs: 50, passRate: 0.9 })
    let n = 1
    while (!plan.stops(n, n)) n++
    expect(n).toBe(37)
    expect(plan.decide(37, 37)).toMatchObject({ verdict: 'pass', rate: 1 })
    expect(plan.decide(37, 37).interval[0]).toBeGreaterThan(0.9)
  })

  it('an all-failing behaviour fails within two runs at runs: 60, shown below the rate', () => {
    const plan = planTrials('t', { runs: 60, passRate: 0.9 })
    expect(plan.stops(0, 1)).toBe(false)
    expect(plan.stops(0, 2)).toBe(true)
    const decision = plan.decide(0, 2)
    expect(decision).toMatchObject({ verdict: 'fail', reason: 'cannot-pass' })
    expect(decision.interval[1]).toBeCloseTo(1 - Math.sqrt(0.05), 6)
  })

  it('fixed-n decides once, with Clopper–Pearson bounds', () => {
    const plan = planTrials('t', { runs: 30, passRate: 0.9, stopEarly: false })
    expect(plan.stops(3, 5)).toBe(false)
    expect(plan.decide(27, 30)).toMatchObject({ verdict: 'inconclusive', reason: 'budget-spent' })
    expect(plan.decide(30, 30).verdict).toBe('pass')
  })

  it('keeps every reported verdict\'s error ≤ α, exactly, in each mode', () => {
    for (const options of [{ runs: 50, passRate: 0.9 }, { runs: 100, passRate: 0.8 }, { runs: 40, passRate: 0.9, stopEarly: false }, { runs: 60, passRate: 0.9, stopEarly: 'anytime' as const }, { runs: 40, passRate: 0.8, lookEvery: 5 }]) {
      const plan = planTrials('t', options)
      // A pass when the true rate is at (or just under) passRate; a fail label at or above it.
      expect(verdictRates(plan, options.passRate - 1e-9).pass).toBeLessThanOrEqual(0.05)
      expect(verdictRates(plan, options.passRate).fail).toBeLessThanOrEqual(0.05)
      expect(verdictRates(plan, Math.min(0.99, options.passRate + 0.05)).fail).toBeLessThanOrEqual(0.05)
    }
  })

  it('with a margin every record ends in pass or fail, and passing needs only passRate − margin', () => {
    const plan = planTrials('t', { runs: 150, passRate: 0.9, margin: 0.1 })
    const at = verdictRates(plan, 0.8)
    expect(at.pass).toBeLessThanOrEqual(0.05)
    expect(at.inconclusive).toBe(0)
    expect(plan.design!.errors.falsePass).toBeLessThanOrEqual(0.05)
  })
})
