import type { MatcherState, RunnerTestCase, SyncMatcherResult } from 'vitest'
import { resolveCriteria, type CriteriaSpec } from './criteria.js'
import { JudgeError } from './judge-error.js'
import { VitestLlmError } from '../errors.js'
import { currentCase, inCaseOf } from '../context/case-scope.js'
import { requireOptions } from '../context/worker-clients.js'
import { judge } from './judge.js'
import { caseMeta } from '../context/case-meta.js'
import { requireString } from '../context/received-text.js'

/** Options of `toPassJudge`. */
export interface JudgeMatcherOptions {
  /** The input the output answers. */
  input?: string
  /** A known-good answer; the judge compares against it. */
  reference?: string
  /** Source material the output must be faithful to. */
  context?: string
  /** Minimum score (1–5) for criteria given without their own. @default 4 */
  threshold?: number
}

const trim = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text)

/**
 * `await expect(output).toPassJudge(criteria, { input?, reference?, context?, threshold? })`.
 * A judge error is thrown as the test's error — with or without `.not` it never passes.
 */
export async function toPassJudge(this: MatcherState, received: unknown, criteria: CriteriaSpec, options: JudgeMatcherOptions = {}): Promise<SyncMatcherResult> {
  const output = requireString(this, 'toPassJudge', received)
  // The matcher's `expect` knows its test (`context.expect` under `test.concurrent`): so does the judge call.
  return inCaseOf(this.task as RunnerTestCase | undefined, () => passJudge(output, criteria, options, this.isNot === true))
}

async function passJudge(output: string, criteria: CriteriaSpec, options: JudgeMatcherOptions, negated: boolean): Promise<SyncMatcherResult> {
  const config = requireOptions('toPassJudge')
  const { thresholds } = resolveCriteria(criteria, config.judge.criteria, options.threshold)
  const task = currentCase('toPassJudge')?.task
  let result
  try {
    result = await judge(output, { criteria, input: options.input, reference: options.reference, context: options.context })
  }
  catch (error) {
    if (task) (caseMeta(task).judgements ??= []).push({ verdict: 'error', scores: {}, model: config.judge.model, error: (error as Error).message })
    if (VitestLlmError.is(error) && error.code === 'E_JUDGE') throw error
    throw new JudgeError(`judge failed: ${(error as Error).message}`, { cause: error })
  }
  const rows = Object.entries(result.scores).map(([name, { score, reason }]) => ({ name, score, reason, threshold: thresholds[name]!, pass: score >= thresholds[name]! }))
  const pass = rows.every(row => row.pass)
  if (task) {
    // Under `.not` the verdict is the assertion's, and the scores stay out of the quality metrics.
    (caseMeta(task).judgements ??= []).push({
      verdict: pass !== negated ? 'pass' : 'fail',
      model: result.model,
      scores: Object.fromEntries(rows.map(r => [r.name, { score: r.score, threshold: r.threshold, reason: r.reason }])),
      ...(negated ? { negated: true as const } : {}),
    })
  }
  const width = Math.max(...rows.map(r => r.name.length))
  const table = rows.map(r => `  ${r.pass ? '✓' : '✗'} ${r.name.padEnd(width)}  ${r.score}/5 (min ${r.threshold})  ${r.reason}`).join('\n')
  const context = [
    options.input !== undefined ? `Input:     ${JSON.stringify(trim(options.input))}` : undefined,
    options.reference !== undefined ? `Reference: ${JSON.stringify(trim(options.reference))}` : undefined,
    `Output:    ${JSON.stringify(trim(output))}`,
  ].filter(Boolean).join('\n')
  const failing = rows.filter(r => !r.pass).length
  return {
    pass,
    message: () => pass
      ? `expected output not to pass the judge (${result.model}), but every criterion met its threshold:\n${table}\n\n${context}`
      : `expected output to pass the judge (${result.model}): ${failing} of ${rows.length} criteria below threshold\n${table}\n\n${context}`,
  }
}
