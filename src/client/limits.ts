import { sha256 } from '../util/sha256.js'
import { EndpointHealth, localHealth } from './endpoint-health.js'
import { RateLimiter, type RateLimit } from './rate-limiter.js'
import { Semaphore, type ConcurrencyLimit } from './semaphore.js'

/** The limits a run sets per endpoint. */
export interface LimitSettings {
  concurrency: number
  rateLimit: { requestsPerMinute?: number | undefined, tokensPerMinute?: number | undefined }
}

/** What a client of one endpoint shares with every other client of it. */
export interface EndpointLimits {
  limit: ConcurrencyLimit
  rate: RateLimit
  health: EndpointHealth
}

/** Hands out the shared limits of an endpoint: this process's own, or the run's (all workers). */
export interface LimitProvider {
  /** `endpoint` is the base URL (limits are per endpoint); `healthKey` adds the key's fingerprint. */
  forEndpoint(endpoint: string, healthKey: string, settings: LimitSettings): EndpointLimits
}

/** The base URL calls go to, without a trailing slash: the unit `concurrency` and `rateLimit` count per. */
export function endpointBase(baseURL: string | undefined): string {
  return (baseURL ?? 'https://api.openai.com/v1').replace(/\/$/, '')
}

/**
 * Identifies an endpoint and credential for fail-fast: a 401 is about the key, so two keys on
 * one URL are apart. Only a short hash of the key is kept, never the key.
 */
export function healthKeyOf(base: string, apiKey: string | undefined): string {
  return `${base} key#${sha256(apiKey ?? '').slice(0, 12)}`
}

const semaphores = new Map<string, Semaphore>()
const rates = new Map<string, RateLimiter>()

/**
 * This process's limits per endpoint, for runs without the plugin's limit service (a plain
 * script, or `vitest-llm/matchers` without the plugin). The first settings seen for an
 * endpoint win.
 */
export const localLimits: LimitProvider = {
  forEndpoint(endpoint, healthKey, settings) {
    let limit = semaphores.get(endpoint)
    if (!limit) semaphores.set(endpoint, limit = new Semaphore(settings.concurrency))
    let rate = rates.get(endpoint)
    if (!rate) rates.set(endpoint, rate = new RateLimiter(clean(settings.rateLimit)))
    return { limit, rate, health: localHealth(healthKey) }
  },
}

function clean(limits: LimitSettings['rateLimit']): { requestsPerMinute?: number, tokensPerMinute?: number } {
  return {
    ...(limits.requestsPerMinute ? { requestsPerMinute: limits.requestsPerMinute } : {}),
    ...(limits.tokensPerMinute ? { tokensPerMinute: limits.tokensPerMinute } : {}),
  }
}
