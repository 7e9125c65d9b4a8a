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

/** The verdict of a golden example. */
export interface GoldenCaseMeta {
  id: string
  /** The `golden()` name, or the suite of a hand-written loop. */
  suite: string
  /** The golden file and line the example came from. */
  source: string
  verdict: 'pass' | 'fail' | 'error'
  check: 'exact' | 'contains' | 'judge' | undefined
  scores?: Record<string, { score: number, threshold: number, reason: string }>
  reason?: string
  /** The output, trimmed to 500 characters. */
  output?: string
  tags: string[]
  weight: number
}

/** The result of a `trials()` test. */
export interface TrialsMeta {
  name: string
  runs: number
  passed: number
  errors: number
  passRate: number
  required: number
  confidence: number
  interval: [number, number]
  verdict: 'pass' | 'fail' | 'inconclusive' | 'error'
  stoppedEarly: boolean
}

/** What vitest-llm records on a test case for the reporter. */
export interface LlmCaseMeta {
  usage: { app: UsageTotals, judge: UsageTotals }
  judgements?: JudgementMeta[]
  golden?: GoldenCaseMeta
  trials?: TrialsMeta
}

declare module 'vitest' {
  interface TaskMeta {
    llm?: LlmCaseMeta
    /** On a test file: the golden sets and prompt configs it read (absolute paths), for watch mode. */
    llmDependencies?: string[]
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
