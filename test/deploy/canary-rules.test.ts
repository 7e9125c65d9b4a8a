// The canary rules' statistics (issue 14): each rule decides on the cumulative data of the
// current step, so that a healthy canary is rolled back with probability ≤ α over a whole
// 5-step × 30-bucket rollout, while a clearly broken one is still caught. Seeded simulations.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { analyzeCanary, type Bucket, type CanaryConfig } from 'vitest-llm/deploy'
import { emptyVersionBucket } from '../../src/deploy/buckets.js'

const MINUTE = 60_000
const STEPS = [5, 15, 25, 50, 100]

function config(rules: CanaryConfig['rules'], minSamples = 20): CanaryConfig {
  return { baseline: 'v1', canary: 'v2', source: { jsonl: 'requests.jsonl' }, steps: STEPS, bake: '30m', bakeMs: 30 * MINUTE, bucket: '1m', bucketMs: MINUTE, minSamples, rules, confidence: 0.95 }
}

interface Canary { errorRate?: number, latency?: (random: () => number) => number, quality?: (random: () => number) => number, feedback?: { canary: number, baseline: number } }

function bucket(start: number, requests: number, canary: Canary, random: () => number): Bucket {
  const b = emptyVersionBucket()
  for (let i = 0; i < requests; i++) {
    b.requests++
    if (random() < (canary.errorRate ?? 0)) b.errors++
    b.latencies.push(canary.latency ? canary.latency(random) : 500)
    if (canary.quality && random() < 0.3) b.quality.push(canary.quality(random))
  }
  const base = emptyVersionBucket()
  if (canary.feedback) {
    // One in five requests gets feedback; the baseline serves the rest of the traffic (4× here).
    for (let i = 0; i < requests; i++) {
      if (random() < 0.2) { b.feedback++; if (random() < canary.feedback.canary) b.negative++ }
    }
    for (let i = 0; i < 4 * requests; i++) {
      if (random() < 0.2) { base.feedback++; if (random() < canary.feedback.baseline) base.negative++ }
    }
  }
  return { start, canary: b, baseline: base }
}

/**
 * One rollout: 5 steps of 30 one-minute buckets with `perBucket` canary requests each, analysed
 * after every bucket (`every`) or once per step (enough for streak rules: the analysis of the
 * whole step sees every streak). Returns the minute of the rollback, or undefined.
 */
function rollout(c: CanaryConfig, canary: Canary, random: () => number, perBucket: (step: number) => number, every = false): number | undefined {
  for (const [step] of STEPS.entries()) {
    const buckets: Bucket[] = []
    for (let minute = 0; minute < 30; minute++) {
      buckets.push(bucket(minute * MINUTE, perBucket(step), canary, random))
      if (!every && minute < 29) continue
      if (analyzeCanary(buckets, c, 0, (minute + 1) * MINUTE).decision === 'rollback') return step * 30 + minute + 1
    }
  }
  return undefined
}

const exponential = (mean: number) => (random: () => number) => -Math.log(1 - random()) * mean
// The p99 of an exponential is mean · ln 100.
const P99 = Math.log(100)
const categorical = (probabilities: number[]) => (random: () => number) => {
  let u = random()
  for (let k = 0; k < 4; k++) {
    if (u < probabilities[k]!) return k + 1
    u -= probabilities[k]!
  }
  return 5
}
// α = 5% plus three Monte-Carlo standard errors.
const limit = (n: number) => 0.05 + 3 * Math.sqrt(0.05 * 0.95 / n)

