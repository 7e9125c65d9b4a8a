import { VitestLlmError } from '../errors.js'

/**
 * An LLM call that failed for good: not retryable, or still failing after the last retry.
 * The message names endpoint, model, status and attempts — never credentials.
 */
export class LlmRequestError extends VitestLlmError {
  readonly status: number | undefined
  readonly attempts: number
  readonly endpoint: string
  readonly model: string
  /** The provider's request id (`x-request-id`) of the last attempt, to quote to its support. */
  readonly requestId: string | undefined

  /** True when the call was not sent: the endpoint was found dead earlier in the run (fail-fast). */
  readonly down: boolean

  constructor(details: { endpoint: string, model: string, status: number | undefined, attempts: number, reason: string, retryable: boolean, requestId?: string | undefined, down?: boolean }) {
    const status = details.status === undefined ? 'no response' : `HTTP ${details.status}`
    const why = details.retryable
      ? `after ${details.attempts} attempt${details.attempts > 1 ? 's' : ''}`
      : `(${status} is not retried; fix the request or credentials)`
    super('E_LLM', details.down
      ? `LLM request to ${details.endpoint} (model \`${details.model}\`) not sent: the endpoint is down for the rest of this run: ${details.reason}`
      : `LLM request to ${details.endpoint} (model \`${details.model}\`) failed ${why}: ${status}: ${details.reason}${details.requestId ? ` (request id ${details.requestId})` : ''}`)
    this.down = details.down ?? false
    this.name = 'LlmRequestError'
    this.status = details.status
    this.attempts = details.attempts
    this.endpoint = details.endpoint
    this.model = details.model
    this.requestId = details.requestId
  }
}

/** A cache problem that the mode makes fatal: a replay miss or a corrupt cassette in replay. */
export class CacheError extends VitestLlmError {
  constructor(message: string) {
    super('E_CACHE', message)
    this.name = 'CacheError'
  }
}

/** Removes credentials from text that may quote a URL or echo a key. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@')
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***')
  return out
}
