// Reference values for the special functions: exact rational binomial sums (BigInt, computed in
// the test itself, so no other library is trusted) and closed forms of the t distribution.
import { describe, expect, it } from 'vitest'
import { confidenceSequence, logEvidenceAbove, logEvidenceBelow } from 'vitest-llm/stats'
import { incompleteBeta, logIncompleteBeta, normalCdf, normalQuantile, tCdf, tQuantile } from '../../src/stats/special.js'

/** ln(num / den) for positive BigInts of any size. */
function logRatio(num: bigint, den: bigint): number {
  if (num === 0n) return -Infinity
  const ln = (x: bigint) => {
    const shift = x.toString(2).length - 60
    return shift > 0 ? Math.log(Number(x >> BigInt(shift))) + shift * Math.LN2 : Math.log(Number(x))
  }
  return ln(num) - ln(den)
}

/** ln P(Bin(n, a/b) ≥ k), summed exactly: Σ C(n, i) aⁱ (b − a)ⁿ⁻ⁱ / bⁿ. */
function exactLogUpperTail(n: number, k: number, a: number, b: number): number {
  let num = 0n
  let choose = 1n
  for (let i = 0; i <= n; i++) {
    if (i >= k) num += choose * BigInt(a) ** BigInt(i) * BigInt(b - a) ** BigInt(n - i)
    choose = (choose * BigInt(n - i)) / BigInt(i + 1)
  }
  return logRatio(num, BigInt(b) ** BigInt(n))
}

describe('incompleteBeta against exact binomial tails', () => {
  // I_p(k, n − k + 1) = P(Bin(n, p) ≥ k).
  const cases: Array<[number, number, number]> = [[10, 1, 2], [20, 9, 10], [50, 1, 10], [100, 9, 10], [300, 99, 100], [1000, 1, 2], [2000, 19, 20]]
  it.each(cases)('n = %i, p = %i/%i: relative error ≤ 1e-11 (≥ 1e-300), log error ≤ 1e-12 everywhere', (n, a, b) => {
    for (let k = 1; k <= n; k += Math.max(1, Math.floor(n / 40))) {
      const exact = exactLogUpperTail(n, k, a, b)
      if (exact > -690) expect(Math.abs(incompleteBeta(a / b, k, n - k + 1) / Math.exp(exact) - 1)).toBeLessThan(1e-11)
      expect(Math.abs(logIncompleteBeta(a / b, k, n - k + 1) - exact) / Math.max(1, -exact)).toBeLessThan(1e-12)
    }
  })

  it('the upper tail in log space too', () => {
    // ln(1 − I_p(k, n − k + 1)) = ln P(Bin(n, p) ≤ k − 1) = ln P(Bin(n, 1 − p) ≥ n − k + 1).
    const exact = exactLogUpperTail(10_000, 10_000 - 8_999, 1, 10)
    expect(logIncompleteBeta(0.9, 9000, 1001, true)).toBeCloseTo(exact, 8)
  })
})

describe('logEvidenceAbove / logEvidenceBelow stay finite with thousands of runs', () => {
  it('9,000 of 10,000', () => {
    for (const p0 of [0.5, 0.85, 0.9, 0.95, 0.99]) {
      expect(Number.isFinite(logEvidenceAbove(9000, 1000, p0))).toBe(true)
      expect(Number.isFinite(logEvidenceBelow(9000, 1000, p0))).toBe(true)
    }
    // Evidence is overwhelming against 0.95 from below and against 0.85 from above.
    expect(logEvidenceBelow(9000, 1000, 0.95)).toBeGreaterThan(100)
    expect(logEvidenceAbove(9000, 1000, 0.85)).toBeGreaterThan(100)
    const [lower, upper] = confidenceSequence(9000, 10_000)
    expect(lower).toBeGreaterThan(0.88)
    expect(upper).toBeLessThan(0.92)
  })
})

describe('tQuantile', () => {
  it('df = 1 is tan(π(p − ½)), exact in the tails (31830.99 at 0.99999, not a clamp at 1e4)', () => {
    for (const p of [1e-12, 1e-5, 0.01, 0.3, 0.7, 0.975, 0.99999, 1 - 1e-10]) {
      expect(tQuantile(p, 1) / Math.tan(Math.PI * (p - 0.5))).toBeCloseTo(1, 9)
    }
    // Published: t(0.99999, 1) = 31830.988607907 (the Cauchy quantile cot(π·1e-5)).
    expect(tQuantile(0.99999, 1)).toBeCloseTo(1 / Math.tan(Math.PI * 1e-5), 4)
    expect(tQuantile(0.99999, 1)).toBeCloseTo(31830.9886, 3)
  })

  it('df = 2 is (2p − 1)/√(2p(1 − p))', () => {
    for (const p of [1e-10, 0.025, 0.5, 0.9, 0.975, 0.99999]) {
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 9)
    }
    // Published table value t(0.975, 2) = 4.302653.
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.302653, 6)
  })

  it('df = 4 matches its closed form (Hill 1970), tails included: relative error < 1e-12', () => {
    // t = sign(p − ½)·2√(q − 1), q = cos(arccos(√a)/3)/√a, a = 4p(1 − p).
    const closed = (p: number) => {
      const a = 4 * p * (1 - p)
      const q = Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a)
      return Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1)
    }
    for (const p of [1e-9, 1e-5, 0.05, 0.4, 0.9, 0.975, 0.99999]) expect(Math.abs(tQuantile(p, 4) / closed(p) - 1)).toBeLessThan(1e-12)
  })

  it('published table values for other df, and the normal limit', () => {
    // Standard t tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), upper 0.975 / 0.995 points.
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.571, 3)
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.169, 3)
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042, 3)
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5)
  })

  it('inverts tCdf far in the tails for any df', () => {
    for (const df of [3, 7, 25, 100]) {
      for (const p of [1e-10, 1e-4, 0.9, 1 - 1e-8]) {
        const t = tQuantile(p, df)
        const tail = p < 0.5 ? tCdf(t, df) : 1 - tCdf(t, df)
        expect(tail / Math.min(p, 1 - p)).toBeCloseTo(1, p > 1 - 1e-7 ? 6 : 9)
      }
    }
  })
})

describe('normal distribution', () => {
  it('quantile within Acklam\'s 1.2e-9, CDF within 1.2e-7 (documented accuracy)', () => {
    // Φ⁻¹ and Φ reference values from Abramowitz & Stegun Table 26.1/26.5 extended (R: qnorm, pnorm).
    const quantiles: Array<[number, number]> = [[0.975, 1.959963984540054], [0.995, 2.5758293035489004], [0.9, 1.2815515655446004], [1e-10, -6.361340902404056]]
    for (const [p, z] of quantiles) expect(Math.abs(normalQuantile(p) / z - 1)).toBeLessThan(1.2e-9)
    const cdfs: Array<[number, number]> = [[1.96, 0.9750021048517795], [-1, 0.15865525393145707], [-5, 2.866515718791939e-7]]
    for (const [z, p] of cdfs) expect(Math.abs(normalCdf(z) / p - 1)).toBeLessThan(1.2e-7)
  })
})
