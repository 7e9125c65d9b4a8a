// The betting bound for bounded scores: hand-derived values, the exact binomial limit that no
// valid bound can beat, and seeded simulations of the false-pass rate of a gate on its lower end.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { bettingLowerBound, boundedMeanInterval, meanInterval, STAKE_CAP } from 'vitest-llm/stats'

describe('boundedMeanInterval', () => {
  it('five 5s do not prove a mean of 4.8 (the t-interval says [5, 5])', () => {
    expect(meanInterval([5, 5, 5, 5, 5]).interval).toEqual([5, 5])
    const { mean, interval } = boundedMeanInterval([5, 5, 5, 5, 5], { range: [1, 5] })
    expect(mean).toBe(5)
    expect(interval[0]).toBeLessThan(4.8)
    expect(interval[1]).toBe(5)
  })

  it('is never tighter than the exact limit on {lo, hi} data, and close to it', () => {
    // A judge giving 5 with probability m and 1 otherwise yields n 5s with probability mⁿ, so any
    // valid one-sided bound at α for n 5s is at most α^(1/n) on the [0, 1] scale.
    for (const n of [5, 10, 20, 46]) {
      const exact = 0.025 ** (1 / n)
      const bound = bettingLowerBound(new Array<number>(n).fill(1), 0.025)
      expect(bound).toBeLessThanOrEqual(exact)
      expect(bound).toBeGreaterThan(exact * 0.9)
    }
  })

  it('matches the capital computed by hand for all-top scores', () => {
    // With x = 1 the capital at m is Π(1 + min(λᵢ, c/m)(1 − m)); at n = 5 every stake is capped
    // near the bound (λᵢ ≥ √(2 ln 40 / (5 · ¼)) = 2.43 > c/m), so (1 + c(1 − m)/m)⁵ = 40 there:
    // m = c / (40^(1/5) − 1 + c).
    const c = STAKE_CAP
    expect(bettingLowerBound([1, 1, 1, 1, 1], 0.025)).toBeCloseTo(c / (40 ** (1 / 5) - 1 + c), 9)
  })

  it('one score says little: the interval is the whole range', () => {
    expect(boundedMeanInterval([5], { range: [1, 5] }).interval).toEqual([1, 5])
    expect(boundedMeanInterval([], { range: [1, 5] }).interval).toEqual([1, 5])
  })

  it('one-sided bounds use the whole α and leave the other end at the range', () => {
    const values = [4, 5, 3, 4, 5, 4, 4, 5, 5, 4, 4, 5, 3, 4, 5, 4, 5, 5, 4, 4]
    const two = boundedMeanInterval(values, { range: [1, 5] })
    const lower = boundedMeanInterval(values, { range: [1, 5], sides: 'lower' })
    expect(lower.interval[1]).toBe(5)
    expect(lower.interval[0]).toBeGreaterThan(two.interval[0])
    expect(two.interval[0]).toBeLessThan(two.mean)
    expect(two.interval[1]).toBeGreaterThan(two.mean)
    // Mirroring the scores mirrors the interval (the upper bound is the lower bound of 6 − x).
    const mirrored = boundedMeanInterval(values.map(v => 6 - v), { range: [1, 5] }).interval
    expect(mirrored[0]).toBeCloseTo(6 - two.interval[1], 9)
    expect(mirrored[1]).toBeCloseTo(6 - two.interval[0], 9)
  })

  it('rejects scores outside the range', () => {
    expect(() => boundedMeanInterval([6], { range: [1, 5] })).toThrow('every score must lie in [1, 5], received 6')
  })
})

/** A sampler of 1–5 scores with the given probabilities. */
function scores(probabilities: readonly number[], random: () => number) {
  return () => {
    let u = random()
    for (let k = 0; k < 4; k++) {
      if (u < probabilities[k]!) return k + 1
      u -= probabilities[k]!
    }
    return 5
  }
}
const meanOf = (probabilities: readonly number[]) => probabilities.reduce((s, q, i) => s + q * (i + 1), 0)

describe('simulation: a gate on the lower bound rarely passes a mean just below its threshold', () => {
  const SIMULATIONS = 2000
  const ALPHA = 0.025 // one end of a two-sided 95% interval
  const limit = ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / SIMULATIONS)
  // Skewed judge-score distributions (most mass on 4–5, a tail of 1s) with true mean 3.98.
  const distributions: Record<string, number[]> = {
    'tail of 1s': [0.14, 0.02, 0.04, 0.32, 0.48],
    'all on 4': [0, 0, 0.04, 0.94, 0.02],
    'two-point 1/5': [0.255, 0, 0, 0, 0.745],
  }

  it.each(Object.keys(distributions))('%s: false-pass rate ≤ 2.5% + 3 SE at n = 5, 20, 46, 100', (name) => {
    const probabilities = distributions[name]!
    expect(meanOf(probabilities)).toBeCloseTo(3.98, 9)
    for (const n of [5, 20, 46, 100]) {
      const draw = scores(probabilities, seedrandom(`bounded-${name}-${n}`))
      let passes = 0
      for (let i = 0; i < SIMULATIONS; i++) {
        const values = Array.from({ length: n }, draw)
        if (boundedMeanInterval(values, { range: [1, 5] }).interval[0] >= 4) passes++
      }
      expect(passes / SIMULATIONS).toBeLessThanOrEqual(limit)
    }
  })

  it('whereas the t-interval fails that at small n (why the betting bound is needed)', () => {
    const draw = scores(distributions['all on 4']!, seedrandom('t-interval'))
    let passes = 0
    for (let i = 0; i < SIMULATIONS; i++) if (meanInterval(Array.from({ length: 5 }, draw)).interval[0] >= 3.95) passes++
    // Five 4s (probability 0.94⁵ = 0.73) give [4, 4].
    expect(passes / SIMULATIONS).toBeGreaterThan(0.5)
  })

  it('has power when the true mean is 0.3 above the threshold at n = 100', () => {
    const draw = scores([0.03, 0.02, 0.05, 0.35, 0.55], seedrandom('power')) // mean 4.37; the bench reports the grid
    let passes = 0
    for (let i = 0; i < 500; i++) if (boundedMeanInterval(Array.from({ length: 100 }, draw), { range: [1, 5] }).interval[0] >= 4) passes++
    expect(passes / 500).toBeGreaterThan(0.5)
  })
})
