import { ci, pct, score, usd } from '../format.js'
import type { GateFailure, LlmReport, ReportCase } from '../report-schema.js'

/**
 * The gate's thresholds, as the plugin's `gate` option resolves them. The report lists only the
 * rules that failed (or were not measured); with the thresholds the page shows the passing rules
 * too and draws every threshold line.
 */
export interface HtmlThresholds {
  goldenPassRate?: number | undefined
  scores?: Record<string, number> | undefined
  minCases?: number | undefined
  maxErrorRate?: number | undefined
  maxCostUsd?: number | undefined
  bound?: 'point' | 'lower' | undefined
  baseline?: { file: string } | undefined
}

/** The accepted baseline's verdict and scores per case (`suite › id`), to list what changed. */
export interface HtmlBaseline {
  cases: Record<string, { verdict: 'pass' | 'fail' | 'error', scores?: Record<string, number> | undefined }>
}

/** What the renderer takes beside the report. */
export interface HtmlExtras {
  /** The gate's thresholds (the plugin's resolved `gate` option); else read from the failures. */
  thresholds?: HtmlThresholds | undefined
  /** The baseline the run was compared with, for the newly failing / newly passing lists. */
  baseline?: HtmlBaseline | undefined
  /** For `vitest-llm view`: poll `path` (same origin) and reload when it answers other than `version`. */
  liveReload?: { path: string, version: string } | undefined
  /** The page title; defaults to "vitest-llm report". */
  title?: string | undefined
}

/** One gate rule as the header shows it. */
export interface GateRule {
  name: string
  actual: string
  interval?: string
  threshold: string
  status: 'pass' | 'fail' | 'not measured'
  message?: string
}

const fromFailure = (f: GateFailure, status: GateRule['status']): GateRule => ({
  name: f.metric,
  actual: typeof f.actual === 'number' ? String(Number(f.actual.toPrecision(4))) : f.actual ?? '—',
  threshold: f.threshold === null ? '—' : String(f.threshold),
  status,
  message: f.message,
})

/** The thresholds: the given ones, else those named by the report's failures and not-measured rules. */
export function thresholdsOf(report: LlmReport, given?: HtmlThresholds): { golden?: number, scores: Record<string, number> } {
  const listed = [...report.gate.failures, ...(report.gate.notMeasured ?? [])]
  const golden = given?.goldenPassRate ?? listed.find(f => f.metric === 'golden.passRate' && typeof f.threshold === 'number')?.threshold as number | undefined
  const scores: Record<string, number> = {}
  for (const f of listed) if (f.metric.startsWith('scores.') && typeof f.threshold === 'number') scores[f.metric.slice(7)] = f.threshold
  Object.assign(scores, given?.scores ?? {})
  return golden === undefined ? { scores } : { golden, scores }
}

/**
 * Every gate rule with its actual value, interval, threshold and status. Rules come from the
 * thresholds when known (so passing rules show too), then any failure or not-measured rule the
 * thresholds did not cover.
 */
