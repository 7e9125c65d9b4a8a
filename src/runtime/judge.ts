import { resolveCriteria, type CriteriaSpec } from '../judge/criteria.js'
import type { JudgeScores } from '../judge/judge-schema.js'
import { comparePair, type PairwiseResult } from '../judge/pairwise.js'
import type { JudgeMode } from '../judge/run-judge.js'
import { scoreOutput, type ScoreSettings } from '../judge/score.js'
import { emptyTotals, addCall, type UsageTotals } from '../client/usage.js'
import { currentCase } from './case-scope.js'
import { judgeClient, requireOptions } from './default-client.js'
import { recordCall } from './task-meta.js'

/** What `judge()` is given besides the output. */
export interface JudgeOptions {
  /** A rubric string, criterion names, or `{ name: minScore }`. */
  criteria: CriteriaSpec
  /** The input the output answers. */
  input?: string
  /** A known-good answer to compare against. */
  reference?: string
  /** Source material the output must be faithful to (for `faithfulness`). */
  context?: string
}

export interface JudgeResult {
  scores: JudgeScores
  model: string
  /** The judge's own usage, apart from the application's. */
  usage: UsageTotals
}

// The structured-output mode an endpoint accepted, kept for the worker's lifetime.
const state: { mode: JudgeMode } = { mode: 'json_schema' }

function settings(usage: UsageTotals): ScoreSettings {
  const options = requireOptions('the judge')
  const scope = currentCase()
  return {
    client: judgeClient(),
    model: options.judge.model,
    temperature: options.judge.temperature,
    trial: scope?.trial,
    caseName: scope?.task.name,
    state,
    onCall: (stats) => {
      addCall(usage, stats)
      recordCall(scope?.task, stats)
    },
  }
}

/**
 * Scores an output on every criterion 1–5 with a reason, in one judge call. Throws `JudgeError`
 * when the judge cannot be reached or its reply stays invalid after one re-ask.
 *
 * @example
 * const { scores } = await judge(reply.text, { criteria: ['relevance', 'accuracy'], input: question, reference })
 */
export async function judge(output: string, options: JudgeOptions): Promise<JudgeResult> {
  const { criteria } = resolveCriteria(options.criteria, requireOptions('judge()').judge.criteria)
  const usage = emptyTotals()
  const { scores, model } = await scoreOutput({ output, input: options.input, reference: options.reference, context: options.context }, criteria, settings(usage))
  return { scores, model, usage }
}

/**
 * Which of two outputs is better, judged twice with their positions swapped; when the two
 * orders disagree the result is a tie.
 */
export async function pairwise(a: string, b: string, options: { criteria: CriteriaSpec, input?: string }): Promise<PairwiseResult> {
  const { criteria } = resolveCriteria(options.criteria, requireOptions('pairwise()').judge.criteria)
  return comparePair(a, b, options.input, criteria, settings(emptyTotals()))
}
