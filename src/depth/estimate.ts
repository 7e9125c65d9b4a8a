import { goldenRunCount, trialsBudget } from './apply.js'
import type { DepthLevel } from '../config/depth-levels.js'
import { groupOfKey, type BaselineDepth, type SuiteRecord } from './records.js'

/** Requests, tokens and cost of a run (or of one suite). */
export interface UsageEstimate {
  requests: number
  /** Calls the cache answered in the baseline run (not in `requests`, which are live calls). */
  cached: number
  inputTokens: number
  outputTokens: number
  /** USD of the live calls, at the baseline run's cache state and prices. */
  costUsd: number
}

/** One suite's estimate. */
export interface SuiteEstimate extends UsageEstimate {
  suite: string
  level: DepthLevel
  /** Cases expected to run at `level`, and recorded in the baseline. */
  cases: number
  recorded: number
}

/** The run's estimate at the planned levels, and at `full` for comparison. */
export interface PlanEstimate {
  planned: UsageEstimate
  full: UsageEstimate
  suites: SuiteEstimate[]
  /** Baseline cases without recorded usage (saved before per-case usage): counted as zero. */
  withoutUsage: number
  /** What the estimate had to assume. */
  notes: string[]
}

/** Settings of the golden selection the counts follow (`depth.smokeSample`, `depth.sampleRate`, `depth.comprehensiveTrials`). */
export interface EstimateSettings {
  smokeSample: number
  sampleRate: number
  comprehensiveTrials: number
}

const zero = (): UsageEstimate => ({ requests: 0, cached: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 })

/**
 * Estimates requests and cost before any call, from the baseline's recorded usage per case:
 * per suite, the mean usage of its recorded cases × the cases expected at its level (golden:
 * `goldenRunCount`; trials: the recorded runs × the budget factor; other tests: as recorded).
 * A golden set's examples are taken from its suite record, else from its recorded cases (those
 * with scores counting as judged). It is an estimate: judged examples cost more than the mean,
 * early-stopping trials vary, and the cache may answer more or less than it did.
 */
export function estimatePlan(baseline: BaselineDepth, levels: Readonly<Record<string, DepthLevel>>, settings: EstimateSettings): PlanEstimate {
  const bySuite = new Map<string, Array<BaselineDepth['cases'][string]>>()
  for (const [key, c] of Object.entries(baseline.cases)) {
    const suite = groupOfKey(key, baseline.suites)
    bySuite.set(suite, [...(bySuite.get(suite) ?? []), c])
  }
  const notes = new Set<string>()
  let withoutUsage = 0
  const planned = zero()
  const full = zero()
  const suites: SuiteEstimate[] = []
  for (const [suite, cases] of [...bySuite].sort(([a], [b]) => a.localeCompare(b))) {
    const record = baseline.suites?.[suite]
    if (!record) notes.add('suites without a record in the baseline (tests outside golden() and trials(), or a baseline saved before change-aware depth) are estimated from their recorded cases')
    const recorded = sum(cases.map(c => {
      if (!c.usage) withoutUsage++
      return { ...(c.usage ?? zero()), costUsd: c.costUsd ?? 0 }
    }))
    const level = levels[suite] ?? 'full'
    const expected = expectedCases(record, cases, level, settings)
    const atFull = expectedCases(record, cases, 'full', settings)
    const scale = (n: number) => scaleBy(recorded, cases.length ? n / cases.length : 0)
    const mine = scale(expected)
    add(planned, mine)
    add(full, scale(atFull))
    suites.push({ suite, level, cases: expected, recorded: cases.length, ...mine })
  }
  if (withoutUsage) notes.add(`${withoutUsage} baseline cases have no recorded usage (baseline saved before per-case usage): counted as zero`)
  return { planned, full, suites, withoutUsage, notes: [...notes] }
}

/** Cases a suite runs at `level`; its usage is the mean of its recorded cases times this. */
function expectedCases(record: SuiteRecord | undefined, cases: ReadonlyArray<{ scores?: object }>, level: DepthLevel, settings: EstimateSettings): number {
  if (record?.kind === 'trials') {
    // The budget factor applies to the recorded runs, whatever the configured budget was.
    const budget = trialsBudget(level, record.runs ?? 1, settings.comprehensiveTrials)
    return budget.skip ? 0 : cases.length * (budget.runs / (record.runs ?? 1))
  }
  if (record?.kind === 'test') return cases.length
  const examples = record?.examples ?? { total: cases.length, judged: cases.filter(c => c.scores && Object.keys(c.scores).length).length }
  const counts = { smokeSample: settings.smokeSample, sampleRate: settings.sampleRate, ...(record?.sampleRate !== undefined ? { sample: { rate: record.sampleRate } } : {}) }
  // Usage scales from the cases the baseline ran (whatever its level) to the cases this level runs.
  return goldenRunCount(level, examples, counts)
}

function sum(items: readonly UsageEstimate[]): UsageEstimate {
  const out = zero()
  for (const item of items) add(out, item)
  return out
}

function add(to: UsageEstimate, from: UsageEstimate): void {
  to.requests += from.requests
  to.cached += from.cached
  to.inputTokens += from.inputTokens
  to.outputTokens += from.outputTokens
  to.costUsd += from.costUsd
}

function scaleBy(u: UsageEstimate, factor: number): UsageEstimate {
  return { requests: u.requests * factor, cached: u.cached * factor, inputTokens: u.inputTokens * factor, outputTokens: u.outputTokens * factor, costUsd: u.costUsd * factor }
}
