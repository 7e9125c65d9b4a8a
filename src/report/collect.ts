import { relative } from 'node:path'
import type { TestCase, TestModule, TestSuite } from 'vitest/node'
import { addTotals, emptyTotals, type UsageTotals } from '../client/usage.js'
import type { CaseDepth, GoldenCaseMeta, JudgementMeta, LlmCaseMeta } from '../context/case-meta.js'
import type { SuiteRecord } from '../depth/records.js'
import type { ReportCase } from './report-schema.js'

/** Everything the report is computed from. */
export interface Collected {
  cases: ReportCase[]
  /** Per criterion, every score given (golden judge checks and `toPassJudge`). */
  scores: Record<string, number[]>
  trials: NonNullable<LlmCaseMeta['trials']>[]
  usage: { app: UsageTotals, judge: UsageTotals }
  /** True when a test or suite used `.only`: the run is partial by the user's choice. */
  focused: boolean
  /** Change-aware depth: per golden set or trials test, its record and what this run did. */
  depthSuites: Record<string, SuiteRecord>
  /** Examples skipped on purpose (sampling or depth), with why. */
  skipped: Array<{ id: string, suite: string, file: string, reason: string }>
}

// Errors of the infrastructure, never a quality miss: recognised by their stable code, which
// survives Vitest's serialisation of test errors to the main process.
const INFRASTRUCTURE = new Set(['E_LLM', 'E_CACHE', 'E_JUDGE', 'E_OPTIONS', 'E_GOLDEN'])

function suitePath(test: TestCase): string {
  const names: string[] = []
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name)
  return names.join(' > ')
}

const firstLine = (message: string | undefined) => (message ?? 'unknown error').split('\n')[0]!

const callFailed = (message: string) => `a model call failed (and was caught): ${firstLine(message)}`

/**
 * Reads what the run did. Every case the run touched becomes a report case: golden examples,
 * judged tests, `trials()`, any other test that called a model, and — as errors — files that
 * failed to import or collect and suites whose hooks threw, so a broken run is never counted as
 * a clean one. Tests that never touched vitest-llm are left out.
 */
export function collect(modules: readonly TestModule[], root: string): Collected {
  const out: Collected = { cases: [], scores: {}, trials: [], usage: { app: emptyTotals(), judge: emptyTotals() }, focused: false, depthSuites: {}, skipped: [] }
  for (const module of modules) {
    const file = relative(root, module.moduleId)
    // Vitest turns `.only` into a plain run while collecting, but marks the file that had one.
    if ((module as unknown as { task?: { containsOnly?: boolean } }).task?.containsOnly) out.focused = true
    // A file that could not be imported or collected has module errors and no tests to speak for it.
    for (const error of module.errors()) out.cases.push({ id: file, suite: '', file, verdict: 'error', kind: 'file', check: 'load', reason: `the file failed to load: ${firstLine(error.message)}` })
    for (const suite of module.children.allSuites()) {
      if (suite.options.mode === 'only') out.focused = true
      for (const error of suiteErrors(suite)) out.cases.push({ id: suite.fullName, suite: suite.fullName, file, verdict: 'error', kind: 'file', check: 'hook', reason: `a hook of the suite failed: ${firstLine(error.message)}` })
    }
    for (const test of module.children.allTests()) {
      if (test.options.mode === 'only') out.focused = true
      const found = caseOf(test, file, out)
      if (Array.isArray(found)) out.cases.push(...found)
      else if (found) out.cases.push(found)
    }
  }
  return out
}

/**
 * Vitest's result of a test and its infrastructure error, if any: read only where needed (a
 * golden case's verdict is in its meta, and 10,000 of them need no result object).
 */
function outcomeOf(test: TestCase) {
  const result = test.result()
  const testErrors = result.state === 'failed' ? result.errors : []
  const infrastructure = testErrors.find(e => INFRASTRUCTURE.has(String((e as { code?: unknown }).code)))
  return { result, testErrors, infrastructure }
}

function suiteErrors(suite: TestSuite): ReadonlyArray<{ message: string }> {
  return suite.errors?.() ?? []
}

/**
 * The report case of one test, if it touched vitest-llm (several when one test checked several
 * golden examples); scores and trials go to `out`.
 */
