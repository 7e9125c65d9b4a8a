import { sha256 } from '../../util/sha256.js'
import { canonical } from '../../util/canonical.js'

/** The kind of endpoint a cached answer came from. */
export type EndpointKind = 'chat' | 'embeddings'

// Body fields that change how a reply is delivered or billed, not what it says.
const TRANSPORT_FIELDS = new Set(['stream', 'stream_options', 'user', 'metadata', 'store', 'service_tier', 'safety_identifier', 'prompt_cache_key'])

/** What a cassette is addressed by: everything that can change the answer. */
export interface CacheKeyInput {
  kind: EndpointKind
  /** The request body: model, messages, tools, response_format, sampling params... */
  body: Record<string, unknown>
  /** Trial index, so repeated trials of one case are distinct entries. @default 0 */
  trial?: number
  /**
   * The `compare()` variant making the call: two variants that send the same request get
   * answers of their own, as they would live, instead of sharing one. Absent elsewhere, so
   * existing cassettes keep their keys.
   */
  variant?: string
}

/** The request as stored beside the response: canonical, transport fields removed. */
export function cacheRequest(input: CacheKeyInput): Record<string, unknown> {
  // One object before the canonical copy (a replayed call's hot path); body fields come last
  // and win, as they always have, so keys stay what they were.
  const request: Record<string, unknown> = { kind: input.kind, trial: input.trial ?? 0 }
  if (input.variant !== undefined) request.variant = input.variant
  for (const key of Object.keys(input.body)) if (!TRANSPORT_FIELDS.has(key)) request[key] = input.body[key]
  return canonical(request) as Record<string, unknown>
}

/** The request as stored and its content address, canonicalised once (the client needs both). */
export function cacheEntry(input: CacheKeyInput): { request: Record<string, unknown>, key: string } {
  const request = cacheRequest(input)
  // Already canonical: hashing its JSON gives the same key as hashOf(request), without a second copy.
  return { request, key: sha256(JSON.stringify(request)) }
}
