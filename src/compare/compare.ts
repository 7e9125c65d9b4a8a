import { describe, test, type RunnerTestCase } from 'vitest'
import type { DepthLevel } from '../config/depth-levels.js'
import type { Uses } from '../depth/policy.js'
import { Semaphore } from '../client/semaphore.js'
import { caseMeta, recordDepth } from '../context/case-meta.js'
import { runInCase } from '../context/case-scope.js'
import { requireOptions } from '../context/worker-clients.js'
import type { GoldenExample } from '../golden/example-schema.js'
import { GoldenMissError } from '../golden/golden-miss-error.js'
import { checkWithJudge, outputText, recordGolden } from '../golden/golden-verdict.js'
import { selectByDepth } from '../golden/depth-selection.js'
import { loadInSuite } from '../golden/load-in-suite.js'
import type { SampleOptions } from '../golden/sample.js'
import type { CriteriaSpec } from '../judge/criteria.js'
import { errorMessage } from '../util/error-message.js'
import { contextLoader, variantList, type Variant, type VariantContext, type VariantTask } from './variants.js'

/** Options of {@link compare}: the golden loader's, plus the variants and the control. */
export interface CompareOptions<T = GoldenExample> {
  /** Golden files: globs relative to the project root. */
  files: string | string[]
  /** `{ name: task }`, or a list of `{ name, task, model?, prompt? }` (see `fromPrompts`, `fromModels`). */
  variants: Record<string, VariantTask<T>> | readonly Variant<T>[]
  /** The variant the others are compared with. */
  control: string
  /** Run a reproducible subset of the examples: the same ones for every variant. */
  sample?: SampleOptions
  /** Judge criteria for examples that have `expected` but no check of their own. @default ['accuracy', 'relevance'] */
  criteria?: CriteriaSpec
  /** A miss fails its own test. @default false: misses are left to the comparison and its gate */
  strict?: boolean
  /** Cases (example × variant) of this comparison running at once. @default the plugin's `concurrency` */
  concurrency?: number
  /** For change-aware depth: the prompt ids (or `{ rag: true }`) the variants exercise. @default every change touches it */
  uses?: Uses
  /** The level it runs at when a change touches it, instead of the policy's. */
  level?: DepthLevel
}

/**
 * Runs every example under every variant — one test per pair, named `name › variant › id`, run
 * concurrently under the same limits and checked like `golden()` (exact, must_contain, judge).
 * The report compares each variant with `control` on the same examples (paired): pass rate with
 * McNemar mid-p and Newcombe's interval, each criterion's score change, cost and latency ratios,
 * and a verdict — better, worse, or no detectable difference with the smallest difference the run
 * could have detected. Misses do not fail their tests unless `strict` (the comparison, and
 * `gate.compare` when set, decide); errors always do. Two variants that send identical requests
 * share their cached answers: same request, same answer.
 *
 * @example
 * compare('support prompts', {
 *   files: 'golden/support.jsonl',
 *   control: 'support',
 *   variants: fromPrompts(['prompts/support.prompt.yaml', 'prompts/support-worse.prompt.yaml'],
 *     (example, { prompt }) => complete(prompt!.request({ question: String(example.input) }))),
 * })
 */
export function compare<T extends GoldenExample = GoldenExample>(name: string, options: CompareOptions<T>): void {
  const variants = variantList(options.variants)
  const names = variants.map(v => v.name)
  const duplicate = names.find((n, i) => names.indexOf(n) !== i)
  if (duplicate !== undefined) throw new TypeError(`compare('${name}'): the variant name '${duplicate}' is used twice`)
  if (!names.includes(options.control)) throw new TypeError(`compare('${name}'): the control '${options.control}' is not one of the variants (${names.join(', ')})`)
  if (variants.length < 2) throw new TypeError(`compare('${name}'): needs at least two variants, received ${variants.length}`)

  describe(name, async () => {
    const config = requireOptions('compare()')
    const examples = await loadInSuite(options.files, config.root)
    if (!examples) return
    // Change-aware depth picks the examples, the same ones for every variant (paired).
    const { level, why, record: suiteRecord, skipReason } = selectByDepth(examples, options)
    const depth = { suite: name, level, why, record: suiteRecord }
    // One limit for the whole comparison, so every variant runs under the same conditions.
    const limit = new Semaphore(options.concurrency ?? config.concurrency)
    // Vitest builds a new chainable `test` on every `.concurrent` access: once, not per example.
    const concurrent = test.concurrent
    for (const variant of variants) {
      const context = contextLoader(variant, config.root)
      const run: Run<T> = { suite: name, variant: variant.name, control: options.control, task: variant.task, context, criteria: options.criteria, strict: options.strict ?? false }
      describe(variant.name, () => {
        for (const example of examples) {
          const skipped = skipReason(example.id)
          if (skipped) {
            test(example.id, ({ task, skip }) => {
              recordDepth(task as RunnerTestCase, depth, skipped)
              skip(skipped)
            })
            continue
          }
          concurrent(example.id, async ({ task, annotate }) => {
            const current = task as RunnerTestCase
            recordDepth(current, depth)
            record(current, example as T, run, { verdict: 'error', error: 'did not finish (timed out or interrupted)' })
            await limit.run(() => runInCase({ task: current, variant: run.variant }, () => runPair(example as T, run, current, annotate)))
          })
        }
      })
    }
  })
}

interface Run<T> {
  suite: string
  variant: string
  control: string
  task: VariantTask<T>
  context: () => Promise<VariantContext>
  criteria: CriteriaSpec | undefined
  strict: boolean
}

type Recorded = Parameters<typeof recordGolden>[3]

/** Records the golden verdict, with the variant, under the suite `name › variant`. */
function record<T extends GoldenExample>(task: RunnerTestCase, example: T, run: Run<T>, result: Recorded): void {
  recordGolden(task, example, `${run.suite} › ${run.variant}`, result)
  const golden = caseMeta(task).golden!
  golden.variant = run.variant
  golden.compare = { suite: run.suite, control: run.control }
}

async function runPair<T extends GoldenExample>(example: T, run: Run<T>, task: RunnerTestCase, annotate: (message: string, type?: string) => Promise<unknown>): Promise<void> {
  let output: string
  try {
    output = outputText(await run.task(example, await run.context()))
  }
  catch (error) {
    record(task, example, run, { verdict: 'error', error })
    throw new Error(`compare ${run.variant} › ${example.id}: the task threw: ${errorMessage(error)}`, { cause: error })
  }
  let outcome
  try {
    const checked = checkWithJudge(example, output, run.criteria)
    // Checks without the judge are synchronous: no await (a promise and a microtask per case).
    outcome = checked instanceof Promise ? await checked : checked
  }
  catch (error) {
    record(task, example, run, { verdict: 'error', output, error })
    throw error
  }
  record(task, example, run, { verdict: outcome.pass ? 'pass' : 'fail', outcome, output })
  if (outcome.pass) return
  const message = `compare ${run.variant} › ${example.id} (${example.source.file}:${example.source.line}) missed its ${outcome.kind} check: ${outcome.reason}`
  if (run.strict) throw new GoldenMissError(message)
  await annotate(`miss, left to the comparison: ${outcome.reason}`, 'warning')
}
