import { confidenceSequence } from '../stats/sequential.js'
import { boundedMeanInterval } from '../stats/bounded-mean.js'
import { quantileBound } from '../stats/quantile-bound.js'
import { errorRateEvidence } from '../stats/rate-monitor.js'
import type { Bucket, VersionBucket } from './buckets.js'
import type { CanaryConfig } from './canary-config.js'
import { mannWhitney, quantile } from '../stats/mann-whitney.js'

export type Decision = 'promote' | 'hold' | 'rollback'
export type RuleStatus = 'ok' | 'breach' | 'no-data'

export interface RuleResult {
  rule: 'errorRate' | 'p99LatencyMs' | 'quality' | 'feedback'
  status: RuleStatus
  /** The numbers behind it, for the report. */
  value: number | null
  interval?: [number, number]
  threshold: number
  /** Longest run of consecutive breaching buckets (bucket rules). */
  streak?: number
  message: string
}

export interface CanaryAnalysis {
  decision: Decision
  /** The rule or condition that decided. */
  reason: string
  window: { from: string, to: string, buckets: number, noData: number }
  bake: { elapsedMs: number, requiredMs: number, done: boolean }
  rules: RuleResult[]
  latency: { canaryP99: number | null, baselineP99: number | null, mannWhitneyP: number | null, canarySlower: boolean | null }
  requests: { canary: number, baseline: number }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const sum = (buckets: Bucket[], f: (b: VersionBucket) => number, side: 'canary' | 'baseline' = 'canary') => buckets.reduce((s, b) => s + f(b[side]), 0)

/** A bucket's canary has data when it saw at least `minSamples` requests (or a metrics value). */
function hasData(b: VersionBucket, minSamples: number): boolean {
  return b.requests >= minSamples || (b.requests === 0 && (b.errorRate !== undefined || b.p99LatencyMs !== undefined))
}

/**
 * Breach streaks over buckets: no-data buckets neither break nor extend a streak. `breaches`
 * sees each with-data bucket in order (and may accumulate counts across them).
 */
function streak(buckets: Bucket[], minSamples: number, breaches: (b: VersionBucket) => boolean): { longest: number, withData: number } {
  let longest = 0
  let current = 0
  let withData = 0
  for (const bucket of buckets) {
    if (!hasData(bucket.canary, minSamples)) continue
    withData++
    current = breaches(bucket.canary) ? current + 1 : 0
    longest = Math.max(longest, current)
  }
  return { longest, withData }
}

/**
 * A rate rule on cumulative counts (errors, or latencies over a limit): the bucket "breaches" when
 * the anytime-valid evidence (rate-monitor.ts) that the step's rate so far exceeds `maxRate` has
 * reached 1/α. Metrics-only buckets (Prometheus: no per-request records) fall back to their point value.
 */
function cumulativeBreaches(maxRate: number, alpha: number, count: (b: VersionBucket) => number, point: (b: VersionBucket) => boolean) {
  let hits = 0
  let requests = 0
  const threshold = Math.log(1 / alpha)
  return (b: VersionBucket) => {
    if (b.latencies.length === 0) return point(b)
    hits += count(b)
    requests += b.requests
    return errorRateEvidence(hits, requests, maxRate) >= threshold
  }
}

/**
 * Analyses the current step of a canary. Error rate and p99 latency decide on the cumulative
 * requests of the step after every bucket with an anytime-valid test (mixture likelihood ratio,
 * rate-monitor.ts) at α / steps, so that over the whole rollout — every step, every bucket, every
 * time this runs — a canary that meets a rule is rolled back by that rule with probability ≤ α
 * (1 − `confidence`). `for: N` is a persistence requirement on top: the evidence must stand at N
 * consecutive buckets with data. p99 > max is the same as "more than 1% of requests slower than
 * max", so the p99 rule tests that share; it needs enough requests for a distribution-free upper
 * bound on p99 (order statistics: 299 at 95%) before it can be ok. Quality decides on the betting
 * bound for the mean of 1–5 scores (bounded-mean.ts), valid at any n. A bucket with fewer than
 * `minSamples` canary requests is no-data — never a pass.
 * Decision: rollback on any breach; hold while baking or while a rule lacks data; else promote.
 */
export function analyzeCanary(buckets: Bucket[], config: CanaryConfig, stepStartedAt: number, now: number): CanaryAnalysis {
  const { rules, minSamples, confidence } = config
  const results: RuleResult[] = []
  // The rollout's α is split over its steps (a union bound), each step's test is anytime-valid.
  const alpha = (1 - confidence) / Math.max(1, config.steps.length)

  if (rules.errorRate) {
    const { max, for: needed } = rules.errorRate
    const breaches = max > 0 && max < 1
      ? cumulativeBreaches(max, alpha, b => b.errors, b => (b.errorRate ?? 0) > max)
      : (b: VersionBucket) => (b.requests ? b.errors / b.requests : b.errorRate ?? 0) > max
    const s = streak(buckets, minSamples, breaches)
    const rate = sum(buckets, b => b.requests) ? sum(buckets, b => b.errors) / sum(buckets, b => b.requests) : null
    const status: RuleStatus = s.longest >= needed ? 'breach' : s.withData === 0 ? 'no-data' : 'ok'
    results.push({ rule: 'errorRate', status, value: rate, threshold: max, streak: s.longest, message: `error rate ${rate === null ? '—' : pct(rate)}; ${s.longest} consecutive breaching bucket(s) of ${needed} allowed before rollback (max ${pct(max)}; cumulative, anytime-valid at α ${alpha.toPrecision(2)} per step)` })
  }
  if (rules.p99LatencyMs) {
    const { max, for: needed } = rules.p99LatencyMs
    const breaches = cumulativeBreaches(0.01, alpha, b => b.latencies.filter(l => l > max).length, b => (b.p99LatencyMs ?? 0) > max)
    const s = streak(buckets, minSamples, breaches)
    const all = buckets.flatMap(b => b.canary.latencies)
    const value = all.length ? quantile(all, 0.99) : null
    // Raw latencies: ok needs enough of them for an upper bound on p99 (metrics-only: point values).
    const upper = all.length ? quantileBound(all, 0.99, confidence, 'upper') : undefined
    const enough = all.length ? upper !== undefined : s.withData > 0
    const status: RuleStatus = s.longest >= needed ? 'breach' : enough ? 'ok' : 'no-data'
    const bound = upper === undefined ? (all.length ? `; ${all.length} requests, too few for a ${pct(confidence)} upper bound on p99` : '') : `, upper bound ${Math.round(upper)} ms`
    results.push({ rule: 'p99LatencyMs', status, value, threshold: max, streak: s.longest, message: `p99 latency ${value === null ? '—' : `${Math.round(value)} ms`}${bound}; ${s.longest} consecutive bucket(s) over ${max} ms of ${needed} allowed` })
  }
  if (rules.quality) {
    const { min } = rules.quality
    const samples = buckets.flatMap(b => b.canary.quality).filter(v => v >= 1 && v <= 5)
    const means = buckets.map(b => b.canary.qualityMean).filter((v): v is number => v !== undefined && v >= 1 && v <= 5)
    // Two-sided at 1 − 2α: the upper end (a breach) errs with α, like the other rules.
    const estimate = boundedMeanInterval(samples.length ? samples : means, { range: [1, 5], confidence: 1 - 2 * alpha })
    const status: RuleStatus = estimate.n >= 1 && estimate.interval[1] < min
      ? 'breach'
      : estimate.n >= minSamples && estimate.mean >= min ? 'ok' : 'no-data'
    results.push({ rule: 'quality', status, value: estimate.n ? estimate.mean : null, interval: estimate.interval, threshold: min, message: `quality ${estimate.n ? estimate.mean.toFixed(2) : '—'} (n=${estimate.n}, CI ${estimate.interval.map(v => (Number.isFinite(v) ? v.toFixed(2) : '?')).join('–')}), min ${min}${status === 'no-data' ? `; needs ${minSamples} samples and a mean ≥ ${min}, or a confidently low interval` : ''}` })
  }
  if (rules.feedback) {
    const { maxRatio } = rules.feedback
    const cn = sum(buckets, b => b.negative)
    const cf = sum(buckets, b => b.feedback)
    const bn = sum(buckets, b => b.negative, 'baseline')
    const bf = sum(buckets, b => b.feedback, 'baseline')
    const ratio = cf && bf ? (cn / cf) / Math.max(bn / bf, 1e-9) : null
    // Confident breach: the canary's lowest plausible rate is still maxRatio × the baseline's
    // highest. Both bounds are anytime-valid (each at α/2 of the step's share), as the analysis
    // looks after every bucket: fixed-n intervals checked that often would roll back healthy canaries.
    const low = cf ? confidenceSequence(cn, cf, 1 - alpha / 2)[0] : 0
    const high = bf ? confidenceSequence(bn, bf, 1 - alpha / 2)[1] : 1
    const status: RuleStatus = cf && bf && low / high >= maxRatio ? 'breach' : cf >= minSamples && bf >= minSamples && ratio !== null && ratio < maxRatio ? 'ok' : 'no-data'
    results.push({ rule: 'feedback', status, value: ratio, threshold: maxRatio, message: `negative feedback ${cf ? pct(cn / cf) : '—'} (canary, n=${cf}) vs ${bf ? pct(bn / bf) : '—'} (baseline, n=${bf}); ratio ${ratio === null ? '—' : ratio.toFixed(2)}, max ${maxRatio}` })
  }

  const canaryLatencies = buckets.flatMap(b => b.canary.latencies)
  const baselineLatencies = buckets.flatMap(b => b.baseline.latencies)
  const mw = canaryLatencies.length && baselineLatencies.length ? mannWhitney(canaryLatencies, baselineLatencies) : undefined
  const elapsedMs = now - stepStartedAt
  const bake = { elapsedMs, requiredMs: config.bakeMs, done: elapsedMs >= config.bakeMs }
  const breach = results.find(r => r.status === 'breach')
  const missing = results.find(r => r.status === 'no-data')
  const decision: Decision = breach ? 'rollback' : !bake.done || missing ? 'hold' : 'promote'
  const reason = breach ? `${breach.rule}: ${breach.message}`
    : !bake.done ? `baking: ${Math.floor(elapsedMs / 60_000)} of ${Math.round(config.bakeMs / 60_000)} minutes at this step`
      : missing ? `not enough evidence — ${missing.rule}: ${missing.message}`
        : 'every rule healthy after the bake time'
  return {
    decision,
    reason,
    window: { from: new Date(stepStartedAt).toISOString(), to: new Date(now).toISOString(), buckets: buckets.length, noData: buckets.filter(b => !hasData(b.canary, minSamples)).length },
    bake,
    rules: results,
    latency: {
      canaryP99: canaryLatencies.length ? quantile(canaryLatencies, 0.99) : null,
      baselineP99: baselineLatencies.length ? quantile(baselineLatencies, 0.99) : null,
      mannWhitneyP: mw ? mw.pValue : null,
      canarySlower: mw ? mw.effect > 0.5 && mw.pValue < 1 - confidence : null,
    },
    requests: { canary: sum(buckets, b => b.requests), baseline: sum(buckets, b => b.requests, 'baseline') },
  }
}

/** Exit codes of the deployment commands. */
export const EXIT: Record<Decision | 'pass' | 'fail' | 'bad-data', number> = { promote: 0, pass: 0, rollback: 1, fail: 1, hold: 2, 'bad-data': 3 }
