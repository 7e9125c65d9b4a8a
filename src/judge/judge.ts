import { resolveCriteria, type CriteriaSpec } from './criteria.js'
import type { JudgeScores } from './judge-schema.js'
import { comparePair, type PairwiseResult } from './pairwise.js'
import type { JudgeMode } from './run-judge.js'
import { scoreOutput, type ScoreSettings } from './score.js'
import { emptyTotals, addCall, type UsageTotals } from '../client/usage.js'
import { currentCase } from '../context/case-scope.js'
import { judgeClient, requireOptions } from '../context/worker-clients.js'
import { recordCall } from '../context/case-meta.js'

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

/** What `pairwise()` is given besides the two outputs. */
export interface PairwiseOptions {
  /** A rubric string, criterion names, or `{ name: minScore }`. */
  criteria: CriteriaSpec
  /** The input both outputs answer. */
  input?: string
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
  const scope = currentCase('the judge')
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
export async function pairwise(a: string, b: string, options: PairwiseOptions): Promise<PairwiseResult> {
  const { criteria } = resolveCriteria(options.criteria, requireOptions('pairwise()').judge.criteria)
  return comparePair(a, b, options.input, criteria, settings(emptyTotals()))
}
