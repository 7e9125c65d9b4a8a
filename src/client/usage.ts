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
 * `cached` only, so a fully replayed run costs nothing. Partial totals (a test case's, where a
 * sum that stays 0 is left out) gain only the fields the call adds to.
 */
export function addCall<T extends Partial<UsageTotals>>(totals: T, call: CallStats): T {
  if (call.cached) {
    totals.cached = (totals.cached ?? 0) + 1
    return totals
  }
  totals.requests = (totals.requests ?? 0) + 1
  if (call.inputTokens) totals.inputTokens = (totals.inputTokens ?? 0) + call.inputTokens
  if (call.outputTokens) totals.outputTokens = (totals.outputTokens ?? 0) + call.outputTokens
  if (call.costUsd === undefined) totals.unpricedRequests = (totals.unpricedRequests ?? 0) + 1
  else if (call.costUsd) totals.costUsd = (totals.costUsd ?? 0) + call.costUsd
  if (call.retries) totals.retries = (totals.retries ?? 0) + call.retries
  if (call.latencyMs) totals.latencyMs = (totals.latencyMs ?? 0) + call.latencyMs
  return totals
}

/** Adds `b` (whole, or partial: a missing field is 0) into `a`; fields `a` does not have are ignored. */
export function addTotals(a: UsageTotals, b: Partial<UsageTotals>): UsageTotals {
  for (const key in a) a[key as keyof UsageTotals] += b[key as keyof UsageTotals] ?? 0
  return a
}