function caseOf(test: TestCase, file: string, out: Collected): ReportCase | ReportCase[] | undefined {
  const meta = test.meta().llm
  // A golden or compared example's depth is on its suite, once for the set (see recordDepth).
  const depth = meta && (meta.depth ?? (test.parent.type === 'suite' ? test.parent.meta().llmDepth : undefined))
  const skipped = meta?.depth?.skipped ?? meta?.skipped
  if (depth) countDepth(test, depth, skipped !== undefined, out)
  if (skipped !== undefined) {
    out.skipped.push({ id: test.name, suite: depth?.suite ?? suitePath(test), file, reason: skipped })
    return undefined
  }
  if (!meta) {
    // A test that failed on our infrastructure (replay miss, bad options) before recording anything.
    const { infrastructure } = outcomeOf(test)
    if (!infrastructure) return undefined
    return { id: test.fullName, suite: suitePath(test), file, verdict: 'error', kind: 'test', check: 'test', reason: firstLine(infrastructure.message) }
  }
  if (meta.usage?.app) addTotals(out.usage.app, meta.usage.app)
  if (meta.usage?.judge) addTotals(out.usage.judge, meta.usage.judge)
  const evidence = usageEvidence(meta)
  for (const judgement of meta.judgements ?? []) {
    if (judgement.negated) continue
    for (const [name, s] of Object.entries(judgement.scores)) (out.scores[name] ??= []).push(s.score)
  }
  if (meta.failure) return { id: test.name, suite: suitePath(test), file, verdict: 'error', kind: 'file', check: meta.failure.kind, reason: meta.failure.message, ...evidence }
  const measured = measuredCase(test, file, meta, out, evidence)
  if (measured) {
    // A call that failed for good makes its case an error whatever else the case says: a task
    // or app that caught it and answered with a fallback has not been measured.
    const failedCall = meta.errors?.[0]
    const checked = (c: ReportCase): ReportCase => failedCall !== undefined && c.verdict !== 'error' ? { ...c, verdict: 'error', reason: callFailed(failedCall) } : c
    if (!meta.otherGolden) return checked(measured)
    // Which example a failed call was for is not known: every example of the test is an error.
    // The test's usage goes with its first example, so totals count it once.
    return [measured, ...meta.otherGolden.map(g => goldenCase(g, file, out, UNMEASURED))].map(checked)
  }
  // Any other test that called a model: its outcome counts, and a failed call is an error.
  const { result, testErrors, infrastructure } = outcomeOf(test)
  const callError = meta.errors?.[0] ?? (infrastructure ? infrastructure.message : undefined)
  const verdict = callError !== undefined ? 'error' : result.state === 'failed' ? 'fail' : result.state === 'passed' ? 'pass' : undefined
  if (!verdict) return undefined
  return { id: test.fullName, suite: suitePath(test), file, verdict, kind: 'test', check: 'test', reason: callError !== undefined ? firstLine(callError) : verdict === 'fail' ? firstLine(testErrors[0]?.message) : undefined, ...evidence }
}

/** The case of a golden example, a `trials()` test or a judged test, as its own verdict has it. */
function measuredCase(test: TestCase, file: string, meta: LlmCaseMeta, out: Collected, evidence: ReturnType<typeof usageEvidence>): ReportCase | undefined {
  if (meta.golden) return goldenCase(meta.golden, file, out, evidence)
  if (meta.trials) {
    out.trials.push(meta.trials)
    const verdict = meta.trials.verdict === 'pass' ? 'pass' : meta.trials.verdict === 'error' ? 'error' : 'fail'
    return { id: test.fullName, suite: suitePath(test), file, verdict, kind: 'trials', check: 'trials', reason: verdict === 'pass' ? undefined : `${meta.trials.passed}/${meta.trials.runs} (${meta.trials.verdict})`, ...evidence }
  }
  if (meta.judgements?.length) return judgedCase(test, file, meta.judgements, evidence)
  return undefined
}

/** The case of a golden example; its judge scores go to `out`. */
function goldenCase(g: GoldenCaseMeta, file: string, out: Collected, evidence: ReturnType<typeof usageEvidence>): ReportCase {
  for (const [name, s] of Object.entries(g.scores ?? {})) (out.scores[name] ??= []).push(s.score)
  return { id: g.id, suite: g.suite, file, verdict: g.verdict, kind: 'golden', check: g.check, source: g.source, input: g.input, expected: g.expected, output: g.output, tags: g.tags, scores: flatScores(g.scores), reasons: reasonsOf(g.scores), ...(g.judgeModel ? { judgeModel: g.judgeModel } : {}), reason: g.reason, weight: g.weight ?? 1, ...(g.variant !== undefined ? { variant: g.variant, compare: g.compare } : {}), ...evidence }
}

