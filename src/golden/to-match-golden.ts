import type { MatcherState, RunnerTestCase, SyncMatcherResult } from 'vitest'
import type { GoldenExample } from './example-schema.js'
import { currentCase, inCaseOf } from '../context/case-scope.js'
import { checkWithJudge, outputText, recordGolden } from './golden-verdict.js'

/**
 * `await expect(output).toMatchGolden(example)`: the example's own check (exact, phrases or
 * judge). The verdict is recorded for the gate; a judge error fails the test as an error.
 * Under `.not` nothing is recorded: an output meant to miss says nothing of the app's quality.
 */
export async function toMatchGolden(this: MatcherState, received: unknown, example: GoldenExample): Promise<SyncMatcherResult> {
  // The matcher's `expect` knows its test (`context.expect` under `test.concurrent`): so does its judge call.
  return inCaseOf(this.task as RunnerTestCase | undefined, () => matchGolden(outputText(received), example, !this.isNot))
}

async function matchGolden(output: string, example: GoldenExample, record: boolean): Promise<SyncMatcherResult> {
  const task = record ? currentCase('toMatchGolden')?.task : undefined
  const suite = task?.suite?.name ?? task?.file?.name ?? ''
  let outcome
  try {
    outcome = await checkWithJudge(example, output)
  }
  catch (error) {
    recordGolden(task, example, suite, { verdict: 'error', output, error })
    throw error
  }
  recordGolden(task, example, suite, { verdict: outcome.pass ? 'pass' : 'fail', outcome, output })
  return {
    pass: outcome.pass,
    message: () => outcome.pass
      ? `expected output not to match golden ${example.id} (${outcome.kind} check), but it does`
      : `expected output to match golden ${example.id} (${example.source.file}:${example.source.line}), ${outcome.kind} check: ${outcome.reason}`,
  }
}
