import { wilson, type Interval } from './proportion.js'
import { normalQuantile } from './special.js'

/**
 * Paired pass/fail outcomes of two variants on the same examples, as the 2×2 table's cells:
 * `both` passed under both, `onlyA` only under A (the control), `onlyB` only under B (the
 * variant), `neither` under neither.
 */
export interface PairedTable {
  both: number
  onlyA: number
  onlyB: number
  neither: number
}

/**
 * Newcombe's hybrid score interval for the difference of paired proportions `pB − pA`
 * (Newcombe 1998, "Improved confidence intervals for the difference between binomial
 * proportions based on paired data", Stat. Med. 17:2635–2650, method 10): the Wilson intervals
 * of the two marginal rates, combined with the table's phi correlation (Newcombe's corrected phi,
 * as in R's `biostatUZH::confIntPairedProportion`). Good coverage at
 * small n and at 0 % or 100 %, unlike the Wald interval; never outside [−1, 1].
 */
export function newcombePairedInterval(table: PairedTable, confidence = 0.95): Interval {
  const { both: a, onlyB: b, onlyA: c, neither: d } = table
  const n = a + b + c + d
  if (n === 0) return [-1, 1]
  const pB = (a + b) / n
  const pA = (a + c) / n
  const [lB, uB] = wilson(a + b, n, confidence)
  const [lA, uA] = wilson(a + c, n, confidence)
  const denominator = (a + b) * (c + d) * (a + c) * (b + d)
  // Newcombe's corrected phi: a positive association shrunk by n/2, a negative one kept, 0 between.
  const cross = a * d - b * c
  const corrected = cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0
  const phi = denominator === 0 ? 0 : corrected / Math.sqrt(denominator)
  const diff = pB - pA
  const delta = Math.sqrt(Math.max(0, (pB - lB) ** 2 - 2 * phi * (pB - lB) * (uA - pA) + (uA - pA) ** 2))
  const epsilon = Math.sqrt(Math.max(0, (uB - pB) ** 2 - 2 * phi * (uB - pB) * (pA - lA) + (pA - lA) ** 2))
  return [Math.max(-1, diff - delta), Math.min(1, diff + epsilon)]
}

/**
 * The smallest difference in pass rate that a paired comparison of `n` examples detects with
 * the given power at two-sided level `alpha` — the minimum detectable effect, from the
 * discordant share `discordant / n`. Connor's sample-size formula for McNemar's test (Connor
 * 1987, Biometrics 43:207–211), `n·δ² = (z_{α/2}·√ψ + z_β·√(ψ − δ²))²`, solved for δ, with the
 * discordant share ψ taken as at least δ (a difference δ needs at least that share of examples
 * to disagree; with none disagreeing, ψ = δ and n·δ = (z_{α/2} + z_β·√(1 − δ))², about 7.8/n at
 * α = 0.05). `null` when even δ = 1 could not be detected (n too small).
 */
export function minDetectableDifference(n: number, discordant: number, options: { alpha?: number, power?: number } = {}): number | null {
  const { alpha = 0.05, power = 0.8 } = options
  if (n <= 0) return null
  const za = normalQuantile(1 - alpha / 2)
  const zb = normalQuantile(power)
  const observed = discordant / n
  const gap = (delta: number) => {
    const psi = Math.max(observed, delta)
    return n * delta * delta - (za * Math.sqrt(psi) + zb * Math.sqrt(Math.max(0, psi - delta * delta))) ** 2
  }
  if (gap(1) < 0) return null
  let lo = 0
  let hi = 1
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (gap(mid) >= 0) hi = mid
    else lo = mid
  }
  return hi
}
