import type { RunnerTestCase } from 'vitest'
import { resolveCriteria, type CriteriaSpec } from '../judge/criteria.js'
import { checkExample, type CheckOutcome } from './check.js'
import type { GoldenExample } from './example-schema.js'
import { errorMessage } from '../util/error-message.js'
import { requireOptions } from '../context/worker-clients.js'
import { judge } from '../judge/judge.js'
import { caseMeta, evidence, type GoldenCaseMeta } from '../context/case-meta.js'

/** Runs the example's check on an output, with the judge from the plugin's options (synchronous without one). */
export function checkWithJudge(example: GoldenExample, output: string, defaultCriteria?: CriteriaSpec): CheckOutcome | Promise<CheckOutcome & { judgeModel?: string }> {
  let judgeModel: string | undefined
  const outcome = checkExample(example, output, defaultCriteria, async (text, criteria, reference, input) => {
    const { thresholds } = resolveCriteria(criteria, requireOptions('the golden judge check').judge.criteria)
    const { scores, model } = await judge(text, { criteria, reference, input })
    judgeModel = model
    return Object.fromEntries(Object.entries(scores).map(([name, s]) => [name, { ...s, threshold: thresholds[name]! }]))
  })
  if (!(outcome instanceof Promise)) return outcome
  return outcome.then(judged => (judgeModel ? { ...judged, judgeModel } : judged))
}

/** Records a golden verdict on the test case for the gate. */
export function recordGolden(task: RunnerTestCase | undefined, example: GoldenExample, suite: string, result: { verdict: GoldenCaseMeta['verdict'], outcome?: CheckOutcome & { judgeModel?: string }, output?: string, error?: unknown }): void {
  if (!task) return
  const golden: GoldenCaseMeta = {
    id: example.id,
    suite,
    source: `${example.source.file}:${example.source.line}`,
    verdict: result.verdict,
    check: result.outcome?.kind ?? intendedCheck(example),
  }
  // Fields set only when there is something to say: the meta of every case travels from the
  // worker to the main process, and an absent field costs nothing there.
  const reason = result.error !== undefined ? errorMessage(result.error) : result.outcome?.reason
  const expected = evidence(typeof example.exact_match === 'string' ? example.exact_match : example.expected)
  const output = evidence(result.output)
  if (example.tags?.length) golden.tags = example.tags
  if (example.weight !== undefined && example.weight !== 1) golden.weight = example.weight
  if (result.outcome?.scores) golden.scores = result.outcome.scores
  if (result.outcome?.judgeModel) golden.judgeModel = result.outcome.judgeModel
  if (reason !== undefined) golden.reason = reason
  golden.input = evidence(typeof example.input === 'string' ? example.input : JSON.stringify(example.input))
  if (expected !== undefined) golden.expected = expected
  if (output !== undefined) golden.output = output
  const meta = caseMeta(task)
  const first = meta.golden
  // Each example a test checks is a case of its own; checking one again replaces its verdict.
  if (!first || sameExample(first, golden)) {
    meta.golden = golden
    return
  }
  const others = meta.otherGolden ??= []
  const at = others.findIndex(other => sameExample(other, golden))
  if (at < 0) others.push(golden)
  else others[at] = golden
}

const sameExample = (a: GoldenCaseMeta, b: GoldenCaseMeta) => a.id === b.id && a.suite === b.suite

/** The check an example asks for, known before it runs (for cases that error before checking). */
function intendedCheck(example: GoldenExample): GoldenCaseMeta['check'] {
  if (example.exact_match !== undefined) return 'exact'
  if (example.must_contain || example.must_not_contain) return 'contains'
  return 'judge'
}

/** A task's result as text: a string, a `complete()` reply, or JSON of anything else. */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output
  if (output && typeof output === 'object' && typeof (output as { text?: unknown }).text === 'string') return (output as { text: string }).text
  return JSON.stringify(output)
}
