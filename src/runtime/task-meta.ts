import type { RunnerTestCase } from 'vitest'
import { addCall, emptyTotals, type CallStats, type UsageTotals } from '../client/usage.js'

/** One judge verdict on a test case. */
export interface JudgementMeta {
  verdict: 'pass' | 'fail' | 'error'
  /** Per criterion: score, the minimum it needed and the judge's reason. */
  scores: Record<string, { score: number, threshold: number, reason: string }>
  model: string | undefined
  /** The error's message when `verdict` is `error`. */
  error?: string
}

/** What vitest-llm records on a test case for the reporter. */
export interface LlmCaseMeta {
  usage: { app: UsageTotals, judge: UsageTotals }
  judgements?: JudgementMeta[]
}

declare module 'vitest' {
  interface TaskMeta {
    llm?: LlmCaseMeta
  }
}

/** The case's vitest-llm meta, created on first use. */
export function caseMeta(task: RunnerTestCase): LlmCaseMeta {
  task.meta.llm ??= { usage: { app: emptyTotals(), judge: emptyTotals() } }
  return task.meta.llm
}

/** Adds a call to the case's usage (app and judge apart). */
export function recordCall(task: RunnerTestCase | undefined, call: CallStats): void {
  if (!task) return
  addCall(caseMeta(task).usage[call.role], call)
}
