// The canary error-rate rule on cumulative counts: false rollbacks over a whole rollout (every
// bucket a look) and detection of a doubled error rate, by seeded simulation.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { checkErrorRate, errorRateEvidence } from 'vitest-llm/stats'

/** A 5-step × 30-bucket rollout; returns the bucket of the first breach, or undefined. */
function rollout(errorRate: number, random: () => number): number | undefined {
  let errors = 0
  let requests = 0
  let bucket = 0
  for (const perBucket of [20, 60, 100, 200, 400]) {
    for (let i = 0; i < 30; i++, bucket++) {
      for (let r = 0; r < perBucket; r++) if (random() < errorRate) errors++
      requests += perBucket
      if (errorRateEvidence(errors, requests, 0.05) >= Math.log(20)) return bucket
    }
  }
  return undefined
}

describe('checkErrorRate', () => {
  it('breaches on clear evidence only, and reports anytime-valid bounds', () => {
    expect(checkErrorRate(0, 0, 0.05).breach).toBe(false)
    expect(checkErrorRate(25, 500, 0.05).breach).toBe(false)
    const clear = checkErrorRate(80, 500, 0.05)
    expect(clear.breach).toBe(true)
    expect(clear.interval[0]).toBeGreaterThan(0.05)
    expect(() => checkErrorRate(3, 2, 0.05)).toThrow('expected integers 0 ≤ errors ≤ requests, received 3 of 2')
  })

  it('a healthy canary at exactly the limit is rolled back in ≤ 5% + 3 SE of rollouts (150 looks each)', () => {
    const SIMULATIONS = 400
    const random = seedrandom('healthy-canary')
    let rollbacks = 0
    for (let i = 0; i < SIMULATIONS; i++) if (rollout(0.05, random) !== undefined) rollbacks++
    expect(rollbacks / SIMULATIONS).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / SIMULATIONS))
  })

  it('a canary at twice the limit is caught within the first two steps', () => {
    const random = seedrandom('broken-canary')
    for (let i = 0; i < 100; i++) expect(rollout(0.1, random)).toBeLessThan(60)
  })

  it('breach agrees with the evidence threshold', () => {
    for (const [e, n] of [[25, 500], [40, 500], [45, 500], [80, 500]] as const) {
      expect(checkErrorRate(e, n, 0.05).breach).toBe(errorRateEvidence(e, n, 0.05) >= Math.log(20))
    }
  })
})
