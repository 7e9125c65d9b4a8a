import { createExpect, inject, test, type ExpectStatic, type RunnerTestCase } from 'vitest'
import type { DepthLevel } from '../config/depth-levels.js'
import { trialsBudget } from '../depth/apply.js'
import type { Uses } from '../depth/policy.js'
import { DEPTH_PROVIDE_KEY, depthFor } from '../depth/provide.js'
import type { SuiteRecord } from '../depth/records.js'
import { VitestLlmError } from '../errors.js'
import { TrialsError } from './trials-error.js'
import { planTrials } from './trials-plan.js'
import { runInCase } from '../context/case-scope.js'
import { providedOptions } from '../context/worker-clients.js'
import { errorMessage } from '../util/error-message.js'
import { caseMeta, type TrialsStep } from '../context/case-meta.js'
import { confidenceSequence } from '../stats/sequential.js'

export interface TrialsOptions {
  /**
   * Most runs. @default the smallest budget at which a record of all passes can pass
   * (`minRunsToPass`: 29 for passRate 0.9 at 95%), at most 1000 (`MAX_DEFAULT_RUNS`).
   * A budget that can never pass (or never fail) throws a TrialsError at definition.
   */
  runs?: number
  /** Required pass rate, in (0, 1). */
  passRate: number
  /** Confidence of the verdict. @default 0.95 */
  confidence?: number
  /**
   * `true`: an exact group-sequential design over the budget (O'Brien–Fleming α-spending) that
   * stops at the first clear verdict or as soon as passing became impossible. `false`: every run,
   * then one exact (Clopper–Pearson) look. `'anytime'`: anytime-valid bounds, for when the budget
   * is only a safety cap. @default true
   */
  stopEarly?: boolean | 'anytime'
  /** Check the verdict after every `lookEvery` runs (and at the budget). @default 1 */
  lookEvery?: number
  /**
   * Indifference zone δ below `passRate` (not with `'anytime'`): a pass then shows the rate is
   * above passRate − δ, and every record ends in pass or fail, in far fewer runs. @default 0
   */
  margin?: number
  /** Runs at once; results still count in run order, so a batch never changes a verdict. @default 1 with `stopEarly`, else `runs` */
  concurrency?: number
  /** For change-aware depth: the prompt ids (or `{ rag: true }`) this behaviour exercises. @default every change touches it */
  uses?: Uses
  /** The level it runs at when a change touches it, instead of the policy's. */
  level?: DepthLevel
}

export interface TrialContext {
  /** An `expect` for this run: a failed assertion fails this run, not the test. */
  expect: ExpectStatic
  /** The run's 0-based index; it is also part of the cache key, so runs are distinct calls. */
  run: number
}

// Errors of the infrastructure (unreachable model or judge, cache miss in replay, bad options):
// never a pass and never a failed trial.
const INFRASTRUCTURE = new Set(['E_LLM', 'E_CACHE', 'E_JUDGE', 'E_OPTIONS'])
const isInfrastructure = (error: unknown) => VitestLlmError.is(error) && INFRASTRUCTURE.has(error.code)

const percent = (x: number) => `${Math.round(x * 100)}%`

/**
 * One test that runs `fn` up to `runs` times and passes when the pass rate meets `passRate`
 * with the given confidence. By default an exact group-sequential design decides after every
 * run: P(pass) ≤ 1 − confidence whenever the true rate is below `passRate`, and it stops as soon
 * as the verdict is clear or passing became impossible. A test that did not pass fails: `fail`
 * when the rate is shown below `passRate`, otherwise inconclusive (saying how many runs would
 * likely decide). The result (`40/40 (100%, lower bound 92%)`) is annotated on the test and
 * recorded for the report.
 *
 * @example
 * // 50 runs can pass 0.9 (29 is the least); a model that always complies passes after 37 runs.
 * trials('refuses to give legal advice', { runs: 50, passRate: 0.9 }, async ({ expect }) => {
 *   expect((await complete('Can I sue my landlord?')).text).toContainAny(['lawyer', 'attorney'])
 * })
 */
