import { confidenceSequence, logEvidenceAbove } from './sequential.js'

/**
 * An anytime-valid rule for a canary's error rate, on cumulative counts.
 *
 * Why: the per-bucket rule ("roll back after `for` consecutive buckets whose interval is above
 * `max`") looks at each bucket alone, so it cannot see a rate that is 2× too high but noisy at 20
 * requests a bucket, and its false-alarm rate over a rollout depends on how many buckets there are.
 * Testing the cumulative counts after every bucket with a fixed-n interval would inflate the
 * error with every look. The mixture likelihood ratio of sequential.ts (the same one `trials()`
 * uses) is a nonnegative martingale under any error rate ≤ `max`, so by Ville's inequality the
 * chance that it ever reaches 1/α — after any number of buckets, steps and traffic changes — is at
 * most α: a healthy canary is rolled back with probability ≤ α over the whole rollout.
 */

/** The state of the error-rate rule after the counts so far. */
export interface ErrorRateCheck {
  /** True when the evidence that the error rate exceeds `maxRate` reached 1/α. */
  breach: boolean
  /** ln of the mixture likelihood ratio against "error rate ≤ maxRate". */
  logEvidence: number
  /** Anytime-valid one-sided bounds on the error rate at the confidence. */
  interval: [number, number]
}

/**
 * ln of the evidence that the error rate exceeds `maxRate` (the mixture likelihood ratio): roll
 * back when it reaches ln(1/α). The cheap part of {@link checkErrorRate}, for a check per bucket.
 */
export function errorRateEvidence(errors: number, requests: number, maxRate: number): number {
  if (!Number.isInteger(errors) || !Number.isInteger(requests) || errors < 0 || errors > requests) {
    throw new RangeError(`expected integers 0 ≤ errors ≤ requests, received ${errors} of ${requests}`)
  }
  if (!(maxRate > 0 && maxRate < 1)) throw new RangeError(`maxRate must be in (0, 1), received ${maxRate}`)
  return requests === 0 ? 0 : logEvidenceAbove(errors, requests - errors, maxRate)
}

/**
 * Checks cumulative `errors` of `requests` against `maxRate`: P(breach at any look | true error
 * rate ≤ maxRate) ≤ 1 − confidence, however often it is called as counts accumulate.
 */
export function checkErrorRate(errors: number, requests: number, maxRate: number, confidence = 0.95): ErrorRateCheck {
  const logEvidence = errorRateEvidence(errors, requests, maxRate)
  return {
    breach: logEvidence >= Math.log(1 / (1 - confidence)),
    logEvidence,
    interval: confidenceSequence(errors, requests, confidence),
  }
}
