import { boundedMeanInterval } from './bounded-mean.js'
import type { Interval } from './proportion.js'
import { binomialPmf, normalCdf } from './special.js'

/**
 * Paired tests for discrete score changes (the same examples judged 1–5 before and after a
 * change). Most pairs do not move at all, and the ones that move mostly move by one, so tests built
 * for continuous data (the paired t-test) are unreliable here: at n = 46 with three pairs moving
 * ±1 the t-interval has three nonzero values to estimate a spread from.
 *
 * - Sign test (exact): only the direction of each changed pair counts; under no change each is
 *   equally likely to go up or down, whatever the score distribution.
 * - Wilcoxon signed-rank test, zeros dropped (Wilcoxon's original treatment; zeros carry no
 *   direction), ties given mid-ranks. The null distribution is the exact sign-flip distribution of
 *   the observed mid-ranks (conditional on the |changes|), computed by dynamic programming — exact
 *   for up to 200 changed pairs; above that the normal approximation with the tie-corrected
 *   variance and a continuity correction (measured within 0.005 of exact at 200 pairs with
 *   only two distinct sizes of change, the worst case for ties).
 * - Both are valid conditionally on which pairs changed, so the false-alarm rate is ≤ α however
 *   sparse the changes. With m changed pairs the smallest possible one-sided p-value is 2⁻ᵐ: below
 *   ⌈log₂(1/α)⌉ changes (5 at α = 0.05) no result can be significant, and the result says "not
 *   enough changes to test" instead of "no change" or "regressed".
 * - The interval for the mean change is the betting interval of bounded-mean.ts on the changes,
 *   which lie in [−(hi − lo), hi − lo]: valid for any distribution and any n, with no symmetry
 *   assumption (an inverted permutation test would need one) and no resampling (a bootstrap of
 *   three nonzero changes is not an interval). It is conservative: expect it to contain 0 until
 *   the change is large.
 */

/** Exact one-sided sign-test p-values: `pWorse` = P(at least `worsened` of the changed pairs go down | no change). */
export function signTest(worsened: number, improved: number): { pWorse: number, pBetter: number } {
  const n = worsened + improved
  const tail = (k: number) => {
    let sum = 0
    for (let i = k; i <= n; i++) sum += binomialPmf(i, n, 0.5)
    return Math.min(1, sum)
  }
  return { pWorse: tail(worsened), pBetter: tail(improved) }
}

/** The exact-size limit: above this many changed pairs the signed-rank test uses the normal approximation. */
export const EXACT_SIGNED_RANK_LIMIT = 200

/**
 * Wilcoxon signed-rank test of paired changes (after − before), zeros dropped, mid-ranks for ties.
 * `pWorse` = P(W⁻ ≥ observed | no change), W⁻ the rank sum of the decreases; `pBetter` likewise
 * for increases. Exact up to `exactLimit` changed pairs (normal approximation above).
 */
