import type { ResolvedOptions } from '../config/options.js'
import type { GateFailure, Metrics, Regression } from './gate-schema.js'

type Gate = NonNullable<ResolvedOptions['gate']>

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const range = ([lo, hi]: [number, number], f: (x: number) => string) => `${f(lo)}–${f(hi)}`

/** The gate's verdict on a run: thresholds not met, and thresholds a partial run had no data for. */
export interface GateOutcome {
  failures: GateFailure[]
  /** Only for partial runs: rules without data, reported as not measured instead of failing. */
  notMeasured: GateFailure[]
}

/**
 * Applies the gate's thresholds to the run's metrics. Fails closed: a configured threshold
 * with no data to judge it by (no golden cases, no scores for a criterion, a missing baseline)
 * is a failure, never a silent pass — except in a `partial` run the user asked for (a file
 * filter, `-t`, `.only`), where such a threshold is *not measured* and the rest still apply.
 */
export function evaluateGate(gate: Gate, metrics: Metrics, regression: Regression | undefined, baselineProblem?: string, scope: { partial: boolean } = { partial: false }): GateOutcome {
  const failures: GateFailure[] = []
  const notMeasured: GateFailure[] = []
  const noData = (failure: GateFailure) => (scope.partial ? notMeasured.push({ ...failure, message: failure.message.replace(' (the gate fails closed without data)', ' (not measured in this partial run)') }) : failures.push(failure))
  const lower = gate.bound === 'lower'
  const { golden } = metrics

  if (gate.goldenPassRate !== undefined) {
    const judged = golden.passed + golden.failed
    const enough = scope.partial ? judged > 0 : judged >= gate.minCases
    if (!enough || golden.passRate === null) {
      noData({ metric: 'golden.cases', actual: judged, threshold: gate.minCases, message: `golden cases: ${judged} judged, at least ${gate.minCases} required (the gate fails closed without data)` })
    }
    else {
      const value = lower ? golden.interval[0] : golden.passRate
      if (value < gate.goldenPassRate) {
        failures.push({
          metric: 'golden.passRate',
          actual: value,
          threshold: gate.goldenPassRate,
          message: `golden pass rate ${lower ? `lower bound ${pct(value)} (rate ${pct(golden.passRate)})` : pct(value)} < ${pct(gate.goldenPassRate)} — ${golden.passed}/${judged} passed, 95% CI ${range(golden.interval, pct)}`,
        })
      }
    }
  }
  else if (gate.minCases > 0 && metrics.cases < gate.minCases) {
    noData({ metric: 'cases', actual: metrics.cases, threshold: gate.minCases, message: `LLM cases: ${metrics.cases}, at least ${gate.minCases} required (the gate fails closed without data)` })
  }

  for (const [criterion, min] of Object.entries(gate.scores)) {
    const score = metrics.scores[criterion]
    if (!score || score.n === 0) {
      noData({ metric: `scores.${criterion}`, actual: null, threshold: min, message: `${criterion}: no scores in this run, at least ${min} required (the gate fails closed without data)` })
      continue
    }
    const value = lower ? score.interval[0] : score.mean
    if (value < min) {
      const shown = lower ? `lower bound ${value.toFixed(2)} (mean ${score.mean.toFixed(2)})` : `mean ${value.toFixed(2)}`
      failures.push({ metric: `scores.${criterion}`, actual: value, threshold: min, message: `${criterion} ${shown} < ${min} — n=${score.n}, 95% CI ${range(score.interval, x => x.toFixed(2))}` })
    }
  }

  if (metrics.errorRate > gate.maxErrorRate) {
    failures.push({ metric: 'errorRate', actual: metrics.errorRate, threshold: gate.maxErrorRate, message: `errors: ${metrics.errors} of ${metrics.cases} cases (${pct(metrics.errorRate)}) > ${pct(gate.maxErrorRate)} allowed — infrastructure errors (timeouts, judge failures, task errors), not quality misses` })
  }

  if (gate.maxCostUsd !== undefined) {
    const { costUsd, unpricedRequests } = metrics.usage
    if (unpricedRequests > 0) {
      failures.push({ metric: 'costUsd', actual: null, threshold: gate.maxCostUsd, message: `cost unknown: ${unpricedRequests} requests to models without a price; add them under \`pricing\` to check the $${gate.maxCostUsd} budget` })
    }
    else if (costUsd > gate.maxCostUsd) {
      failures.push({ metric: 'costUsd', actual: costUsd, threshold: gate.maxCostUsd, message: `cost $${costUsd.toFixed(4)} > budget $${gate.maxCostUsd}` })
    }
  }

  if (gate.baseline) {
    if (baselineProblem) failures.push({ metric: 'baseline', actual: null, threshold: gate.baseline.file, message: baselineProblem })
    else if (regression) failures.push(...regressionFailures(regression, gate.baseline))
  }
  return { failures, notMeasured }
}

function regressionFailures(regression: Regression, baseline: NonNullable<Gate['baseline']>): GateFailure[] {
  const failures: GateFailure[] = []
  const g = regression.golden
  if (g?.regressed) {
    failures.push({
      metric: 'regression.golden',
      actual: g.drop,
      threshold: baseline.maxDrop.passRate,
      message: `regression vs ${regression.baseline}: ${g.worsened} examples newly failing, ${g.improved} newly passing (pass rate ${pct(g.baselineRate)} → ${pct(g.currentRate)} on ${g.paired} paired examples); McNemar mid-p = ${g.pValue.toPrecision(3)} < α ${baseline.alpha}${baseline.maxDrop.passRate ? `, drop ${pct(g.drop)} > ${pct(baseline.maxDrop.passRate)} allowed` : ''}`,
    })
  }
  for (const [criterion, s] of Object.entries(regression.scores)) {
    if (!s.regressed) continue
    // The signed-rank test counts only the pairs whose score moved; the interval is the betting one.
    const moved = s.worsened !== undefined ? `${s.worsened} of ${s.paired} paired cases scored lower, ${s.improved} higher` : `${s.paired} paired cases`
    const test = s.pValue !== undefined ? `; Wilcoxon signed-rank p = ${s.pValue.toPrecision(3)} < α ${baseline.alpha}` : ''
    failures.push({
      metric: `regression.scores.${criterion}`,
      actual: s.meanChange,
      threshold: -baseline.maxDrop.score,
      message: `regression vs ${regression.baseline}: ${criterion} changed by ${s.meanChange.toFixed(2)} (${moved})${test}, ${(100 * (1 - 2 * baseline.alpha)).toFixed(0)}% CI ${range(s.interval, x => x.toFixed(2))}${s.pValue !== undefined && s.interval[1] >= 0 ? ' (conservative, valid at any n: it can hold 0 when the test finds a drop)' : ''}${baseline.maxDrop.score ? `, drop > ${baseline.maxDrop.score} allowed` : ''}`,
    })
  }
  return failures
}
