import { describe, expect, it } from 'vitest'
import { createCanaryRouter } from 'vitest-llm/deploy'
import { mannWhitney, quantile } from 'vitest-llm/stats'

describe('mannWhitney', () => {
  // scipy 1.17.1: stats.mannwhitneyu(x, y, method='asymptotic', use_continuity=True)
  // (the same as R's wilcox.test(x, y, exact = FALSE, correct = TRUE))
  it('matches scipy on latencies', () => {
    const result = mannWhitney([120, 135, 150, 160, 180, 210, 250, 300, 95, 400], [100, 110, 115, 130, 140, 150, 150, 160, 170, 90, 105, 125])
    expect(result.u).toBe(92.5)
    expect(result.pValue).toBeCloseTo(0.03460056206755254, 6)
    expect(result.effect).toBeCloseTo(92.5 / 120, 12)
  })

  it('matches scipy with many ties', () => {
    const result = mannWhitney([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7])
    expect(result.u).toBe(7.5)
    expect(result.pValue).toBeCloseTo(0.018530522991017574, 6)
  })

  it('says nothing without data', () => {
    expect(mannWhitney([], [1]).pValue).toBe(1)
  })
})

describe('quantile', () => {
  // numpy.quantile(range(1, 11), 0.99) == 9.91; numpy.quantile([5, 1, 9, 3], 0.5) == 4.0
  it('interpolates like numpy and R type 7', () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.99)).toBeCloseTo(9.91, 12)
    expect(quantile([5, 1, 9, 3], 0.5)).toBe(4)
  })
})

describe('createCanaryRouter', () => {
  it('routes within 1 point of `percent` over 100k keys, and always the same way for a key', () => {
    for (const percent of [5, 25, 50]) {
      const router = createCanaryRouter({ stable: 'v1', canary: 'v2', percent })
      let canary = 0
      for (let i = 0; i < 100_000; i++) if (router.route(`user-${i}`) === 'v2') canary++
      expect(Math.abs(canary / 1000 - percent)).toBeLessThanOrEqual(1)
    }
    const a = createCanaryRouter({ stable: 'v1', canary: 'v2', percent: 30 })
    const b = createCanaryRouter({ stable: 'v1', canary: 'v2', percent: 30 })
    for (let i = 0; i < 1000; i++) expect(a.route(`session-${i}`)).toBe(b.route(`session-${i}`))
  })

  it('moves keys only from stable to canary as the percentage grows', () => {
    const low = createCanaryRouter({ stable: 'v1', canary: 'v2', percent: 10 })
    const high = createCanaryRouter({ stable: 'v1', canary: 'v2', percent: 40 })
    for (let i = 0; i < 10_000; i++) if (low.route(`k${i}`) === 'v2') expect(high.route(`k${i}`)).toBe('v2')
    expect(() => createCanaryRouter({ stable: 1, canary: 2, percent: 120 })).toThrow('percent must be between 0 and 100, received 120')
  })
})
