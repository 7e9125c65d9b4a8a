import { binomialPmf } from './special.js'

export interface McNemarResult {
  /** Pairs that passed before and fail now. */
  worsened: number
  /** Pairs that failed before and pass now. */
  improved: number
  /** Two-sided mid-p value. */
  pValue: number
  /** One-sided mid-p value for "more worsened than improved" (a regression). */
  pWorse: number
}

/**
 * McNemar's exact test with the mid-p correction, for paired pass/fail outcomes (the same
 * examples before and after a change). Only discordant pairs count; under no change each is
 * equally likely to go either way. Mid-p (Fagerland, Lydersen & Laake 2013) keeps the exact
 * test's validity with less conservatism.
 */
export function mcnemarMidP(worsened: number, improved: number): McNemarResult {
  const n = worsened + improved
  if (n === 0) return { worsened, improved, pValue: 1, pWorse: 1 }
  const k = Math.min(worsened, improved)
  let below = 0
  for (let i = 0; i < k; i++) below += binomialPmf(i, n, 0.5)
  const pValue = Math.min(1, 2 * (below + 0.5 * binomialPmf(k, n, 0.5)))
  // P(X > worsened) + ½ P(X = worsened), X ~ Bin(n, ½): evidence that worsening dominates.
  let above = 0
  for (let i = worsened + 1; i <= n; i++) above += binomialPmf(i, n, 0.5)
  const pWorse = Math.min(1, above + 0.5 * binomialPmf(worsened, n, 0.5))
  return { worsened, improved, pValue, pWorse }
}
