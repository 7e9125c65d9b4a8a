import type { RunnerTestCase } from 'vitest'
import { addCall, type CallStats, type UsageTotals } from '../client/usage.js'
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
  /**
   * Under `.not`: the output was meant to fail the judge, so `verdict` is the assertion's (pass
   * when the judge failed it) and its scores measure a deliberately bad output, not the app.
   */
  negated?: true
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
  /** The example's tags; left out when it has none. */
  tags?: string[]
  /** The example's weight; left out when it is 1. */
  weight?: number
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

/** Change-aware depth as a suite ran: its record, the level it ran at and why. */
export interface CaseDepth {
  /** The golden set's (or comparison's) name; trials are keyed by their case. */
  suite?: string
  level: DepthLevel
  why: string
  record: SuiteRecord
}

/**
 * What vitest-llm records on a test case for the reporter. Every case's meta travels from the
 * worker to the main process, so it says only what is there: no empty sums, nothing a whole
 * suite shares.
 */
export interface LlmCaseMeta {
  /** The case's LLM calls, app and judge apart: a role without calls, and a sum that stays 0, are left out. */
  usage?: { app?: Partial<UsageTotals>, judge?: Partial<UsageTotals> }
  /** LLM calls of this case that failed for good (after retries): infrastructure errors. */
  errors?: string[]
  /** Something that kept the case from running at all, e.g. a golden file that failed to load. */
  failure?: { kind: 'load', message: string }
  /** A `trials()` test's change-aware depth, and why depth skipped it. */
  depth?: CaseDepth & { skipped?: string }
  /** A golden or compared example that sampling or depth skipped: why (its suite's `llmDepth` says the rest). */
  skipped?: string
  judgements?: JudgementMeta[]
  golden?: GoldenCaseMeta
  /** Examples after the first that the same test checked (a hand-written loop in one test). */
  otherGolden?: GoldenCaseMeta[]
  trials?: TrialsMeta
}

declare module 'vitest' {
  interface TaskMeta {
    llm?: LlmCaseMeta
    /** On a `golden()` or `compare()` suite: the depth its cases ran at, once for all of them. */
    llmDepth?: CaseDepth
    /** On a test file: the golden sets and prompt configs it read (absolute paths), for watch mode. */
    llmDependencies?: string[]
  }
}

/** The case's vitest-llm meta, created on first use. */
export function caseMeta(task: RunnerTestCase): LlmCaseMeta {
  return task.meta.llm ??= {}
}

/**
 * Records the depth a golden or compared example ran at: on its suite, once for every case of
 * the set (each case's meta travels to the main process), and on the case, when sampling or
 * depth skipped it, why.
 */
export function recordDepth(task: RunnerTestCase, depth: CaseDepth, skipped?: string): void {
  if (!task.suite) {
    caseMeta(task).depth = skipped === undefined ? depth : { ...depth, skipped }
    return
  }
  task.suite.meta.llmDepth ??= depth
  if (skipped !== undefined) caseMeta(task).skipped = skipped
}

/** Notes an LLM call of the case that failed for good, so the report counts it as an error. */
export function recordCallError(task: RunnerTestCase | undefined, message: string): void {
  if (!task) return
  ;(caseMeta(task).errors ??= []).push(message)
}

/** Adds a call to the case's usage (app and judge apart). */
export function recordCall(task: RunnerTestCase | undefined, call: CallStats): void {
  if (!task) return
  const usage = caseMeta(task).usage ??= {}
  addCall(usage[call.role] ??= {}, call)
}
