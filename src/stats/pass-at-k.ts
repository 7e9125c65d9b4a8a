import { logChoose } from './special.js'

function check(n: number, c: number, k: number): void {
  if (!(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`expected integers 0 ≤ correct ≤ samples and 1 ≤ k ≤ samples, received samples=${n}, correct=${c}, k=${k}`)
  }
}

/**
 * pass@k: the chance that at least one of k samples drawn from n (c of them correct) passes —
 * the unbiased estimator of Chen et al. (2021), 1 − C(n−c, k) / C(n, k).
 */
export function passAtK(samples: number, correct: number, k: number): number {
  check(samples, correct, k)
  if (samples - correct < k) return 1
  return 1 - Math.exp(logChoose(samples - correct, k) - logChoose(samples, k))
}

/**
 * pass^k: the chance that all k samples drawn from n pass — reliability rather than luck
 * (Yao et al. 2024, τ-bench): C(c, k) / C(n, k).
 */
export function passHatK(samples: number, correct: number, k: number): number {
  check(samples, correct, k)
  if (correct < k) return 0
  return Math.exp(logChoose(correct, k) - logChoose(samples, k))
}
