// Simulation: looking after every run must keep the false-pass rate at the declared α.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { decidePassRate, sequentialVerdict, wilson } from 'vitest-llm/stats'

/** Runs one sequential trials() decision on a simulated model with success rate `p`. */
function simulate(p: number, passRate: number, maxRuns: number, random: () => number, confidence = 0.95) {
  let passes = 0
  for (let n = 1; n <= maxRuns; n++) {
    if (random() < p) passes++
    const verdict = sequentialVerdict(passes, n, passRate, confidence)
    if (verdict !== 'inconclusive') return verdict
  }
  return 'inconclusive'
}

describe('sequential trials keep their error rate under peeking', () => {
  const SIMULATIONS = 2000
  // Allowed: α plus three standard errors of a proportion estimated from 2,000 runs.
  const limit = (alpha: number) => alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / SIMULATIONS)

  it.each([0.9, 0.85])('false-pass rate ≤ α when the true rate is %s and 0.9 is required', (p) => {
    const random = seedrandom(`false-pass-${p}`)
    let passes = 0
    for (let i = 0; i < SIMULATIONS; i++) if (simulate(p, 0.9, 200, random) === 'pass') passes++
    expect(passes / SIMULATIONS).toBeLessThanOrEqual(limit(0.05))
  })

  it('false-fail rate ≤ α when the true rate equals the requirement', () => {
    const random = seedrandom('false-fail')
    let fails = 0
    for (let i = 0; i < SIMULATIONS; i++) if (simulate(0.8, 0.8, 200, random) === 'fail') fails++
    expect(fails / SIMULATIONS).toBeLessThanOrEqual(limit(0.05))
  })

  it('whereas peeking at a fixed-n interval after every run inflates it (why the sequence is needed)', () => {
    const random = seedrandom('naive')
    let passes = 0
    for (let i = 0; i < SIMULATIONS; i++) {
      let s = 0
      for (let n = 1; n <= 200; n++) {
        if (random() < 0.9) s++
        if (wilson(s, n, 0.95, 'lower')[0] >= 0.9) {
          passes++
          break
        }
      }
    }
    expect(passes / SIMULATIONS).toBeGreaterThan(limit(0.05))
  })

  it('agrees with decidePassRate', () => {
    for (const [s, n] of [[19, 20], [30, 30], [2, 10], [60, 100]] as const) {
      expect(sequentialVerdict(s, n, 0.8)).toBe(decidePassRate(s, n, 0.8).verdict)
    }
  })
})