/**
 * The case of a test with `toPassJudge` assertions: an error if any judge failed, a failure if
 * any assertion did, and the scores of every judgement (a criterion judged twice: its mean), as
 * the run's metrics count them. Judgements under `.not` count by their assertion, never by score.
 */
function judgedCase(test: TestCase, file: string, judgements: JudgementMeta[], evidence: ReturnType<typeof usageEvidence>): ReportCase {
  const verdicts = judgements.map(j => j.verdict)
  const verdict = verdicts.includes('error') ? 'error' : verdicts.includes('fail') ? 'fail' : 'pass'
  const reason = verdict === 'error'
    ? judgements.find(j => j.verdict === 'error')!.error
    : verdict === 'fail' ? judgements.filter(j => j.verdict === 'fail').map(failureOf).join('; ') : undefined
  const given: Record<string, Array<{ score: number, reason: string }>> = {}
  for (const judgement of judgements) {
    if (judgement.negated) continue
    for (const [name, s] of Object.entries(judgement.scores)) (given[name] ??= []).push(s)
  }
  const scores = Object.fromEntries(Object.entries(given).map(([name, all]) => [name, { score: all.reduce((sum, s) => sum + s.score, 0) / all.length, reason: all.map(s => s.reason).join(' | ') }]))
  const model = judgements.findLast(j => j.model)?.model
  return { id: test.fullName, suite: suitePath(test), file, verdict, kind: 'judge', check: 'judge', scores: flatScores(scores), reasons: reasonsOf(scores), ...(model ? { judgeModel: model } : {}), reason, ...evidence }
}

function failureOf(judgement: JudgementMeta): string {
  const rows = Object.entries(judgement.scores)
  if (judgement.negated) return `expected not to pass the judge, but it did: ${rows.map(([n, s]) => `${n} ${s.score}/5 ≥ ${s.threshold}`).join(', ')}`
  return rows.filter(([, s]) => s.score < s.threshold).map(([n, s]) => `${n} ${s.score}/5 < ${s.threshold}: ${s.reason}`).join('; ')
}

/** Adds a case to its suite's depth record: selected (ran) or skipped by sampling or depth. */
function countDepth(test: TestCase, depth: CaseDepth, skipped: boolean, out: Collected): void {
  // A golden set by its name; a trials test by its case key (`suite › full name`), as the baseline keys cases.
  const key = depth.suite ?? `${suitePath(test)} › ${test.fullName}`
  const record = (out.depthSuites[key] ??= { ...depth.record, ran: { level: depth.level, why: depth.why, selected: 0, skipped: 0 } })
  if (skipped) record.ran!.skipped++
  else record.ran!.selected++
}

const NONE: Partial<UsageTotals> = {}

// The usage of an example checked after the first in the same test: counted on the first.
const UNMEASURED: ReturnType<typeof usageEvidence> = { usage: { requests: 0, cached: 0, inputTokens: 0, outputTokens: 0 }, costUsd: 0, latencyMs: 0, cached: false }

function usageEvidence(meta: LlmCaseMeta): Pick<ReportCase, 'usage' | 'costUsd' | 'latencyMs' | 'cached'> {
  const app = meta.usage?.app ?? NONE
  const judge = meta.usage?.judge ?? NONE
  const sum = (key: keyof UsageTotals) => (app[key] ?? 0) + (judge[key] ?? 0)
  const requests = sum('requests')
  const cached = sum('cached')
  return {
    usage: { requests, cached, inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens') },
    costUsd: sum('costUsd'),
    latencyMs: Math.round(sum('latencyMs')),
    cached: requests === 0 && cached > 0,
  }
}

function flatScores(scores: Record<string, { score: number }> | undefined): Record<string, number> | undefined {
  return scores && Object.keys(scores).length ? Object.fromEntries(Object.entries(scores).map(([n, s]) => [n, s.score])) : undefined
}

function reasonsOf(scores: Record<string, { reason: string }> | undefined): Record<string, string> | undefined {
  return scores && Object.keys(scores).length ? Object.fromEntries(Object.entries(scores).map(([n, s]) => [n, s.reason])) : undefined
}
