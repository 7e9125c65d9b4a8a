import { decideTrials, trialsVerdict, type TrialsDesign } from '../stats/group-sequential.js'
import type { Interval } from '../stats/proportion.js'
import { decidePassRate, runsToDecide, sequentialVerdict } from '../stats/sequential.js'
import { assertTrialsBudget, minRunsToPass, minRunsToPassAnytime } from '../stats/trials-budget.js'
import { TrialsError } from './trials-error.js'

/**
 * What `trials()` decides, fixed when the test is defined: the budget, the statistical procedure
 * for its `stopEarly` mode, and the checks that reject a budget that can never decide. Kept apart
 * from the test loop so that the definition-time errors and the verdicts are testable without a
 * vitest run.
 */

/** The most runs `runs` defaults to: passRate 0.997 at confidence 0.95 needs 998; above, set `runs`. */
export const MAX_DEFAULT_RUNS = 1000

/** The statistical procedure of a `stopEarly` setting. */
export type TrialsMode = 'group-sequential' | 'fixed' | 'anytime'

/** The options `trials()` plans from (see `TrialsOptions`). */
export interface TrialsPlanOptions {
  runs?: number
  passRate: number
  confidence?: number
  stopEarly?: boolean | 'anytime'
  lookEvery?: number
  margin?: number
}

/** A final verdict with the numbers the title line and the report show. */
export interface TrialsOutcome {
  verdict: 'pass' | 'fail' | 'inconclusive'
  /** Why it stopped: a boundary, "can no longer pass", or the budget. */
  reason: string
  rate: number
  interval: Interval
}

/** The procedure of one `trials()` test. */
export interface TrialsPlan {
  runs: number
  mode: TrialsMode
  passRate: number
  confidence: number
  margin: number
  /** The exact design (group-sequential and fixed modes). */
  design?: TrialsDesign
  /** Whether the record so far (the first `runs` runs, in run order) ends the test. */
  stops: (passes: number, runs: number) => boolean
  /** The verdict when the test stopped after `runs` runs. */
  decide: (passes: number, runs: number) => TrialsOutcome
  /** About how many runs in total would likely decide, if the observed rate held. */
  runsToDecide: (passes: number, runs: number) => number | undefined
}

const modeOf = (stopEarly: boolean | 'anytime' | undefined): TrialsMode => (stopEarly === 'anytime' ? 'anytime' : stopEarly === false ? 'fixed' : 'group-sequential')

/** Plans a `trials()` test; throws a TrialsError naming the fix when it can never decide. */
export function planTrials(name: string, options: TrialsPlanOptions): TrialsPlan {
  const where = `trials(${JSON.stringify(name)})`
  const { passRate, confidence = 0.95, margin = 0, lookEvery = 1 } = options
  const mode = modeOf(options.stopEarly)
  if (!(passRate > 0 && passRate < 1)) throw new TrialsError(`${where}: passRate must be in (0, 1), received ${passRate}`)
  if (mode === 'anytime' && margin > 0) throw new TrialsError(`${where}: \`margin\` needs a known budget; use \`stopEarly: true\` or \`false\` with it, not 'anytime'`)
  try {
    const runs = options.runs ?? defaultRuns(where, mode, passRate, confidence, margin, lookEvery)
    if (mode === 'anytime') return anytimePlan(runs, passRate, confidence, lookEvery)
    // Fixed-n is the design with a single look at the budget: the exact (Clopper–Pearson) test.
    const design = assertTrialsBudget({ maxRuns: runs, passRate, confidence, margin, lookEvery: mode === 'fixed' ? runs : lookEvery })
    return {
      runs, mode, passRate, confidence, margin, design,
      stops: (passes, done) => (mode === 'fixed' ? done >= runs : trialsVerdict(design, passes, done).verdict !== 'continue'),
      decide: (passes, done) => {
        const decision = decideTrials(design, passes, done)
        // Only an infrastructure error stops a record that would continue: nothing was decided.
        const verdict = decision.verdict === 'continue' ? 'inconclusive' : decision.verdict
        return { verdict, reason: decision.reason, rate: done ? passes / done : Number.NaN, interval: decision.interval }
      },
      runsToDecide: (passes, done) => runsToDecide(passes, done, passRate, confidence, false),
    }
  }
  catch (error) {
    if (error instanceof RangeError) throw new TrialsError(`${where}: ${error.message}`)
    throw error
  }
}

function defaultRuns(where: string, mode: TrialsMode, passRate: number, confidence: number, margin: number, lookEvery: number): number {
  // No valid test passes before passRateⁿ ≤ α: checked first, so the cap costs no design.
  const floor = Math.ceil(Math.log(1 - confidence) / Math.log(passRate - margin) - 1e-9)
  const needed = floor > MAX_DEFAULT_RUNS
    ? floor
    : mode === 'anytime' ? minRunsToPassAnytime(passRate, confidence, MAX_DEFAULT_RUNS + 1) ?? MAX_DEFAULT_RUNS + 1 : minRunsToPass(passRate, confidence, { margin, lookEvery: mode === 'fixed' ? undefined : lookEvery })
  if (needed > MAX_DEFAULT_RUNS) throw new TrialsError(`${where}: \`passRate: ${passRate}\` at confidence ${confidence} needs at least ${needed} runs to ever pass, more than the default allows (${MAX_DEFAULT_RUNS}); set \`runs\` explicitly, or lower \`passRate\` or \`confidence\``)
  return needed
}

function anytimePlan(runs: number, passRate: number, confidence: number, lookEvery: number): TrialsPlan {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, received ${runs}`)
  if (!Number.isInteger(lookEvery) || lookEvery < 1) throw new RangeError(`lookEvery must be a positive integer, received ${lookEvery}`)
  if (sequentialVerdict(runs, runs, passRate, confidence) !== 'pass') {
    const needed = minRunsToPassAnytime(passRate, confidence)
    throw new RangeError(`\`runs: ${runs}\` can never pass \`passRate: ${passRate}\` at confidence ${confidence} with \`stopEarly: 'anytime'\`: even ${runs} passes out of ${runs} are not enough evidence. Use \`runs: ${needed}\` or more, or a known budget (\`stopEarly: true\`).`)
  }
  if (sequentialVerdict(0, runs, passRate, confidence) !== 'fail') {
    throw new RangeError(`\`runs: ${runs}\` can never fail \`passRate: ${passRate}\` at confidence ${confidence} with \`stopEarly: 'anytime'\`: even ${runs} failures out of ${runs} are not enough evidence.`)
  }
  return {
    runs, mode: 'anytime', passRate, confidence, margin: 0,
    stops: (passes, done) => done >= runs || (done % lookEvery === 0 && sequentialVerdict(passes, done, passRate, confidence) !== 'inconclusive'),
    decide: (passes, done) => {
      const decision = decidePassRate(passes, done, passRate, confidence, true)
      return { verdict: decision.verdict, reason: decision.verdict === 'inconclusive' ? 'budget-spent' : `${decision.verdict}-boundary`, rate: decision.rate, interval: decision.interval }
    },
    runsToDecide: (passes, done) => runsToDecide(passes, done, passRate, confidence, true),
  }
}
