/**
 * Fail fast on a dead endpoint. A wrong URL or a missing key otherwise makes every case retry
 * five times and print the same failure N times (300 cases would take minutes). After a few
 * consecutive connection failures, or any 401/403, an endpoint is down for the rest of the run
 * and later calls to it fail at once with one clear error. Any answer resets the count.
 */

/** Consecutive connection failures (across calls and workers) that mark an endpoint down. */
export const MAX_CONNECTION_FAILURES = 3

/** What an attempt told us about the endpoint. */
export type EndpointOutcome = 'ok' | 'connection' | 'auth'

/** The health of one endpoint (base URL and key), as this process or the run knows it. */
export class EndpointHealth {
  private failures = 0
  private reason: string | undefined
  /** Told about every recorded outcome, e.g. to share it with the other workers. */
  onRecord: ((outcome: EndpointOutcome, detail: string) => void) | undefined

  /** Why the endpoint is down for the rest of the run, or undefined while it is usable. */
  down(): string | undefined {
    return this.reason
  }

  /** Whether connection failures are being counted: an answer now would reset them. */
  failing(): boolean {
    return this.failures > 0 && !this.reason
  }

  /** Records an attempt's outcome; `detail` says what failed (status, error), never a key. */
  record(outcome: EndpointOutcome, detail: string): void {
    this.onRecord?.(outcome, detail)
    this.apply(outcome, detail)
  }

  /** Applies an outcome without telling `onRecord` (for outcomes that came from elsewhere). */
  apply(outcome: EndpointOutcome, detail: string): void {
    if (this.reason) return
    if (outcome === 'ok') {
      this.failures = 0
      return
    }
    if (outcome === 'auth') {
      this.reason = `it refused the credentials (${detail}). Check OPENAI_API_KEY / \`provider.apiKey\` (or \`judge.apiKey\`) and that the key may use this endpoint and model`
      return
    }
    if (++this.failures >= MAX_CONNECTION_FAILURES) {
      this.reason = `${this.failures} consecutive connection failures (last: ${detail}). Check OPENAI_BASE_URL / \`provider.baseURL\` (or \`judge.baseURL\`), that the server is running, and the network`
    }
  }

  /** Marks the endpoint down with a reason decided elsewhere (the run's limit service). */
  markDown(reason: string): void {
    this.reason ??= reason
  }
}

const local = new Map<string, EndpointHealth>()

/** This process's health record of an endpoint, shared by every client that calls it. */
export function localHealth(key: string): EndpointHealth {
  let health = local.get(key)
  if (!health) local.set(key, health = new EndpointHealth())
  return health
}

/** Classifies a failed attempt: a connection failure, a refused credential, or neither. */
export function outcomeOf(failure: { status: number | undefined, connection?: boolean }): EndpointOutcome | undefined {
  if (failure.status === 401 || failure.status === 403) return 'auth'
  if (failure.status === undefined && failure.connection) return 'connection'
  return undefined
}
