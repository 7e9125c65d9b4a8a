import type { EndpointKind } from './cache/cache-key.js'

/**
 * Checks that a "successful" reply has the shape its endpoint promises. Some servers (proxies,
 * gateways, local runtimes) answer 200 with `{}`, an error body or `choices: []`; taken as-is
 * these crash later (`reading 'map'`) or pass as empty text — and worse, get cached. A reply
 * that fails here is treated like a 5xx: retried, never recorded, and corrupt in a cassette.
 * Returns what is wrong, or undefined when the shape is fine.
 */
export function malformedReply(kind: EndpointKind, response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null || Array.isArray(response)) return `the body is ${describe(response)}, not a JSON object`
  const body = response as Record<string, unknown>
  if (body.error !== undefined && body.error !== null) return `the body is an error: ${errorText(body.error)}`
  if (kind === 'embeddings') {
    if (!Array.isArray(body.data) || body.data.length === 0) return `\`data\` is ${describe(body.data)}, expected a non-empty list of embeddings`
    if (!body.data.every(d => typeof d === 'object' && d !== null && (Array.isArray((d as { embedding?: unknown }).embedding) || typeof (d as { embedding?: unknown }).embedding === 'string'))) return 'an entry of `data` has no `embedding`'
    return undefined
  }
  if (!Array.isArray(body.choices) || body.choices.length === 0) return `\`choices\` is ${describe(body.choices)}, expected a non-empty list`
  if (!body.choices.every(c => typeof c === 'object' && c !== null && typeof (c as { message?: unknown }).message === 'object' && (c as { message?: unknown }).message !== null)) return 'a choice has no `message`'
  return undefined
}

/**
 * For structured output (`response_format` json_schema or json_object), the first choice's
 * text must be JSON: a reply that is not (a glitch, a cut-off answer) is returned to the caller
 * but never recorded, so one bad answer does not become permanent. Refusals and tool calls
 * (no text) are left alone.
 */
export function unstructuredReply(request: object, response: unknown): string | undefined {
  const format = (request as { response_format?: { type?: string } }).response_format?.type
  if (format !== 'json_schema' && format !== 'json_object') return undefined
  const content = (response as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]?.message?.content
  if (typeof content !== 'string') return undefined
  try {
    JSON.parse(content)
    return undefined
  }
  catch (error) {
    return `the reply to a ${format} request is not JSON (${(error as Error).message})`
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  if (Array.isArray(value)) return value.length === 0 ? 'empty ([])' : 'a list'
  if (value === null) return 'null'
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'empty ({})' : 'an object'
  return `a ${typeof value}`
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error.slice(0, 200)
  const message = (error as { message?: unknown }).message
  return typeof message === 'string' ? message.slice(0, 200) : JSON.stringify(error).slice(0, 200)
}
