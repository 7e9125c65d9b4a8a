import { randomBytes } from 'node:crypto'
import { countMessageTokens, countTokens } from '../tokens/count-tokens.js'
import type { FakeErrorReply, FakeRequest, FakeToolCall } from './types.js'

/** Bodies in the exact shapes of OpenAI's API, so the real `openai` SDK accepts them. */

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`

export interface ChoiceSpec {
  content: string | null
  toolCalls?: FakeToolCall[]
  finishReason?: string
}

function toolCalls(calls: FakeToolCall[]) {
  return calls.map(call => ({
    id: call.id ?? id('call_'),
    type: 'function' as const,
    function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}) },
  }))
}

function message(choice: ChoiceSpec) {
  return {
    role: 'assistant' as const,
    content: choice.content,
    refusal: null,
    annotations: [],
    ...(choice.toolCalls?.length ? { tool_calls: toolCalls(choice.toolCalls) } : {}),
  }
}

function finishReason(choice: ChoiceSpec): string {
  return choice.finishReason ?? (choice.toolCalls?.length ? 'tool_calls' : 'stop')
}

/** Token usage: tiktoken counts of the request and the choices unless overridden. */
export function usageFor(request: FakeRequest, choices: ChoiceSpec[], override: { prompt_tokens?: number, completion_tokens?: number } = {}) {
  const prompt = override.prompt_tokens ?? countMessageTokens(request.messages, { model: request.model })
  const completion = override.completion_tokens ?? choices.reduce((sum, c) => sum + countTokens(c.content ?? '', { model: request.model })
    + (c.toolCalls ? countTokens(JSON.stringify(toolCalls(c.toolCalls).map(t => t.function)), { model: request.model }) : 0), 0)
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  }
}

export function chatCompletion(request: FakeRequest, choices: ChoiceSpec[], usage: ReturnType<typeof usageFor>) {
  return {
    id: id('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: choices.map((choice, index) => ({ index, message: message(choice), logprobs: null, finish_reason: finishReason(choice) })),
    usage,
    service_tier: 'default',
    system_fingerprint: 'fp_vitest_llm_fake',
  }
}

/** The server-sent events of a streamed completion (`stream: true`). */
export function chatCompletionChunks(request: FakeRequest, choices: ChoiceSpec[], usage: ReturnType<typeof usageFor>): string[] {
  const base = { id: id('chatcmpl-'), object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model, system_fingerprint: 'fp_vitest_llm_fake' }
  const events: object[] = []
  choices.forEach((choice, index) => {
    events.push({ ...base, choices: [{ index, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }] })
    if (choice.content) events.push({ ...base, choices: [{ index, delta: { content: choice.content }, logprobs: null, finish_reason: null }] })
    if (choice.toolCalls?.length) {
      events.push({ ...base, choices: [{ index, delta: { tool_calls: toolCalls(choice.toolCalls).map((call, i) => ({ index: i, ...call })) }, logprobs: null, finish_reason: null }] })
    }
    events.push({ ...base, choices: [{ index, delta: {}, logprobs: null, finish_reason: finishReason(choice) }] })
  })
  const options = request.body.stream_options as { include_usage?: boolean } | undefined
  if (options?.include_usage) events.push({ ...base, choices: [], usage })
  return [...events.map(event => `data: ${JSON.stringify(event)}\n\n`), 'data: [DONE]\n\n']
}

export function embeddingList(model: string, vectors: Array<number[] | string>, promptTokens: number) {
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  }
}

const ERROR_TYPES: Record<number, { type: string, code: string | null, message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Bad request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Forbidden.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
}

export function errorBody(reply: FakeErrorReply) {
  const known = ERROR_TYPES[reply.status] ?? { type: reply.status >= 500 ? 'server_error' : 'invalid_request_error', code: null, message: `Error ${reply.status}.` }
  return {
    error: {
      message: reply.message ?? known.message,
      type: reply.type ?? known.type,
      param: null,
      code: reply.code === undefined ? known.code : reply.code,
    },
  }
}
