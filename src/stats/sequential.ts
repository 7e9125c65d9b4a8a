import { clopperPearson, type Interval } from './proportion.js'
import { logBeta, logIncompleteBeta } from './special.js'

/**
 * Anytime-valid inference for a pass rate, so `trials()` can look after every run and stop as
 * soon as the verdict is certain without inflating its error rate (checking a fixed-n interval
 * after every run would). Each bound inverts a mixture likelihood-ratio test: against
 * H0: p ≤ p0 the likelihood ratio of the alternatives p > p0 is averaged (and of p < p0 for
 * H0: p ≥ p0). By Ville's inequality the chance that such a ratio ever exceeds 1/α under H0 is
 * at most α, however often it is checked (Robbins 1970; Howard et al. 2021). The average is
 * taken over a prior centred on p0 (below), truncated to the alternative's side.
 */

/**
 * The mixing prior: Beta(K·p0, K·(1−p0)), centred on the boundary p0 with an effective sample
 * size K, truncated to the alternative's side. Concentrating mass near p0 buys power against
 * alternatives close to the boundary; K = 5 gave the fewest calls over the benchmark's rates.
 */
export const PRIOR_CONCENTRATION = 5

function prior(p0: number): [number, number] {
  return [PRIOR_CONCENTRATION * p0, PRIOR_CONCENTRATION * (1 - p0)]
}

/**
 * ln of the mixture ratio against H0: p ≤ p0, after `s` passes and `f` fails. Computed in log
 * space throughout: the posterior tail can be far below 1e-308 with thousands of runs (e.g. 9,000
 * of 10,000 against p0 = 0.95), where taking the log of the tail itself would give −∞.
 */
export function logEvidenceAbove(s: number, f: number, p0: number): number {
  if (p0 <= 0) return Infinity
  if (p0 >= 1) return -Infinity
  const [a, b] = prior(p0)
  const posterior = logIncompleteBeta(p0, s + a, f + b, true)
  const mass = logIncompleteBeta(p0, a, b, true)
  return logBeta(s + a, f + b) + posterior - logBeta(a, b) - mass - s * Math.log(p0) - f * Math.log(1 - p0)
}

/** ln of the mixture ratio against H0: p ≥ p0 (in log space, like logEvidenceAbove). */
export function logEvidenceBelow(s: number, f: number, p0: number): number {
  if (p0 >= 1) return Infinity
  if (p0 <= 0) return -Infinity
  const [a, b] = prior(p0)
  const posterior = logIncompleteBeta(p0, s + a, f + b)
  const mass = logIncompleteBeta(p0, a, b)
  return logBeta(s + a, f + b) + posterior - logBeta(a, b) - mass - s * Math.log(p0) - f * Math.log(1 - p0)
}

/**
 * Anytime-valid one-sided bounds at `confidence`: `lower` is the largest p0 that the evidence
 * still rules out from above, `upper` likewise from below. Valid simultaneously for every n.
 */
export function confidenceSequence(passes: number, runs: number, confidence = 0.95): Interval {
  if (runs === 0) return [0, 1]
  const threshold = Math.log(1 / (1 - confidence))
  const fails = runs - passes
  return [
    bisect(p => logEvidenceAbove(passes, fails, p) >= threshold, 0, 1, true),
    bisect(p => logEvidenceBelow(passes, fails, p) >= threshold, 0, 1, false),
  ]
}

// The boundary of a monotone predicate on [lo, hi]: `rejectsBelow` says it holds for small p.
function bisect(rejects: (p: number) => boolean, lo: number, hi: number, rejectsBelow: boolean): number {
  if (rejectsBelow && !rejects(1e-12)) return 0
  if (!rejectsBelow && !rejects(1 - 1e-12)) return 1
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (rejects(mid) === rejectsBelow) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

export type PassRateVerdict = 'pass' | 'fail' | 'inconclusive'

/**
 * The anytime-valid verdict alone, without computing bounds: two evaluations instead of two
 * root searches, for loops that check after every run. Agrees with `decidePassRate(..., true)`.
 */
export function sequentialVerdict(passes: number, runs: number, passRate: number, confidence = 0.95): PassRateVerdict {
  const threshold = Math.log(1 / (1 - confidence))
  if (logEvidenceAbove(passes, runs - passes, passRate) >= threshold) return 'pass'
  if (logEvidenceBelow(passes, runs - passes, passRate) >= threshold) return 'fail'
  return 'inconclusive'
}

/** Bounds and verdict of a pass rate against a required `passRate`. */
export interface PassRateDecision {
  verdict: PassRateVerdict
  passes: number
  runs: number
  rate: number
  /** One-sided lower and upper bounds at the confidence. */
  interval: Interval
}

/**
 * Decides a pass rate: pass when the lower bound ≥ `passRate`, fail when the upper bound is
 * below it. `sequential` uses the anytime-valid bounds (required whenever the data were peeked
 * at); otherwise one-sided Clopper–Pearson bounds for a single look at a fixed n.
 */
export function decidePassRate(passes: number, runs: number, passRate: number, confidence = 0.95, sequential = true): PassRateDecision {
  const interval: Interval = sequential
    ? confidenceSequence(passes, runs, confidence)
    : [clopperPearson(passes, runs, confidence, 'lower')[0], clopperPearson(passes, runs, confidence, 'upper')[1]]
  const verdict = interval[0] >= passRate ? 'pass' : interval[1] < passRate ? 'fail' : 'inconclusive'
  return { verdict, passes, runs, rate: runs ? passes / runs : Number.NaN, interval }
}

/**
 * About how many runs in total would decide the verdict if the observed rate held, or undefined
 * when it cannot (the rate equals the threshold) or would take more than `limit`.
 */
export function runsToDecide(passes: number, runs: number, passRate: number, confidence = 0.95, sequential = true, limit = 10_000): number | undefined {
  if (runs === 0) return undefined
  const rate = passes / runs
  if (rate === passRate) return undefined
  for (let n = runs + 1; n <= limit; n = Math.ceil(n * 1.05 + 1)) {
    if (decidePassRate(Math.round(rate * n), n, passRate, confidence, sequential).verdict !== 'inconclusive') {
      // Refine downward linearly within the last step.
      let m = Math.max(runs + 1, Math.floor((n - 1) / 1.05))
      while (m < n && decidePassRate(Math.round(rate * m), m, passRate, confidence, sequential).verdict === 'inconclusive') m++
      return m
    }
  }
  return undefined
}
