import type { Interval } from './proportion.js'
import { tQuantile } from './special.js'

/** A paired ratio estimate: the geometric mean of `after / before` with its interval. */
export interface RatioEstimate {
  /** Pairs used: both values positive (a cached case costs nothing and takes no time, so it is left out). */
  n: number
  ratio: number | null
  interval: Interval | null
}

/**
 * The ratio of two paired positive quantities (cost or latency per case of a variant over the
 * control's): the geometric mean of the per-pair ratios, with the Student-t interval of the mean
 * log-ratio transformed back (a paired t-test on logs). Logs make a ratio symmetric (½ and 2 are
 * equally far from 1) and tame the right skew of costs and latencies. Pairs where either value
 * is 0 or missing are dropped; with fewer than two pairs there is no interval, with none no ratio.
 */
export function pairedRatio(before: readonly (number | undefined)[], after: readonly (number | undefined)[], confidence = 0.95): RatioEstimate {
  const logs: number[] = []
  for (let i = 0; i < before.length; i++) {
    const b = before[i]
    const a = after[i]
    if (b !== undefined && a !== undefined && b > 0 && a > 0) logs.push(Math.log(a / b))
  }
  const n = logs.length
  if (n === 0) return { n, ratio: null, interval: null }
  const mean = logs.reduce((s, x) => s + x, 0) / n
  if (n === 1) return { n, ratio: Math.exp(mean), interval: null }
  const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1))
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * sd / Math.sqrt(n)
  return { n, ratio: Math.exp(mean), interval: [Math.exp(mean - half), Math.exp(mean + half)] }
}

/** The `q`-quantile (0–1) of values, linear between order statistics (R's type 7); null when empty. */
export function sampleQuantile(values: readonly number[], q: number): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((x, y) => x - y)
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  return sorted[lo]! + (h - lo) * ((sorted[Math.ceil(h)] ?? sorted[lo]!) - sorted[lo]!)
}