describe('canary rules over a 5-step × 30-bucket rollout', () => {
  it('error rate: a healthy canary (1% against max 2%, 20 requests a bucket) is rarely rolled back; the seed\'s rule did 92% of the time', () => {
    const random = seedrandom('canary-error-healthy')
    const c = config({ errorRate: { max: 0.02, for: 1 } })
    let rolledBack = 0
    for (let i = 0; i < 300; i++) if (rollout(c, { errorRate: 0.01 }, random, () => 20) !== undefined) rolledBack++
    expect(rolledBack / 300).toBeLessThanOrEqual(limit(300))
  })

  it('error rate: at exactly the limit the false-rollback rate stays ≤ α', () => {
    const random = seedrandom('canary-error-boundary')
    const c = config({ errorRate: { max: 0.05, for: 1 } })
    let rolledBack = 0
    for (let i = 0; i < 300; i++) if (rollout(c, { errorRate: 0.05 }, random, step => [20, 60, 100, 200, 400][step]!) !== undefined) rolledBack++
    expect(rolledBack / 300).toBeLessThanOrEqual(limit(300))
  })

  it('error rate: 6% against max 5% with `for: 5` and 100 requests a bucket is caught in some rollouts (the seed\'s rule never was)', () => {
    const random = seedrandom('canary-error-6')
    const c = config({ errorRate: { max: 0.05, for: 5 } })
    let rolledBack = 0
    for (let i = 0; i < 100; i++) if (rollout(c, { errorRate: 0.06 }, random, () => 100) !== undefined) rolledBack++
    expect(rolledBack / 100).toBeGreaterThan(0.2)
  })

  it('error rate: twice the limit is always caught, at 20 requests a bucket mostly in the first step', () => {
    const random = seedrandom('canary-error-2x')
    const c = config({ errorRate: { max: 0.05, for: 1 } })
    const delays = Array.from({ length: 50 }, () => rollout(c, { errorRate: 0.1 }, random, () => 20, true))
    expect(delays.every(d => d !== undefined)).toBe(true)
    expect(delays.filter(d => d! <= 30).length).toBeGreaterThan(25)
  })

  it('p99: a healthy canary whose true p99 is 25% under the limit is rarely rolled back (the per-bucket p99 did 99.5%)', () => {
    const random = seedrandom('canary-p99-healthy')
    const c = config({ p99LatencyMs: { max: 1000, for: 1 } })
    let rolledBack = 0
    for (let i = 0; i < 200; i++) if (rollout(c, { latency: exponential(750 / P99) }, random, () => 20) !== undefined) rolledBack++
    expect(rolledBack / 200).toBeLessThanOrEqual(limit(200))
  })

  it('p99: no-data until there are enough requests for an upper bound (299 at 95%), then ok; +50% is caught', () => {
    const random = seedrandom('canary-p99-data')
    const c = config({ p99LatencyMs: { max: 1000, for: 1 } })
    const healthy = { latency: exponential(750 / P99) }
    const few = Array.from({ length: 10 }, (_, m) => bucket(m * MINUTE, 20, healthy, random))
    expect(analyzeCanary(few, { ...c, bakeMs: 0 }, 0, 10 * MINUTE).rules[0]).toMatchObject({ rule: 'p99LatencyMs', status: 'no-data' })
    const more = [...few, ...Array.from({ length: 10 }, (_, m) => bucket((10 + m) * MINUTE, 20, healthy, random))]
    expect(analyzeCanary(more, { ...c, bakeMs: 0 }, 0, 20 * MINUTE)).toMatchObject({ decision: 'promote' })
    let caught = 0
    for (let i = 0; i < 50; i++) if (rollout(c, { latency: exponential(1500 / P99) }, random, () => 20) !== undefined) caught++
    expect(caught).toBe(50)
  })

  it('quality: a canary at exactly the minimum is rolled back in ≤ α of rollouts, looking after every bucket', () => {
    const random = seedrandom('canary-quality-boundary')
    const c = config({ quality: { min: 3.5 } })
    // Mean 3.5: 1·0.1 + 3·0.35 + 4·0.4 + 5·0.15 = 3.5.
    let rolledBack = 0
    for (let i = 0; i < 100; i++) if (rollout(c, { quality: categorical([0.1, 0, 0.35, 0.4, 0.15]) }, random, () => 20, true) !== undefined) rolledBack++
    expect(rolledBack / 100).toBeLessThanOrEqual(limit(100))
  })

  it('quality: one score is enough to be evidence only when it is extreme and the bound says so', () => {
    const c = { ...config({ quality: { min: 3.5 } }), bakeMs: 0 }
    const low = bucket(0, 20, { quality: () => 1 }, seedrandom('q'))
    const analysis = analyzeCanary([low], c, 0, MINUTE)
    expect(analysis.rules[0]!.interval![1]).toBeLessThan(5)
    expect(['breach', 'no-data']).toContain(analysis.rules[0]!.status)
  })

  it('feedback: a canary whose negative-feedback rate equals the baseline\'s is rolled back at most α of the time; twice the limit is caught', () => {
    const c = config({ feedback: { maxRatio: 2 } })
    const random = seedrandom('feedback')
    const runs = 150
    let falseRollbacks = 0
    for (let i = 0; i < runs; i++) if (rollout(c, { feedback: { canary: 0.1, baseline: 0.1 } }, random, () => 50, true) !== undefined) falseRollbacks++
    expect(falseRollbacks / runs).toBeLessThanOrEqual(limit(runs))
    let caught = 0
    for (let i = 0; i < 20; i++) if (rollout(c, { feedback: { canary: 0.4, baseline: 0.1 } }, random, () => 50, true) !== undefined) caught++
    expect(caught).toBe(20)
  }, 30_000)
})