export function signedRankTest(changes: readonly number[], exactLimit = EXACT_SIGNED_RANK_LIMIT): { changed: number, rankSumDown: number, rankSumUp: number, pWorse: number, pBetter: number, exact: boolean } {
  const nonzero = changes.filter(d => d !== 0)
  const m = nonzero.length
  if (m === 0) return { changed: 0, rankSumDown: 0, rankSumUp: 0, pWorse: 1, pBetter: 1, exact: true }
  // Doubled mid-ranks are integers, so the null distribution lives on an integer grid.
  const order = nonzero.map((d, i) => [Math.abs(d), i] as const).sort((a, b) => a[0] - b[0])
  const doubled = new Array<number>(m)
  for (let i = 0; i < m;) {
    let j = i
    while (j + 1 < m && order[j + 1]![0] === order[i]![0]) j++
    for (let t = i; t <= j; t++) doubled[order[t]![1]] = i + j + 2
    i = j + 1
  }
  let down = 0
  for (let i = 0; i < m; i++) if (nonzero[i]! < 0) down += doubled[i]!
  const total = (m * (m + 1))
  const up = total - down
  const result = { changed: m, rankSumDown: down / 2, rankSumUp: up / 2 }
  if (m > exactLimit) {
    const ties = new Map<number, number>()
    for (const r of doubled) ties.set(r, (ties.get(r) ?? 0) + 1)
    let correction = 0
    for (const t of ties.values()) correction += t ** 3 - t
    const sd = Math.sqrt((m * (m + 1) * (2 * m + 1)) / 24 - correction / 48)
    const z = (w: number) => (w / 2 - total / 4 - 0.5) / sd
    return { ...result, pWorse: 1 - normalCdf(z(down)), pBetter: 1 - normalCdf(z(up)), exact: false }
  }
  // Each rank joins the decreases with probability ½: dist[w] = P(doubled W⁻ = w).
  let dist = new Float64Array(total + 1)
  dist[0] = 1
  let reach = 0
  for (const r of doubled) {
    const next = new Float64Array(total + 1)
    for (let w = 0; w <= reach; w++) {
      const mass = dist[w]!
      if (mass === 0) continue
      next[w]! += mass / 2
      next[w + r]! += mass / 2
    }
    reach += r
    dist = next
  }
  const atLeast = (w: number) => {
    let sum = 0
    for (let v = w; v <= total; v++) sum += dist[v]!
    return Math.min(1, sum)
  }
  // W⁺ = total − W⁻, and the null distribution is symmetric, so P(W⁺ ≥ up) = P(W⁻ ≥ up).
  return { ...result, pWorse: atLeast(down), pBetter: atLeast(up), exact: true }
}

/** Options of {@link pairedScoreTest}. */
export interface PairedScoreOptions {
  /** The score range. @default [1, 5] */
  range?: Interval
  /** One-sided significance level of each direction. @default 0.05 */
  alpha?: number
  /** Confidence of the interval for the mean change. @default 0.95 */
  confidence?: number
}

/** What the paired comparison concludes. */
export type PairedVerdict = 'worse' | 'better' | 'no detectable change' | 'not enough changes to test'

/** Result of {@link pairedScoreTest}. */
export interface PairedScoreResult {
  n: number
  worsened: number
  improved: number
  /** Mean of after − before. */
  meanChange: number
  /** Betting interval for the mean change (valid at any n). */
  interval: Interval
  sign: { pWorse: number, pBetter: number }
  signedRank: { pWorse: number, pBetter: number, exact: boolean }
  /** Changed pairs needed before any result could be significant: ⌈log₂(1/α)⌉. */
  minChanges: number
  verdict: PairedVerdict
}

/**
 * Compares paired scores: `worse` when the signed-rank test finds more or larger decreases than
 * chance at one-sided `alpha` (likewise `better`); `not enough changes to test` when fewer pairs
 * changed than could ever be significant. P(worse | no change) ≤ α, exactly, however few pairs move.
 */
export function pairedScoreTest(before: readonly number[], after: readonly number[], options: PairedScoreOptions = {}): PairedScoreResult {
  const { range = [1, 5], alpha = 0.05, confidence = 0.95 } = options
  if (before.length !== after.length) throw new RangeError(`paired samples must have equal length, received ${before.length} and ${after.length}`)
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), received ${alpha}`)
  const changes = after.map((v, i) => v - before[i]!)
  const width = range[1] - range[0]
  const worsened = changes.filter(d => d < 0).length
  const improved = changes.filter(d => d > 0).length
  const rank = signedRankTest(changes)
  const minChanges = Math.ceil(Math.log2(1 / alpha) - 1e-12)
  const verdict: PairedVerdict = worsened + improved < minChanges
    ? 'not enough changes to test'
    : rank.pWorse <= alpha ? 'worse' : rank.pBetter <= alpha ? 'better' : 'no detectable change'
  const mean = boundedMeanInterval(changes, { range: [-width, width], confidence })
  return {
    n: changes.length,
    worsened,
    improved,
    meanChange: mean.mean,
    interval: mean.interval,
    sign: signTest(worsened, improved),
    signedRank: { pWorse: rank.pWorse, pBetter: rank.pBetter, exact: rank.exact },
    minChanges,
    verdict,
  }
}
