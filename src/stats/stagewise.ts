import type { Interval } from './proportion.js'

/**
 * Exact confidence bounds for a pass rate after a sequential procedure stopped, by the stagewise
 * ordering of outcomes (Jennison & Turnbull 2000, §8.4): a stop through the upper (pass) side at
 * an earlier run is better than anything later, a stop through the lower side (fail, or "can no
 * longer pass") at an earlier run is worse than anything later, and outcomes at the same run are
 * ordered by passes. The lower bound is the rate at which an outcome at least as good has
 * chance α; the upper bound likewise for at most as good. Because the ordering is fixed before the
 * data, P(lower > p) ≤ α and P(upper < p) ≤ α for every true rate p, for exactly this stopping
 * rule — including stops a group-sequential design makes between its looks. With no early stops
 * the bounds are Clopper–Pearson.
 */

/** Where a record stops: `up` (passed), `down` (failed or can no longer pass), or not at all. */
export type StopSide = 'up' | 'down' | undefined

/**
 * Exact one-sided bounds at `confidence` after stopping at `runs` with `passes`, for the procedure
 * that stops a record of `s` passes after `r` runs (r < runs) where `stop(s, r)` says.
 * Cost: O(runs²) per evaluation, 50 bisection steps per bound.
 */
export function stagewiseInterval(stop: (passes: number, runs: number) => StopSide, passes: number, runs: number, confidence: number): Interval {
  const alpha = 1 - confidence
  // P(an outcome at least as good as the observed one) when upward, at most as good otherwise.
  const tail = (p: number, upward: boolean) => {
    let dist = new Float64Array(runs + 1)
    dist[0] = 1
    let total = 0
    for (let r = 1; r <= runs; r++) {
      const next = new Float64Array(runs + 1)
      for (let s = 0; s < r; s++) {
        const mass = dist[s]!
        if (mass === 0) continue
        next[s + 1]! += mass * p
        next[s]! += mass * (1 - p)
      }
      dist = next
      if (r === runs) {
        for (let s = 0; s <= r; s++) if (upward ? s >= passes : s <= passes) total += dist[s]!
        break
      }
      for (let s = 0; s <= r; s++) {
        const side = dist[s] ? stop(s, r) : undefined
        if (!side) continue
        if ((side === 'up') === upward) total += dist[s]!
        dist[s] = 0
      }
    }
    return total
  }
  // P(at least as good) grows with p, P(at most as good) shrinks: bisect each for α.
  const root = (f: (p: number) => number) => {
    let lo = 0
    let hi = 1
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2
      if (f(mid) < 0) lo = mid
      else hi = mid
    }
    return (lo + hi) / 2
  }
  const lower = passes === 0 ? 0 : root(p => tail(p, true) - alpha)
  const upper = passes === runs ? 1 : root(p => alpha - tail(p, false))
  return [lower, upper]
}
