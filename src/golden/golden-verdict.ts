import type { RunnerTestCase } from 'vitest'
import { resolveCriteria, type CriteriaSpec } from '../judge/criteria.js'
import { checkExample, type CheckOutcome } from './check.js'
import type { GoldenExample } from './example-schema.js'
import { errorMessage } from '../util/error-message.js'
import { requireOptions } from '../context/worker-clients.js'
import { judge } from '../judge/judge.js'
import { caseMeta, evidence, type GoldenCaseMeta } from '../context/case-meta.js'

/** Runs the example's check on an output, with the judge from the plugin's options. */
export async function checkWithJudge(example: GoldenExample, output: string, defaultCriteria?: CriteriaSpec): Promise<CheckOutcome & { judgeModel?: string }> {
  let judgeModel: string | undefined
  const outcome = await checkExample(example, output, defaultCriteria, async (text, criteria, reference, input) => {
    const { thresholds } = resolveCriteria(criteria, requireOptions('the golden judge check').judge.criteria)
    const { scores, model } = await judge(text, { criteria, reference, input })
    judgeModel = model
    return Object.fromEntries(Object.entries(scores).map(([name, s]) => [name, { ...s, threshold: thresholds[name]! }]))
  })
  return judgeModel ? { ...outcome, judgeModel } : outcome
}

/** Records a golden verdict on the test case for the gate. */
export function recordGolden(task: RunnerTestCase | undefined, example: GoldenExample, suite: string, result: { verdict: GoldenCaseMeta['verdict'], outcome?: CheckOutcome & { judgeModel?: string }, output?: string, error?: unknown }): void {
  if (!task) return
  caseMeta(task).golden = {
    id: example.id,
    suite,
    source: `${example.source.file}:${example.source.line}`,
    verdict: result.verdict,
    check: result.outcome?.kind ?? intendedCheck(example),
    scores: result.outcome?.scores,
    ...(result.outcome?.judgeModel ? { judgeModel: result.outcome.judgeModel } : {}),
    reason: result.error !== undefined ? errorMessage(result.error) : result.outcome?.reason,
    input: evidence(typeof example.input === 'string' ? example.input : JSON.stringify(example.input)),
    expected: evidence(typeof example.exact_match === 'string' ? example.exact_match : example.expected),
    output: evidence(result.output),
    tags: example.tags ?? [],
    weight: example.weight ?? 1,
  }
}


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
