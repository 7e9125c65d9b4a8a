import { betaQuantile, normalQuantile } from './special.js'

/** A confidence interval `[lower, upper]`. */
export type Interval = [number, number]

/** Which bounds an interval gives: both, or one (the other is 0 or 1). */
export type Sides = 'two-sided' | 'lower' | 'upper'

function check(successes: number, trials: number, confidence: number, integer: boolean): void {
  if ((integer && !Number.isInteger(trials)) || trials < 0 || successes < 0 || successes > trials + 1e-9) {
    throw new RangeError(`expected 0 ≤ successes ≤ trials, received ${successes} of ${trials}`)
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), received ${confidence}`)
}

/**
 * Wilson score interval for a proportion — good coverage at small n and near 0 or 1, unlike the
 * normal ("Wald") interval. Counts may be fractional (weighted or effective counts).
 * Matches R's `prop.test(x, n, correct = FALSE)$conf.int`.
 */
export function wilson(successes: number, trials: number, confidence = 0.95, sides: Sides = 'two-sided'): Interval {
  check(successes, trials, confidence, false)
  if (trials === 0) return [0, 1]
  const alpha = 1 - confidence
  const z = normalQuantile(1 - (sides === 'two-sided' ? alpha / 2 : alpha))
  const p = successes / trials
  const z2n = (z * z) / trials
  const center = (p + z2n / 2) / (1 + z2n)
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials))) / (1 + z2n)
  const lower = Math.max(0, center - half)
  const upper = Math.min(1, center + half)
  if (sides === 'lower') return [lower, 1]
  if (sides === 'upper') return [0, upper]
  return [lower, upper]
}

/**
 * Clopper–Pearson ("exact") interval: never below the nominal coverage, at the price of width.
 * Matches R's `binom.test(x, n)$conf.int`.
 */
export function clopperPearson(successes: number, trials: number, confidence = 0.95, sides: Sides = 'two-sided'): Interval {
  check(successes, trials, confidence, true)
  if (trials === 0) return [0, 1]
  const alpha = 1 - confidence
  const tail = sides === 'two-sided' ? alpha / 2 : alpha
  const lower = successes === 0 ? 0 : betaQuantile(tail, successes, trials - successes + 1)
  const upper = successes === trials ? 1 : betaQuantile(1 - tail, successes + 1, trials - successes)
  if (sides === 'lower') return [lower, 1]
  if (sides === 'upper') return [0, upper]
  return [lower, upper]
}
