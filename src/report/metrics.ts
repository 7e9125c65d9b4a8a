import type { UsageTotals } from '../client/usage.js'
import { boundedMeanInterval } from '../stats/bounded-mean.js'
import { meanInterval } from '../stats/mean.js'
import { wilson } from '../stats/proportion.js'
import type { Collected } from './collect.js'
import type { LlmReport } from './report-schema.js'

type Usage = LlmReport['metrics']['usage']['app']

const toUsage = (t: UsageTotals): Usage => ({ requests: t.requests, cached: t.cached, inputTokens: t.inputTokens, outputTokens: t.outputTokens, costUsd: t.costUsd, unpricedRequests: t.unpricedRequests })

/**
 * The run's metrics. The golden pass rate is weighted by `weight` over the examples that got a
 * verdict (errors are counted apart, never as misses); its Wilson interval uses Kish's
 * effective sample size so that weights do not fake precision.
 */
export function computeMetrics(collected: Collected, confidence = 0.95): LlmReport['metrics'] {
  const golden = collected.cases.filter(c => c.kind === 'golden')
  const judged = golden.filter(c => c.verdict !== 'error')
  const weights = judged.map(c => c.weight ?? 1)
  const total = weights.reduce((a, b) => a + b, 0)
  const passedWeight = judged.reduce((sum, c) => sum + (c.verdict === 'pass' ? c.weight ?? 1 : 0), 0)
  const effective = total > 0 ? total ** 2 / weights.reduce((a, w) => a + w * w, 0) : 0
  const passRate = total > 0 ? passedWeight / total : null
  const interval = passRate === null ? [0, 1] as [number, number] : wilson(passRate * effective, effective, confidence)

  const scores: LlmReport['metrics']['scores'] = {}
  for (const [name, values] of Object.entries(collected.scores)) {
    // Judge scores lie in 1–5: the betting interval is valid at any n and with zero spread (a
    // t-interval gives five 5s the interval [5, 5], so `bound: 'lower'` would pass on them).
    const estimate = values.every(v => v >= 1 && v <= 5) ? boundedMeanInterval(values, { range: [1, 5], confidence }) : meanInterval(values, confidence, [1, 5])
    scores[name] = { n: estimate.n, mean: estimate.mean, interval: estimate.interval }
  }
  const errors = collected.cases.filter(c => c.verdict === 'error').length
  const app = toUsage(collected.usage.app)
  const judge = toUsage(collected.usage.judge)
  const sum = (key: keyof Usage) => app[key] + judge[key]
  return {
    golden: {
      cases: golden.length,
      passed: golden.filter(c => c.verdict === 'pass').length,
      failed: golden.filter(c => c.verdict === 'fail').length,
      errors: golden.filter(c => c.verdict === 'error').length,
      passRate,
      interval,
    },
    scores,
    trials: collected.trials.map(t => ({ name: t.name, runs: t.runs, passed: t.passed, passRate: t.passRate, required: t.required, interval: t.interval, verdict: t.verdict, stoppedEarly: t.stoppedEarly, ...(t.path ? { path: t.path } : {}) })),
    cases: collected.cases.length,
    errors,
    errorRate: collected.cases.length ? errors / collected.cases.length : 0,
    usage: {
      requests: sum('requests'), cached: sum('cached'), inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens'), costUsd: sum('costUsd'), unpricedRequests: sum('unpricedRequests'),
      app,
      judge,
    },
  }
}
