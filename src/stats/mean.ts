import type { Interval } from './proportion.js'
import { tQuantile } from './special.js'

export interface MeanEstimate {
  n: number
  mean: number
  /** Sample standard deviation (n − 1). */
  sd: number
  interval: Interval
}

/**
 * Mean with a Student-t confidence interval. With one value the interval is the whole range
 * given (or ±∞): one sample says nothing about spread. Matches R's `t.test(x)$conf.int`.
 */
export function meanInterval(values: readonly number[], confidence = 0.95, range: Interval = [-Infinity, Infinity]): MeanEstimate {
  const n = values.length
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, interval: range }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n === 1) return { n, mean, sd: Number.NaN, interval: range }
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1))
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n))
  return { n, mean, sd, interval: [Math.max(range[0], mean - half), Math.min(range[1], mean + half)] }
}

/**
 * Paired t-interval for the mean difference `after − before` (same items scored twice).
 * Matches R's `t.test(after, before, paired = TRUE)$conf.int`.
 */
export function pairedTInterval(before: readonly number[], after: readonly number[], confidence = 0.95): MeanEstimate {
  if (before.length !== after.length) throw new RangeError(`paired samples must have equal length, received ${before.length} and ${after.length}`)
  return meanInterval(after.map((v, i) => v - before[i]!), confidence)
}
