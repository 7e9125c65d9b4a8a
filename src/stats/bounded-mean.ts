import type { Interval, Sides } from './proportion.js'

/**
 * Confidence bounds for the mean of scores that are known to lie in a range (judge scores 1–5),
 * valid at every n — one score, five identical scores — and for every distribution on the range.
 *
 * Why not the t-interval: it assumes the sample spread is a good estimate of the true spread. Five
 * 5s have zero spread, so `meanInterval([5, 5, 5, 5, 5])` is [5, 5] and a gate on its lower end
 * "proves" a mean of 4.8 from five scores. Scores in a range cannot do that: a judge that gives 5
 * with probability 0.48 and 1 otherwise gives five 5s one time in 40.
 *
 * Method: the betting ("hedged capital") bound of Waudby-Smith & Ramdas (2023, JRSS-B, §4–5).
 * Scale the scores to x ∈ [0, 1]; for a candidate mean m, bet on each score in turn with a stake
 * λᵢ fixed before seeing it: capital Kₜ(m) = Πᵢ (1 + λᵢ(xᵢ − m)). If the true mean is m the capital
 * is a nonnegative martingale, so by Ville's inequality it ever reaches 1/α with probability ≤ α;
 * every m whose capital did is excluded. That is valid with no assumption beyond the range, at any
 * n and zero variance, and anytime-valid too (the bound may be recomputed after every score).
 * It is the tightest of the provably valid options we compared (BENCHMARKS.md, "Statistics"):
 * Hoeffding's bound ignores the variance; the empirical-Bernstein bound (Maurer & Pontil 2009)
 * uses it but pays constants that made it wider than Hoeffding at every n up to 100 on judge-like
 * scores; the betting bound adapts to the variance, was tighter than both in every case, and on
 * all-top scores is within 6% of α^(1/n), the limit no valid bound can beat.
 *
 * Stakes: the predictable plug-in λᵢ = √(2 ln(1/α) / (n σ̂²ᵢ₋₁)) tuned for the sample size n
 * (Waudby-Smith & Ramdas, eq. 26 with one-sided α), where σ̂² is a running variance estimate that
 * starts at 1/4 and never uses the score being bet on; capped at c/m so a score at the bottom of
 * the range can never bankrupt the bettor. Caveat: the bound depends (mildly) on the order of the
 * scores; it is deterministic for a given order.
 */

/**
 * The stake cap c in λ ≤ c/m: 0.9 keeps 10% of the capital against a worst-case score; of
 * {0.5, 0.9, 0.99} it was never more than 0.08 score units from the best (BENCHMARKS.md).
 */
export const STAKE_CAP = 0.9

/** Options of {@link boundedMeanInterval}. */
export interface BoundedMeanOptions {
  /** The range every score lies in, e.g. `[1, 5]` for judge scores. */
  range: Interval
  /** Confidence of the interval: each end of a two-sided interval errs with (1 − confidence) / 2, a one-sided end with 1 − confidence. @default 0.95 */
  confidence?: number
  /** Both ends, or only a lower or upper bound (the other end is the range's). @default 'two-sided' */
  sides?: Sides
}

/** The mean of bounded scores with a confidence interval valid at every n. */
export interface BoundedMeanEstimate {
  n: number
  mean: number
  interval: Interval
}

/**
 * Mean of scores in `range` with a betting confidence interval (Waudby-Smith & Ramdas 2023):
 * P(lower > true mean) ≤ α and P(upper < true mean) ≤ α for every distribution on the range, at
 * every n (α = (1 − confidence)/2 per end when two-sided). With no scores the interval is the range.
 */
export function boundedMeanInterval(values: readonly number[], options: BoundedMeanOptions): BoundedMeanEstimate {
  const { range, confidence = 0.95, sides = 'two-sided' } = options
  const [lo, hi] = range
  if (!(hi > lo)) throw new RangeError(`range must be [lo, hi] with lo < hi, received [${lo}, ${hi}]`)
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), received ${confidence}`)
  for (const v of values) {
    if (!(v >= lo && v <= hi)) throw new RangeError(`every score must lie in [${lo}, ${hi}], received ${v}`)
  }
  const n = values.length
  if (n === 0) return { n, mean: Number.NaN, interval: [lo, hi] }
  const mean = values.reduce((a, b) => a + b, 0) / n
  const alpha = sides === 'two-sided' ? (1 - confidence) / 2 : 1 - confidence
  const x = values.map(v => (v - lo) / (hi - lo))
  const lower = sides === 'upper' ? 0 : bettingLowerBound(x, alpha)
  const upper = sides === 'lower' ? 1 : 1 - bettingLowerBound(x.map(v => 1 - v), alpha)
  return { n, mean, interval: [lo + lower * (hi - lo), lo + upper * (hi - lo)] }
}

/** The stakes λ̃ᵢ before the cap, for scores x in [0, 1] and a one-sided level alpha. */
function plugInStakes(x: readonly number[], alpha: number): number[] {
  const n = x.length
  const stakes: number[] = []
  let sum = 0
  let squares = 0.25
  for (let i = 0; i < n; i++) {
    // σ̂² from the scores before i only, so the stake is fixed before xᵢ is seen (predictable).
    stakes.push(Math.sqrt((2 * Math.log(1 / alpha)) / (n * (squares / (i + 1)))))
    sum += x[i]!
    const runningMean = (0.5 + sum) / (i + 2)
    squares += (x[i]! - runningMean) ** 2
  }
  return stakes
}

/**
 * The betting lower bound for the mean of x ∈ [0, 1] at one-sided level alpha: the smallest m
 * whose capital never reached 1/α. Each factor 1 + min(λ̃, c/m)(x − m) decreases in m (both
 * pieces do and they meet continuously), so the capital does too and the excluded set is an
 * interval [0, L): bisection finds L exactly. `cap` is the stake cap c (for experiments).
 */
export function bettingLowerBound(x: readonly number[], alpha: number, cap = STAKE_CAP): number {
  const stakes = plugInStakes(x, alpha)
  const threshold = Math.log(1 / alpha)
  const excluded = (m: number) => {
    let logCapital = 0
    for (let i = 0; i < x.length; i++) {
      logCapital += Math.log1p(Math.min(stakes[i]!, cap / m) * (x[i]! - m))
      if (logCapital >= threshold) return true
    }
    return false
  }
  let lo = 0
  let hi = 1
  if (!excluded(1e-12)) return 0
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (excluded(mid)) lo = mid
    else hi = mid
  }
  return lo
}
