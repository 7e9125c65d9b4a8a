// Paired tests for 1–5 score changes: exact null distributions checked against brute-force
// sign flips and published tables; false alarms and power by seeded simulation.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { pairedScoreTest, signedRankTest, signTest } from 'vitest-llm/stats'

/** P(W⁻ ≥ observed) by enumerating all 2ᵐ sign assignments of the mid-ranks (independent check). */
function bruteForce(changes: number[]): number {
  const nonzero = changes.filter(d => d !== 0)
  const sorted = nonzero.map(Math.abs).sort((a, b) => a - b)
  const rank = (v: number) => {
    const first = sorted.indexOf(v)
    const last = sorted.lastIndexOf(v)
    return (first + last + 2) / 2
  }
  const ranks = nonzero.map(d => rank(Math.abs(d)))
  const observed = nonzero.reduce((s, d, i) => (d < 0 ? s + ranks[i]! : s), 0)
  let count = 0
  for (let mask = 0; mask < 2 ** ranks.length; mask++) {
    let w = 0
    for (let i = 0; i < ranks.length; i++) if (mask & (1 << i)) w += ranks[i]!
    if (w >= observed - 1e-9) count++
  }
  return count / 2 ** ranks.length
}

describe('signTest', () => {
  it('is the exact binomial tail', () => {
    expect(signTest(8, 0).pWorse).toBeCloseTo(1 / 256, 14)
    // P(Bin(12, ½) ≥ 10) = (66 + 12 + 1) / 4096.
    expect(signTest(10, 2).pWorse).toBeCloseTo(79 / 4096, 14)
    expect(signTest(10, 2).pBetter).toBeCloseTo(1 - 13 / 4096, 12)
    expect(signTest(0, 0)).toEqual({ pWorse: 1, pBetter: 1 })
  })
})

describe('signedRankTest', () => {
  it('matches the published critical values (no ties)', () => {
    // Wilcoxon signed-rank tables (e.g. Conover 1999, Table A12): n = 10, one-sided 0.05,
    // P(W ≤ 10) = 43/1024 = 0.0420 and P(W ≤ 11) = 54/1024 = 0.0527.
    const ten = (down: number[]) => Array.from({ length: 10 }, (_, i) => (down.includes(i + 1) ? -(i + 1) : i + 1))
    // Decreases at ranks 1, 2, 3, 4: W⁺ = 55 − 10 = 45, so P(W⁻ ≥ 45) = P(W⁺ ≤ 10).
    expect(signedRankTest(ten([1, 2, 3, 4])).pBetter).toBeCloseTo(43 / 1024, 14)
    expect(signedRankTest(ten([1, 2, 3, 5])).pBetter).toBeCloseTo(54 / 1024, 14)
  })

  it('matches brute-force sign flips with ties and zeros (zeros dropped, mid-ranks)', () => {
    const random = seedrandom('ties')
    for (let trial = 0; trial < 30; trial++) {
      const changes = Array.from({ length: 14 }, () => Math.floor(random() * 7) - 3)
      expect(signedRankTest(changes).pWorse).toBeCloseTo(bruteForce(changes), 12)
    }
    expect(signedRankTest([-1, -1, -1, -1, -1, 0, 0, 1]).pWorse).toBeCloseTo(bruteForce([-1, -1, -1, -1, -1, 0, 0, 1]), 14)
  })

  it('uses the normal approximation above 200 changed pairs, within 0.005 of exact at 200 (heavy ties)', () => {
    const random = seedrandom('large')
    for (let trial = 0; trial < 5; trial++) {
      const changes = Array.from({ length: 200 }, () => (random() < 0.55 ? -1 : 1) * (1 + Math.floor(random() * 2)))
      const exact = signedRankTest(changes)
      const approx = signedRankTest(changes, 0)
      expect(exact.exact).toBe(true)
      expect(approx.exact).toBe(false)
      expect(Math.abs(approx.pWorse - exact.pWorse)).toBeLessThan(0.005)
    }
    expect(signedRankTest(new Array<number>(201).fill(-1)).exact).toBe(false)
  })
})

describe('pairedScoreTest', () => {
  it('says "not enough changes to test" below ⌈log₂(1/α)⌉ changed pairs, never "worse"', () => {
    const before = new Array<number>(46).fill(4)
    const after = [...before]
    after[0] = 3
    after[1] = 3
    const result = pairedScoreTest(before, after)
    expect(result.minChanges).toBe(5)
    expect(result.verdict).toBe('not enough changes to test')
    expect(pairedScoreTest([4, 4], [3, 3]).verdict).toBe('not enough changes to test')
  })

  it('finds a consistent drop and gives an interval that excludes 0 when it is large', () => {
    const before = new Array<number>(40).fill(4)
    const after = before.map((v, i) => (i < 30 ? v - 1 : v))
    const result = pairedScoreTest(before, after)
    expect(result.verdict).toBe('worse')
    expect(result.meanChange).toBe(-0.75)
    expect(result.interval[1]).toBeLessThan(0)
    expect(result.interval[0]).toBeGreaterThanOrEqual(-4)
  })
})

describe('simulation: 46 examples, false alarms under no change and power', () => {
  const SIMULATIONS = 2000
  const ALPHA = 0.05
  const limit = ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / SIMULATIONS)
  const baseline = (random: () => number): number[] => Array.from({ length: 46 }, () => (random() < 0.6 ? 4 : random() < 0.7 ? 5 : 3))
  const clamp = (v: number) => Math.min(5, Math.max(1, v))

  it('exactly 3 of 46 moving ±1 at random: no false alarm (3 changes can never be significant)', () => {
    const random = seedrandom('three-of-46')
    let alarms = 0
    for (let i = 0; i < SIMULATIONS; i++) {
      const before = baseline(random)
      const after = [...before]
      for (let moved = 0; moved < 3;) {
        const j = Math.floor(random() * 46)
        if (after[j] !== before[j]) continue
        after[j] = before[j]! + (random() < 0.5 ? -1 : 1)
        if (after[j]! < 1 || after[j]! > 5) after[j] = before[j]! - (after[j]! - before[j]!)
        moved++
      }
      if (pairedScoreTest(before, after).verdict === 'worse') alarms++
    }
    expect(alarms).toBe(0)
  })

  it('each judgement ±1 with probability 0.3 around a latent score: false-alarm rate ≤ α + 3 SE', () => {
    // before and after are independent noisy judgements of the same latent score: exchangeable.
    const random = seedrandom('noisy-null')
    const noise = () => {
      const u = random()
      return u < 0.15 ? -1 : u < 0.3 ? 1 : 0
    }
    let alarms = 0
    for (let i = 0; i < SIMULATIONS; i++) {
      const latent = Array.from({ length: 46 }, () => (random() < 0.6 ? 4 : 3))
      const before = latent.map(t => t + noise())
      const after = latent.map(t => t + noise())
      if (pairedScoreTest(before, after).verdict === 'worse') alarms++
    }
    expect(alarms / SIMULATIONS).toBeLessThanOrEqual(limit)
  })

  it('detects a 10-point drop (0.4 score units: 40% of examples one lower) most of the time', () => {
    const random = seedrandom('drop-10')
    let found = 0
    for (let i = 0; i < 1000; i++) {
      const before = baseline(random)
      const after = before.map(v => clamp(random() < 0.4 ? v - 1 : v))
      if (pairedScoreTest(before, after).verdict === 'worse') found++
    }
    expect(found / 1000).toBeGreaterThan(0.9)
  })
})