export function gateRules(report: LlmReport, thresholds?: HtmlThresholds): GateRule[] {
  const { metrics, gate } = report
  const failures = gate.failures
  const notMeasured = gate.notMeasured ?? []
  const used = new Set<GateFailure>()
  const statusOf = (match: (metric: string) => boolean): { status: GateRule['status'], message?: string } => {
    const failed = failures.filter(f => match(f.metric))
    const missing = notMeasured.filter(f => match(f.metric))
    for (const f of [...failed, ...missing]) used.add(f)
    const first = failed[0] ?? missing[0]
    const status = failed.length ? 'fail' : missing.length ? 'not measured' : 'pass'
    return first ? { status, message: first.message } : { status }
  }
  const rules: GateRule[] = []
  const lower = thresholds?.bound === 'lower'
  if (thresholds?.goldenPassRate !== undefined) {
    const g = metrics.golden
    rules.push({ name: `golden pass rate${lower ? ' (lower bound)' : ''}`, actual: `${pct(lower && g.passRate !== null ? g.interval[0] : g.passRate)} (${g.passed}/${g.passed + g.failed})`, interval: ci(g.interval, pct), threshold: `≥ ${pct(thresholds.goldenPassRate)}`, ...statusOf(m => m === 'golden.passRate' || m === 'golden.cases') })
  }
  for (const [name, min] of Object.entries(thresholds?.scores ?? {})) {
    const s = metrics.scores[name]
    rules.push({ name: `${name}${lower ? ' (lower bound)' : ''}`, actual: s ? `${score(lower ? s.interval[0] : s.mean)} (n=${s.n})` : '—', ...(s ? { interval: ci(s.interval, score) } : {}), threshold: `≥ ${min}`, ...statusOf(m => m === `scores.${name}`) })
  }
  if (thresholds) {
    rules.push({ name: 'error rate', actual: `${pct(metrics.errorRate)} (${metrics.errors} of ${metrics.cases})`, threshold: `≤ ${pct(thresholds.maxErrorRate ?? 0)}`, ...statusOf(m => m === 'errorRate') })
    if (thresholds.maxCostUsd !== undefined) rules.push({ name: 'cost', actual: usd(metrics.usage.costUsd), threshold: `≤ ${usd(thresholds.maxCostUsd)}`, ...statusOf(m => m === 'costUsd') })
    if (thresholds.baseline) rules.push({ name: `no regression vs ${thresholds.baseline.file}`, actual: report.regression ? (report.regression.regressed ? 'regressed' : 'no regression') : '—', threshold: 'no significant drop', ...statusOf(m => m === 'baseline' || m.startsWith('regression')) })
    if (metrics.golden.cases === 0 || thresholds.minCases !== undefined) statusOf(m => m === 'cases')
  }
  for (const f of failures) if (!used.has(f)) rules.push(fromFailure(f, 'fail'))
  for (const f of notMeasured) if (!used.has(f)) rules.push(fromFailure(f, 'not measured'))
  return rules
}

/** How many cases scored 1, 2, 3, 4 and 5 on a criterion (scores rounded to the nearest point). */
export function scoreDistribution(cases: readonly ReportCase[], criterion: string): [number, number, number, number, number] {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0]
  for (const c of cases) {
    const s = c.scores?.[criterion]
    if (s === undefined) continue
    const bucket = Math.min(5, Math.max(1, Math.round(s))) - 1
    counts[bucket]! += 1
  }
  return counts
}

/** Cost and latency per suite, most expensive first. */
export function perSuite(cases: readonly ReportCase[]): { suite: string, cases: number, costUsd: number, latencyMs: number, meanLatencyMs: number }[] {
  const bySuite = new Map<string, { cases: number, costUsd: number, latencyMs: number }>()
  for (const c of cases) {
    const s = bySuite.get(c.suite) ?? { cases: 0, costUsd: 0, latencyMs: 0 }
    s.cases += 1
    s.costUsd += c.costUsd ?? 0
    s.latencyMs += c.latencyMs ?? 0
    bySuite.set(c.suite, s)
  }
  return [...bySuite].map(([suite, s]) => ({ suite, ...s, meanLatencyMs: s.cases ? s.latencyMs / s.cases : 0 }))
    .sort((a, b) => b.costUsd - a.costUsd || b.latencyMs - a.latencyMs || a.suite.localeCompare(b.suite))
}

/** A case that changed verdict since the baseline. */
export interface ChangedCase {
  key: string
  baseline: 'pass' | 'fail' | 'error'
  current: 'pass' | 'fail' | 'error'
  baselineScores?: Record<string, number> | undefined
  scores?: Record<string, number> | undefined
}

/** Golden cases newly failing (passed in the baseline, miss or error now) and newly passing. */
export function changedSinceBaseline(report: LlmReport, baseline: HtmlBaseline): { newlyFailing: ChangedCase[], newlyPassing: ChangedCase[] } {
  const newlyFailing: ChangedCase[] = []
  const newlyPassing: ChangedCase[] = []
  for (const c of report.cases) {
    const key = `${c.suite} › ${c.id}`
    const before = baseline.cases[key]
    if (!before || before.verdict === c.verdict) continue
    const row: ChangedCase = { key, baseline: before.verdict, current: c.verdict, baselineScores: before.scores, scores: c.scores }
    if (before.verdict === 'pass') newlyFailing.push(row)
    else if (c.verdict === 'pass') newlyPassing.push(row)
  }
  return { newlyFailing, newlyPassing }
}
