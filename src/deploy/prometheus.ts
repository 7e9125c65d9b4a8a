import { bucketStarts, emptyVersionBucket, type Bucket } from './buckets.js'
import type { CanaryConfig } from './canary-config.js'
import { DeployDataError } from './deploy-error.js'

type Sample = [number, string]
interface PromResponse {
  status: 'success' | 'error'
  error?: string
  data?: { resultType: 'matrix' | 'vector' | 'scalar' | 'string', result: unknown }
}

/** Values by timestamp (seconds) from any Prometheus result type; NaN and ±Inf are dropped. */
export function promValues(response: PromResponse, query: string): Map<number, number> {
  if (response.status !== 'success' || !response.data) throw new DeployDataError(`Prometheus query failed: ${response.error ?? 'no data'} (${query})`)
  const out = new Map<number, number>()
  const add = ([ts, raw]: Sample) => {
    const value = Number(raw)
    if (Number.isFinite(value)) out.set(Math.round(ts), (out.get(Math.round(ts)) ?? 0) + value)
  }
  const { resultType, result } = response.data
  if (resultType === 'matrix') for (const series of result as Array<{ values: Sample[] }>) series.values.forEach(add)
  else if (resultType === 'vector') for (const series of result as Array<{ value: Sample }>) add(series.value)
  else if (resultType === 'scalar') add(result as Sample)
  else throw new DeployDataError(`Prometheus returned a ${resultType} result, expected matrix, vector or scalar (${query})`)
  return out
}

/**
 * Reads bucketed metrics for both versions from the Prometheus HTTP API (`/api/v1/query_range`,
 * read-only). Each query is PromQL with `{{version}}` standing for the version label value.
 */
export async function prometheusBuckets(config: CanaryConfig, from: number, to: number, fetchImpl: typeof fetch = fetch): Promise<Bucket[]> {
  if (!('prometheus' in config.source)) throw new DeployDataError('source is not prometheus')
  const { url, queries } = config.source.prometheus
  const step = Math.max(1, Math.round(config.bucketMs / 1000))
  const buckets = new Map<number, Bucket>()
  for (const start of bucketStarts(from, to, config.bucketMs)) buckets.set(Math.round(start / 1000), { start, canary: emptyVersionBucket(), baseline: emptyVersionBucket() })
  const fields = { errorRate: 'errorRate', p99LatencyMs: 'p99LatencyMs', quality: 'qualityMean', requests: 'requests' } as const
  for (const [name, field] of Object.entries(fields) as Array<[keyof typeof fields, (typeof fields)[keyof typeof fields]]>) {
    const template = queries[name]
    if (!template) continue
    for (const side of ['canary', 'baseline'] as const) {
      const query = template.replaceAll('{{version}}', side === 'canary' ? config.canary : config.baseline)
      const params = new URLSearchParams({ query, start: String(from / 1000), end: String((to - 1) / 1000), step: String(step) })
      const endpoint = `${url.replace(/\/$/, '')}/api/v1/query_range?${params}`
      let response: Response
      try {
        response = await fetchImpl(endpoint)
      }
      catch (error) {
        throw new DeployDataError(`cannot reach Prometheus at ${url}: ${(error as Error).message}`)
      }
      const body = await response.json().catch(() => ({ status: 'error', error: `HTTP ${response.status}, not JSON` })) as PromResponse
      for (const [ts, value] of promValues(body, query)) {
        const bucket = buckets.get(ts)
        if (bucket) bucket[side][field] = value
      }
    }
  }
  return [...buckets.values()].sort((a, b) => a.start - b.start)
}
