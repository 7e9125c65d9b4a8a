import { designTrials, type TrialsDesign, type TrialsDesignOptions } from './group-sequential.js'
import { sequentialVerdict } from './sequential.js'

// Budget checks for trials(), so a test whose `runs` can never pass fails when it is defined,
// naming the budget that could, instead of running and reporting "inconclusive".

/**
 * The smallest budget at which an all-pass record can pass (with the same options otherwise):
 * no valid test passes before passRate^n ≤ α, and the design usually passes right there.
 */
export function minRunsToPass(passRate: number, confidence = 0.95, options: Omit<TrialsDesignOptions, 'maxRuns' | 'passRate' | 'confidence'> = {}): number {
  const floor = Math.max(1, Math.ceil(Math.log(1 - confidence) / Math.log(passRate - (options.margin ?? 0)) - 1e-9))
  for (let n = floor; ; n++) if (designTrials({ ...options, maxRuns: n, passRate, confidence }).canPass) return n
}

/**
 * Throws at definition time when a budget can never pass (or never fail: no record crosses the
 * fail boundary), naming the smallest budget that can; returns the design otherwise.
 */
export function assertTrialsBudget(options: TrialsDesignOptions): TrialsDesign {
  const design = designTrials(options)
  if (!design.canPass) {
    const { maxRuns, passRate, confidence = 0.95, ...rest } = options
    const needed = minRunsToPass(passRate, confidence, rest)
    throw new RangeError(`\`runs: ${maxRuns}\` can never pass \`passRate: ${passRate}\` at confidence ${confidence}: even ${maxRuns} passes out of ${maxRuns} are not enough evidence. Use \`runs: ${needed}\` or more, or lower \`passRate\` or \`confidence\`.`)
  }
  if (!design.canFail) {
    // Rare (a low passRate on a small budget): no record is evidence of a rate below passRate.
    let needed = options.maxRuns + 1
    while (!designTrials({ ...options, maxRuns: needed }).canFail) needed++
    throw new RangeError(`\`runs: ${options.maxRuns}\` can never fail \`passRate: ${options.passRate}\` at confidence ${options.confidence ?? 0.95}: even ${options.maxRuns} failures out of ${options.maxRuns} are not enough evidence. Use \`runs: ${needed}\` or more.`)
  }
  return design
}

/**
 * The smallest budget at which a record can pass under the anytime-valid bounds of
 * sequential.ts (`stopEarly: 'anytime'`), or undefined above `limit`.
 */
export function minRunsToPassAnytime(passRate: number, confidence = 0.95, limit = 100_000): number | undefined {
  const floor = Math.max(1, Math.ceil(Math.log(1 - confidence) / Math.log(passRate) - 1e-9))
  for (let n = floor; n <= limit; n++) if (sequentialVerdict(n, n, passRate, confidence) === 'pass') return n
  return undefined
}
