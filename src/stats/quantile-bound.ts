import { logChoose } from './special.js'

/**
 * Distribution-free confidence bounds for a quantile (p99 latency) from order statistics.
 *
 * Why: a sample p99 from 200 requests is the 2nd-largest value, and says little about the true
 * p99; comparing it with a limit breaches (or clears) by luck. The k-th smallest of n values is
 * at most the true q-quantile whenever at least k values fall at or below it, which happens with
 * probability P(Bin(n, q) ≥ k) for any continuous distribution — and at least that for discrete
 * ones (ties only help) — so the rank can be chosen from the binomial alone, with no assumption
 * about the shape (e.g. Conover 1999, §3.2; Hahn & Meeker 1991, §5.2).
 *
 * An upper bound on the q-quantile needs P(Bin(n, q) ≤ n − 1) = 1 − qⁿ ≥ confidence, i.e. at least
 * ⌈ln(1 − confidence) / ln q⌉ values (299 for p99 at 95%); with fewer, no order statistic is an
 * upper bound and the functions return undefined rather than a number that only looks like one.
 */

/** The binomial CDF P(Bin(n, q) ≤ k) for every k, summed in increasing order of mass. */
function binomialCdf(n: number, q: number): number[] {
  const pmf = Array.from({ length: n + 1 }, (_, k) => Math.exp(logChoose(n, k) + k * Math.log(q) + (n - k) * Math.log1p(-q)))
  const cdf: number[] = []
  let sum = 0
  for (const mass of pmf) cdf.push((sum += mass))
  return cdf
}

/**
 * The 1-based rank r of the order statistic that bounds the q-quantile of n values at
 * `confidence`: for `upper`, the smallest r with P(X₍ᵣ₎ ≥ ξ_q) ≥ confidence; for `lower`, the
 * largest r with P(X₍ᵣ₎ ≤ ξ_q) ≥ confidence. Undefined when no rank is a bound (n too small).
 */
export function quantileBoundRank(n: number, q: number, confidence = 0.95, side: 'upper' | 'lower' = 'upper'): number | undefined {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, received ${n}`)
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), received ${q}`)
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), received ${confidence}`)
  if (n === 0) return undefined
  const cdf = binomialCdf(n, q)
  if (side === 'upper') {
    // X₍ᵣ₎ ≥ ξ_q unless r or more values fall below ξ_q: P = P(Bin(n, q) ≤ r − 1).
    for (let r = 1; r <= n; r++) if (cdf[r - 1]! >= confidence) return r
    return undefined
  }
  // X₍ᵣ₎ ≤ ξ_q when at least r values are at most ξ_q: P = P(Bin(n, q) ≥ r) = 1 − P(Bin ≤ r − 1).
  for (let r = n; r >= 1; r--) if (1 - cdf[r - 1]! >= confidence) return r
  return undefined
}

/**
 * A distribution-free confidence bound for the q-quantile of `values`: with probability at least
 * `confidence`, the true quantile is ≤ the `upper` bound (≥ the `lower` one). Undefined when n is
 * too small for any bound at that confidence (an upper p99 bound at 95% needs 299 values).
 */
export function quantileBound(values: readonly number[], q: number, confidence = 0.95, side: 'upper' | 'lower' = 'upper'): number | undefined {
  const rank = quantileBoundRank(values.length, q, confidence, side)
  if (rank === undefined) return undefined
  return [...values].sort((a, b) => a - b)[rank - 1]
}
