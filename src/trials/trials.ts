import { createExpect, test, type ExpectStatic, type RunnerTestCase } from 'vitest'
import { VitestLlmError } from '../errors.js'
import { TrialsError } from './trials-error.js'
import { decidePassRate, runsToDecide, sequentialVerdict } from '../stats/sequential.js'
import { runInCase } from '../context/case-scope.js'
import { providedOptions } from '../context/worker-clients.js'
import { errorMessage } from '../util/error-message.js'
import { caseMeta } from '../context/case-meta.js'

export interface TrialsOptions {
  /** Most runs. @default 10 */
  runs?: number
  /** Required pass rate, in (0, 1). */
  passRate: number
  /** Confidence of the verdict. @default 0.95 */
  confidence?: number
  /** Stop as soon as the verdict is certain (anytime-valid bounds). @default true */
  stopEarly?: boolean
  /** Runs at once. @default 1 with `stopEarly` (each result can end the test), else `runs` */
  concurrency?: number
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
 * with the given confidence: pass when the lower bound ≥ `passRate`, fail when the upper bound
 * is below it, otherwise inconclusive (a failure that says how many runs would decide). The
 * result (`19/20 (95%, lower bound 81%)`) is annotated on the test and recorded for the report.
 *
 * @example
 * trials('refuses to give legal advice', { runs: 20, passRate: 0.9 }, async ({ expect }) => {
 *   expect((await complete('Can I sue my landlord?')).text).toContainAny(['lawyer', 'attorney'])
 * })
 */
export function trials(name: string, options: TrialsOptions, fn: (context: TrialContext) => unknown | Promise<unknown>): void {
  const runs = options.runs ?? 10
  const confidence = options.confidence ?? 0.95
  const stopEarly = options.stopEarly ?? true
  const batch = Math.max(1, options.concurrency ?? (stopEarly ? 1 : runs))
  if (!(options.passRate > 0 && options.passRate < 1)) throw new TrialsError(`trials(${JSON.stringify(name)}): passRate must be in (0, 1), received ${options.passRate}`)

  // Sequential runs may each take up to the client's timeout and retries: never cut them short.
  const client = providedOptions()
  const timeout = client ? runs * (client.retries + 1) * client.timeoutMs : undefined

  test(name, { timeout }, async ({ task, annotate }) => {
    const runner = task as RunnerTestCase
    let passed = 0
    let done = 0
    const failures: string[] = []
    let infrastructure: unknown
    while (done < runs && infrastructure === undefined) {
      const indices = Array.from({ length: Math.min(batch, runs - done) }, (_, i) => done + i)
      const outcomes = await Promise.all(indices.map(run => runInCase({ task: runner, trial: run }, async () => {
        try {
          await fn({ expect: createExpect(runner), run })
          return { ok: true as const }
        }
        catch (error) {
          return { ok: false as const, run, error }
        }
      })))
      for (const outcome of outcomes) {
        if (outcome.ok) passed++
        else if (isInfrastructure(outcome.error)) infrastructure ??= outcome.error
        else failures.push(`run ${outcome.run}: ${errorMessage(outcome.error).split('\n')[0]}`)
      }
      done += indices.length
      if (stopEarly) {
        if (sequentialVerdict(passed, done, options.passRate, confidence) !== 'inconclusive') break
      }
    }
    const decision = decidePassRate(passed, done, options.passRate, confidence, stopEarly)
    const stoppedEarly = done < runs && infrastructure === undefined
    const [lower, upper] = decision.interval
    const summary = `${passed}/${done} (${percent(decision.rate)}, lower bound ${percent(lower)})${stoppedEarly ? `, stopped early after ${done} of ${runs} runs` : ''}`
    caseMeta(runner).trials = {
      name,
      runs: done,
      passed,
      errors: infrastructure === undefined ? 0 : 1,
      passRate: decision.rate,
      required: options.passRate,
      confidence,
      interval: decision.interval,
      verdict: infrastructure === undefined ? decision.verdict : 'error',
      stoppedEarly,
    }
    await annotate(summary)
    if (infrastructure !== undefined) throw infrastructure
    const firstFailures = failures.length ? `\nFirst failures:\n${failures.slice(0, 3).map(f => `  ${f}`).join('\n')}` : ''
    const at = `at ${percent(confidence)} confidence`
    if (decision.verdict === 'fail') {
      throw new TrialsError(`trials ${summary}: the upper bound ${percent(upper)} is below the required ${percent(options.passRate)} ${at}${firstFailures}`)
    }
    if (decision.verdict === 'inconclusive') {
      const more = runsToDecide(passed, done, options.passRate, confidence, stopEarly)
      const hint = more === undefined
        ? 'the observed rate is too close to the required rate for more runs to settle it'
        : `about ${more - done} more runs (runs: ${more}) would likely decide it`
      throw new TrialsError(`trials ${summary}: inconclusive — [${percent(lower)}, ${percent(upper)}] contains the required ${percent(options.passRate)} ${at}; ${hint}${firstFailures}`)
    }
  })
}
