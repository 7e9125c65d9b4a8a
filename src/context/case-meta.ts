import type { RunnerTestCase } from 'vitest'
import { addCall, emptyTotals, type CallStats, type UsageTotals } from '../client/usage.js'
import type { DepthLevel } from '../config/depth-levels.js'
import type { SuiteRecord } from '../depth/records.js'

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
  /** The model that judged it, for judge checks. */
  judgeModel?: string
  /** The example's input (JSON for template variables), trimmed to `EVIDENCE_LIMIT` characters. */
  input?: string
  /** The expected answer or exact match, trimmed likewise. */
  expected?: string
  /** The output, trimmed likewise. */
  output?: string
  tags: string[]
  weight: number
  /** Under `compare()`: the variant that produced the output (`suite` is then `name › variant`). */
  variant?: string
  /** Under `compare()`: its name and control variant. */
  compare?: { suite: string, control: string }
}

/** How many characters of an input, expected value or output the report keeps per case. */
export const EVIDENCE_LIMIT = 2000

/** Text trimmed to `EVIDENCE_LIMIT`, saying how long it was. */
export function evidence(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= EVIDENCE_LIMIT) return text
  return `${text.slice(0, EVIDENCE_LIMIT)}… (${text.length} characters)`
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
  /**
   * The sequential path to the verdict: after each counted run (at most ~100 points), the
   * passes so far and the anytime-valid bounds — what the HTML report draws.
   */
  path?: TrialsStep[]
}

/** One point of a `trials()` test's path: runs so far, passes, and the anytime-valid bounds. */
export interface TrialsStep {
  runs: number
  passed: number
  lower: number
  upper: number
}

/** What vitest-llm records on a test case for the reporter. */
export interface LlmCaseMeta {
  usage: { app: UsageTotals, judge: UsageTotals }
  /** LLM calls of this case that failed for good (after retries): infrastructure errors. */
  errors?: string[]
  /** Something that kept the case from running at all, e.g. a golden file that failed to load. */
  failure?: { kind: 'load', message: string }
  /** Change-aware depth: the suite's record, the level it ran at and why, and why depth skipped this case. */
  depth?: { suite?: string, level: DepthLevel, why: string, record: SuiteRecord, skipped?: string }
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

/** Notes an LLM call of the case that failed for good, so the report counts it as an error. */
export function recordCallError(task: RunnerTestCase | undefined, message: string): void {
  if (!task) return
  ;(caseMeta(task).errors ??= []).push(message)
}

/** Adds a call to the case's usage (app and judge apart). */
export function recordCall(task: RunnerTestCase | undefined, call: CallStats): void {
  if (!task) return
  addCall(caseMeta(task).usage[call.role], call)
}
