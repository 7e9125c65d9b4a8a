import type { RequestRecord } from './request-log.js'
import { DeployDataError } from './deploy-error.js'

/** The narrowest bucket a canary config may ask for (`bucket: 0s` would never end). */
export const MIN_BUCKET_MS = 1000

/** Most buckets in one bake (checked by the config); every bucket is kept in memory. */
export const MAX_BUCKETS = 10_000

/**
 * Most buckets an analysed window may span: the step may run past its bake (held for lack of
 * data), but a window this long means a wrong `--now` or state file, not a real step.
 */
export const MAX_WINDOW_BUCKETS = 10 * MAX_BUCKETS

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

/**
 * The start of every bucket of `size` ms in [from, to). Throws a `DeployDataError` for a size
 * under MIN_BUCKET_MS or a window over MAX_WINDOW_BUCKETS buckets, so no input can hang the
 * analysis or exhaust memory.
 */
export function bucketStarts(from: number, to: number, size: number): number[] {
  if (!(size >= MIN_BUCKET_MS)) throw new DeployDataError(`bucket: expected at least ${MIN_BUCKET_MS} ms, received ${size} ms`)
  const count = Math.max(0, Math.ceil((to - from) / size))
  if (count > MAX_WINDOW_BUCKETS) {
    throw new DeployDataError(`the window from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} spans ${count} buckets of ${size} ms, more than ${MAX_WINDOW_BUCKETS}; check --now and the step's start in the state file, or use a larger bucket`)
  }
  return Array.from({ length: count }, (_, i) => from + i * size)
}

/** Groups the records of both versions in [from, to) into buckets of `size` ms. */
export function bucketize(records: readonly RequestRecord[], versions: { baseline: string, canary: string }, from: number, to: number, size: number): Bucket[] {
  const buckets = new Map<number, Bucket>()
  for (const start of bucketStarts(from, to, size)) buckets.set(start, { start, canary: emptyVersionBucket(), baseline: emptyVersionBucket() })
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
