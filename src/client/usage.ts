/** Who made an LLM call: the application under test, or the judge grading it. */
export type CallRole = 'app' | 'judge'

/** Accounting of one LLM call. */
export interface CallStats {
  role: CallRole
  model: string
  /** True when answered from a cassette or by an identical call already in flight: no request made. */
  cached: boolean
  /** Tokens of this call's answer (from `usage`, or tiktoken estimates when the endpoint sent none). */
  inputTokens: number
  outputTokens: number
  /** True when the token counts are tiktoken estimates. */
  estimated: boolean
  /** USD spent by this call: 0 when cached, undefined when the model's price is unknown. */
  costUsd: number | undefined
  latencyMs: number
  /** Failed attempts before the one that answered. */
  retries: number
}

/** Sums of calls, as recorded per test case and per run (app and judge apart). */
export interface UsageTotals {
  requests: number
  cached: number
  inputTokens: number
  outputTokens: number
  costUsd: number
  /** Live calls whose model has no known price (their cost is not in `costUsd`). */
  unpricedRequests: number
  retries: number
  latencyMs: number
}

export function emptyTotals(): UsageTotals {
  return { requests: 0, cached: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedRequests: 0, retries: 0, latencyMs: 0 }
}

/**
 * Adds a call to totals. Tokens and cost count what this run spent: a cached answer adds to
 * `cached` only, so a fully replayed run costs nothing.
 */
export function addCall(totals: UsageTotals, call: CallStats): UsageTotals {
  if (call.cached) {
    totals.cached++
    return totals
  }
  totals.requests++
  totals.inputTokens += call.inputTokens
  totals.outputTokens += call.outputTokens
  if (call.costUsd === undefined) totals.unpricedRequests++
  else totals.costUsd += call.costUsd
  totals.retries += call.retries
  totals.latencyMs += call.latencyMs
  return totals
}

/** Adds `b` into `a`. */
export function addTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  for (const key of Object.keys(a) as Array<keyof UsageTotals>) a[key] += b[key]
  return a
}
