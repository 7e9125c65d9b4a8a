import { normalCdf } from './special.js'

export interface MannWhitneyResult {
  /** U statistic of the first sample (R's W). */
  u: number
  /** Two-sided p-value (normal approximation with tie and continuity corrections). */
  pValue: number
  /** P(X > Y) + ½ P(X = Y): how often the first sample is larger (0.5 = no shift). */
  effect: number
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum): do two samples come from the same distribution?
 * For latencies it asks whether the canary is slower than the baseline without assuming a
 * shape. Matches R's `wilcox.test(x, y, exact = FALSE, correct = TRUE)` and scipy's
 * `mannwhitneyu(x, y, method='asymptotic', use_continuity=True)`.
 */
export function mannWhitney(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length
  const n2 = y.length
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, pValue: 1, effect: 0.5 }
  const all = [...x.map(v => ({ v, first: true })), ...y.map(v => ({ v, first: false }))].sort((a, b) => a.v - b.v)
  let rankSum = 0
  let tieTerm = 0
  for (let i = 0; i < all.length;) {
    let j = i
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++
    const rank = (i + j + 2) / 2
    const count = j - i + 1
    tieTerm += count ** 3 - count
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSum += rank
    i = j + 1
  }
  const u = rankSum - (n1 * (n1 + 1)) / 2
  const n = n1 + n2
  const mean = (n1 * n2) / 2
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))))
  if (sd === 0) return { u, pValue: 1, effect: u / (n1 * n2) }
  const z = (Math.abs(u - mean) - 0.5) / sd
  return { u, pValue: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))), effect: u / (n1 * n2) }
}

/** The q-quantile (0–1) by linear interpolation (R type 7, numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}
