import type { RequestRecord } from './request-log.js'

/** What one version did in one time bucket. */
export interface VersionBucket {
  requests: number
  errors: number
  latencies: number[]
  quality: number[]
  feedback: number
  negative: number
  /** Point values from a metrics source (Prometheus) when raw requests are not available. */
  errorRate?: number
  p99LatencyMs?: number
  qualityMean?: number
}

export interface Bucket {
  start: number
  canary: VersionBucket
  baseline: VersionBucket
}

export const emptyVersionBucket = (): VersionBucket => ({ requests: 0, errors: 0, latencies: [], quality: [], feedback: 0, negative: 0 })

/** Groups the records of both versions in [from, to) into buckets of `size` ms. */
export function bucketize(records: readonly RequestRecord[], versions: { baseline: string, canary: string }, from: number, to: number, size: number): Bucket[] {
  const buckets = new Map<number, Bucket>()
  for (let start = from; start < to; start += size) buckets.set(start, { start, canary: emptyVersionBucket(), baseline: emptyVersionBucket() })
  for (const r of records) {
    if (r.time < from || r.time >= to) continue
    const side = r.version === versions.canary ? 'canary' : r.version === versions.baseline ? 'baseline' : undefined
    if (!side) continue
    const start = from + Math.floor((r.time - from) / size) * size
    const b = buckets.get(start)![side]
    b.requests++
    if (r.error !== undefined && r.error !== false) b.errors++
    b.latencies.push(r.latencyMs)
    if (r.quality !== undefined) b.quality.push(r.quality)
    if (r.feedback) {
      b.feedback++
      if (r.feedback === 'negative') b.negative++
    }
  }
  return [...buckets.values()].sort((a, b) => a.start - b.start)
}