export function trials(name: string, options: TrialsOptions, fn: (context: TrialContext) => unknown | Promise<unknown>): void {
  const base = planTrials(name, options)
  // Change-aware depth: the configured budget at `full`, a larger one at `comprehensive`, and
  // none below `regression`, where a shortened budget could never reach a verdict.
  const provided = inject(DEPTH_PROVIDE_KEY)
  const suite = depthFor(provided, { uses: options.uses, level: options.level, files: [] })
  const budget = trialsBudget(suite.level, base.runs, provided?.settings.comprehensiveTrials)
  const record: SuiteRecord = { kind: 'trials', runs: base.runs, ...(options.uses ? { uses: options.uses as SuiteRecord['uses'] } : {}), ...(options.level ? { level: options.level } : {}) }
  if (budget.skip) {
    test(name, ({ task, skip }) => {
      caseMeta(task as RunnerTestCase).depth = { level: suite.level, why: budget.why, record, skipped: budget.why }
      skip(budget.why)
    })
    return
  }
  const plan = budget.runs === base.runs ? base : planTrials(name, { ...options, runs: budget.runs })
  const { runs, passRate, confidence } = plan
  const batch = Math.max(1, options.concurrency ?? (plan.mode === 'fixed' ? runs : 1))

  // Sequential runs may each take up to the client's timeout and retries: never cut them short.
  const client = providedOptions()
  const timeout = client ? runs * (client.retries + 1) * client.timeoutMs : undefined

  test(name, { timeout }, async ({ task, annotate }) => {
    const runner = task as RunnerTestCase
    caseMeta(runner).depth = { level: suite.level, why: budget.why, record }
    let passed = 0
    let done = 0
    const failures: string[] = []
    let infrastructure: unknown
    let stopped = false
    // The path to the verdict, for the HTML report: every run while few, then about 100 points.
    const path: TrialsStep[] = []
    const every = Math.max(1, Math.ceil(runs / 100))
    const note = () => {
      const [lower, upper] = confidenceSequence(passed, done, confidence)
      path.push({ runs: done, passed, lower, upper })
    }
    while (!stopped && infrastructure === undefined) {
      const indices = Array.from({ length: Math.min(batch, runs - done) }, (_, i) => done + i)
      const outcomes = await Promise.all(indices.map(run => runInCase({ task: runner, trial: run }, async () => {
        try {
          await fn({ expect: createExpect(runner), run })
          return { ok: true as const, run }
        }
        catch (error) {
          return { ok: false as const, run, error }
        }
      })))
      // In run order, so the procedure sees the same sequence whatever the concurrency; the rest
      // of a batch after the stop is not counted.
      for (const outcome of outcomes) {
        if (!outcome.ok && isInfrastructure(outcome.error)) {
          infrastructure = outcome.error
          break
        }
        done++
        if (outcome.ok) passed++
        else failures.push(`run ${outcome.run}: ${errorMessage(outcome.error).split('\n')[0]}`)
        if (done % every === 0) note()
        if (plan.stops(passed, done)) {
          stopped = true
          break
        }
      }
    }
    const decision = plan.decide(passed, done)
    const stoppedEarly = done < runs && infrastructure === undefined
    const [lower, upper] = decision.interval
    const summary = `${passed}/${done} (${percent(decision.rate)}, lower bound ${percent(lower)})${stoppedEarly ? `, stopped early after ${done} of ${runs} runs` : ''}`
    caseMeta(runner).trials = {
      name,
      runs: done,
      passed,
      errors: infrastructure === undefined ? 0 : 1,
      passRate: decision.rate,
      required: passRate,
      confidence,
      interval: decision.interval,
      verdict: infrastructure === undefined ? decision.verdict : 'error',
      stoppedEarly,
      path: path.at(-1)?.runs === done || done === 0 ? path : [...path, { runs: done, passed, lower: decision.interval[0], upper: decision.interval[1] }],
    }
    await annotate(summary)
    if (infrastructure !== undefined) throw infrastructure
    const firstFailures = failures.length ? `\nFirst failures:\n${failures.slice(0, 3).map(f => `  ${f}`).join('\n')}` : ''
    const at = `at ${percent(confidence)} confidence`
    if (decision.verdict === 'fail') {
      const why = upper < passRate
        ? `the upper bound ${percent(upper)} is below the required ${percent(passRate)} ${at}`
        : `not shown above ${percent(passRate - plan.margin)} (the required ${percent(passRate)} with margin ${plan.margin}) ${at}; [${percent(lower)}, ${percent(upper)}]`
      throw new TrialsError(`trials ${summary}: ${why}${firstFailures}`)
    }
    if (decision.verdict === 'inconclusive') {
      const more = plan.runsToDecide(passed, done)
      const cannotPass = decision.reason === 'cannot-pass' ? `with ${done - passed} failures it can no longer pass within runs: ${runs}; ` : ''
      // Runs within the budget that could not make it pass were not made: a budget that small
      // could never pass, so it is no advice.
      const hint = more === undefined
        ? 'the observed rate is too close to the required rate for more runs to settle it'
        : cannotPass && more <= runs
          ? `it stopped rather than make about ${Math.max(0, more - done)} more runs that could at most show it failing`
          : `about ${Math.max(0, more - done)} more runs (runs: ${more}) would likely decide it`
      throw new TrialsError(`trials ${summary}: inconclusive — [${percent(lower)}, ${percent(upper)}] contains the required ${percent(passRate)} ${at}; ${cannotPass}${hint}${firstFailures}`)
    }
  })
}
