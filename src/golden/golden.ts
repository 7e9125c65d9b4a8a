import { describe, test, type RunnerTestCase } from 'vitest'
import type { DepthLevel } from '../config/depth-levels.js'
import type { Uses } from '../depth/policy.js'
import type { CriteriaSpec } from '../judge/criteria.js'
import type { GoldenExample } from './example-schema.js'
import { selectByDepth } from './depth-selection.js'
import { loadInSuite } from './load-in-suite.js'
import type { SampleOptions } from './sample.js'
import { Semaphore } from '../client/semaphore.js'
import { GoldenMissError } from './golden-miss-error.js'
import { recordDepth } from '../context/case-meta.js'
import { runInCase } from '../context/case-scope.js'
import { requireOptions } from '../context/worker-clients.js'
import { errorMessage } from '../util/error-message.js'
import { checkWithJudge, outputText, recordGolden } from './golden-verdict.js'

export interface GoldenOptions<T = GoldenExample> {
  /** Golden files: globs relative to the project root. */
  files: string | string[]
  /** Produces the output for an example: a string, a `complete()` reply, or any value (JSON). */
  task: (example: T) => unknown | Promise<unknown>
  /** Run a reproducible subset (seed stage 4). */
  sample?: SampleOptions
  /** Judge criteria for examples that have `expected` but no check of their own. @default ['accuracy', 'relevance'] */
  criteria?: CriteriaSpec
  /** A miss fails its own test even when `gate.goldenPassRate` is set. @default false */
  strict?: boolean
  /** Examples of this set running at once (each runs its task and check). @default the plugin's `concurrency` */
  concurrency?: number
  /**
   * For change-aware depth: the prompt ids (or prompt config paths) this set exercises, and
   * `{ rag: true }` when it reads the retrieval data. A set whose inputs no change touches runs
   * at `smoke`. @default every change touches it
   */
  uses?: Uses
  /** The level this set runs at when a change touches it, instead of the policy's. */
  level?: DepthLevel
}

/**
 * One test per golden example, named by its id, run concurrently. Each runs `task(example)` and
 * the example's check; the verdict goes to the gate. With `gate.goldenPassRate` set a miss is
 * annotated and the gate decides; otherwise (or with `strict`) a miss fails its test. An error
 * (the task threw, the judge failed) always fails its test and is counted as an error.
 *
 * @example
 * golden('support answers', { files: 'golden/support.jsonl', task: e => answer(e.input) })
 */
export function golden(name: string, options: GoldenOptions): void {
  describe(name, async () => {
    const config = requireOptions('golden()')
    const examples = await loadInSuite(options.files, config.root)
    if (!examples) return
    // Change-aware depth: which examples this run needs, from the level of this set.
    const { level, why, record, skipReason } = selectByDepth(examples, options)
    const depth = { suite: name, level, why, record }
    const soft = !options.strict && config.gate?.goldenPassRate !== undefined
    // Vitest's maxConcurrency bounds all concurrent tests; this bounds this set's examples.
    const limit = new Semaphore(options.concurrency ?? config.concurrency)
    // Vitest builds a new chainable `test` on every `.concurrent` access: once per set, not per example.
    const concurrent = test.concurrent
    for (const example of examples) {
      const skipped = skipReason(example.id)
      if (skipped) {
        // Skipped at run time (not `test.skip`) so the report learns why: sampling or depth.
        test(example.id, ({ task, skip }) => {
          recordDepth(task as RunnerTestCase, depth, skipped)
          skip(skipped)
        })
        continue
      }
      concurrent(example.id, async ({ task, annotate }) => {
        recordDepth(task as RunnerTestCase, depth)
        // Until a verdict replaces it: a case cut short (timeout, interrupt) is an error, never missing.
        recordGolden(task as RunnerTestCase, example, name, { verdict: 'error', error: 'did not finish (timed out or interrupted)' })
        await limit.run(() => runInCase({ task: task as RunnerTestCase }, () => runExample(example, name, options, soft, task as RunnerTestCase, annotate)))
      })
    }
  })
}

async function runExample(example: GoldenExample, suite: string, options: GoldenOptions, soft: boolean, task: RunnerTestCase, annotate: (message: string, type?: string) => Promise<unknown>): Promise<void> {
  let output: string
  try {
    output = outputText(await options.task(example))
  }
  catch (error) {
    recordGolden(task, example, suite, { verdict: 'error', error })
    throw new Error(`golden ${example.id}: the task threw: ${errorMessage(error)}`, { cause: error })
  }
  let outcome
  try {
    const checked = checkWithJudge(example, output, options.criteria)
    // Checks without the judge are synchronous: no await (a promise and a microtask per case).
    outcome = checked instanceof Promise ? await checked : checked
  }
  catch (error) {
    recordGolden(task, example, suite, { verdict: 'error', output, error })
    throw error
  }
  recordGolden(task, example, suite, { verdict: outcome.pass ? 'pass' : 'fail', outcome, output })
  if (outcome.pass) return
  const message = `golden ${example.id} (${example.source.file}:${example.source.line}) missed its ${outcome.kind} check: ${outcome.reason}`
  // A warning annotation: marked in Vitest's verbose tree and as a GitHub Actions warning.
  if (soft) await annotate(`miss, left to the gate: ${outcome.reason}`, 'warning')
  else throw new GoldenMissError(message)
}
