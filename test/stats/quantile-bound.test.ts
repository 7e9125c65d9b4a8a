// Order-statistic bounds for quantiles: ranks checked against exact binomial sums (BigInt), and
// coverage by seeded simulation.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { quantileBound, quantileBoundRank } from 'vitest-llm/stats'

/** P(Bin(n, a/b) ≤ k) in exact rational arithmetic, as a double. */
function exactCdf(n: number, k: number, a: number, b: number): number {
  let num = 0n
  let choose = 1n
  for (let i = 0; i <= k; i++) {
    num += choose * BigInt(a) ** BigInt(i) * BigInt(b - a) ** BigInt(n - i)
    choose = (choose * BigInt(n - i)) / BigInt(i + 1)
  }
  const den = BigInt(b) ** BigInt(n)
  return Number((num * 10n ** 18n) / den) / 1e18
}

describe('quantileBoundRank', () => {
  it('median of 20 at 95%: ranks 6 (lower) and 15 (upper), the textbook values', () => {
    // P(Bin(20, ½) ≥ 6) = 0.9793 ≥ 0.95 > P(≥ 7) = 0.9423; symmetric for the upper rank.
    expect(quantileBoundRank(20, 0.5, 0.95, 'lower')).toBe(6)
    expect(quantileBoundRank(20, 0.5, 0.95, 'upper')).toBe(15)
  })

  it.each([[100, 0.9], [299, 0.99], [500, 0.99], [1000, 0.95]])('n = %i, q = %s: the rank is the exact binomial cut-off', (n, q) => {
    const [a, b] = q === 0.9 ? [9, 10] : q === 0.95 ? [19, 20] : [99, 100]
    const upper = quantileBoundRank(n, q, 0.95, 'upper')!
    expect(exactCdf(n, upper - 1, a!, b!)).toBeGreaterThanOrEqual(0.95)
    expect(exactCdf(n, upper - 2, a!, b!)).toBeLessThan(0.95)
    const lower = quantileBoundRank(n, q, 0.95, 'lower')!
    expect(1 - exactCdf(n, lower - 1, a!, b!)).toBeGreaterThanOrEqual(0.95)
    expect(1 - exactCdf(n, lower, a!, b!)).toBeLessThan(0.95)
  })

  it('is undefined when n is too small: an upper p99 bound at 95% needs 299 values', () => {
    expect(quantileBoundRank(298, 0.99, 0.95, 'upper')).toBeUndefined()
    expect(quantileBoundRank(299, 0.99, 0.95, 'upper')).toBe(299)
    expect(quantileBound(new Array<number>(100).fill(1), 0.99)).toBeUndefined()
    expect(quantileBoundRank(0, 0.5)).toBeUndefined()
  })
})

describe('simulation: coverage of the p99 upper bound', () => {
  it('covers the true p99 of exponential latencies at least 95% of the time (n = 400, 1000)', () => {
    const SIMULATIONS = 2000
    const trueP99 = -Math.log(0.01) * 100 // Exponential with mean 100 ms
    for (const n of [400, 1000]) {
      const random = seedrandom(`p99-${n}`)
      let missed = 0
      for (let i = 0; i < SIMULATIONS; i++) {
        const latencies = Array.from({ length: n }, () => -Math.log(1 - random()) * 100)
        if (quantileBound(latencies, 0.99)! < trueP99) missed++
      }
      expect(missed / SIMULATIONS).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / SIMULATIONS))
    }
  })
})
