/**
 * Whether and when to retry a failed LLM request: small pure functions, tested on their own.
 * 429, 408, 409, 5xx, connection resets and timeouts are transient; other 4xx are the caller's
 * mistake and retrying them only burns quota.
 */

/** What a failed attempt tells us. */
export interface AttemptFailure {
  /** HTTP status; undefined for connection errors and timeouts. */
  status: number | undefined
  /** Response headers, when there was a response. */
  headers?: { get(name: string): string | null } | undefined
}

export function isRetryable(failure: AttemptFailure): boolean {
  const { status } = failure
  if (status === undefined) return true
  return status === 408 || status === 409 || status === 429 || status >= 500
}

/** Longest wait we accept from a `retry-after` header before giving up on honouring it. */
export const MAX_RETRY_AFTER_MS = 60_000
const BASE_DELAY_MS = 500
const MAX_BACKOFF_MS = 8_000

/**
 * Milliseconds to wait before retry number `attempt` (1-based). Honours `retry-after-ms`, then
 * `retry-after` (seconds or an HTTP date), capped at a minute; otherwise exponential backoff
 * with ±25% jitter so that parallel workers do not retry in lockstep.
 */
export function retryDelay(attempt: number, failure: AttemptFailure, random: () => number = Math.random, now: number = Date.now()): number {
  const fromHeader = retryAfterMs(failure.headers, now)
  if (fromHeader !== undefined && fromHeader >= 0 && fromHeader <= MAX_RETRY_AFTER_MS) return fromHeader
  const backoff = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS)
  return Math.round(backoff * (0.75 + random() * 0.5))
}

function retryAfterMs(headers: AttemptFailure['headers'], now: number): number | undefined {
  const ms = headers?.get('retry-after-ms')
  if (ms && Number.isFinite(Number(ms))) return Number(ms)
  const after = headers?.get('retry-after')
  if (!after) return undefined
  if (Number.isFinite(Number(after))) return Number(after) * 1000
  const date = Date.parse(after)
  return Number.isNaN(date) ? undefined : date - now
}
