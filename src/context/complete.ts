import type OpenAI from 'openai'
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessage, ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'
import type { RunnerTestCase } from 'vitest'
import type { CallRole } from '../client/usage.js'
import { currentCase } from './case-scope.js'
import { createClient, defaultClient } from './worker-clients.js'
import type { LlmPluginOptions } from '../config/options.js'
import type { CallResult, LlmClient } from '../client/llm-client.js'
import { errorMessage } from '../util/error-message.js'
import { settled } from '../util/settled.js'
import { recordCall, recordCallError } from './case-meta.js'

/** Sampling and other chat params; `model` defaults to `provider.model`. */
export type CompleteParams = Omit<ChatCompletionCreateParamsNonStreaming, 'messages' | 'model' | 'stream'> & {
  model?: string
  /** Trial index for the cache key; set for you inside `trials()`. */
  trial?: number
}

/** What `complete()` accepts: a user prompt, chat messages, or a whole request. */
export type CompleteInput = string | ChatCompletionMessageParam[] | ({ messages: ChatCompletionMessageParam[] } & CompleteParams)

/** A model's reply with its metadata. */
export interface Completion {
  /** The first choice's text ('' for a tool-call-only reply). */
  text: string
  /** The first choice's message, tool calls included. */
  message: ChatCompletionMessage
  usage: { inputTokens: number, outputTokens: number, estimated: boolean }
  /** USD this call cost: 0 when cached, undefined when the model's price is unknown. */
  costUsd: number | undefined
  cached: boolean
  latencyMs: number
  model: string
  /** The full response, for `n > 1` choices and anything else. */
  completion: ChatCompletion
}

/** Options of `embed()`: the SDK's embedding params; `model` defaults to `provider.model`. */
export type EmbedParams = Omit<EmbeddingCreateParams, 'input' | 'model'> & { model?: string }

/** Options of `createLlm()`: plugin options merged over the plugin's, and your own `OpenAI` instance. */
export type CreateLlmOptions = LlmPluginOptions & { openai?: OpenAI }

/** A client bound to a test case; what the `llm` fixture gives and `createLlm()` returns. */
export interface Llm {
  complete(input: CompleteInput, params?: CompleteParams): Promise<Completion>
  embed(input: string | string[], params?: EmbedParams): Promise<number[][]>
  /** The underlying client, shared by every call of this worker. */
  readonly client: LlmClient
}

function toRequest(input: CompleteInput, params: CompleteParams = {}) {
  if (typeof input === 'string') return { ...params, messages: [{ role: 'user' as const, content: input }] }
  if (Array.isArray(input)) return { ...params, messages: input }
  return { ...input, ...params }
}

/** Binds a client to a test case (or to whichever case is current at call time). */
export function bindLlm(getClient: () => LlmClient, task?: RunnerTestCase, role: CallRole = 'app'): Llm {
  return {
    get client() {
      return getClient()
    },
    // Not async: a replayed answer resolves with one promise, not four (see `chatNow`).
    complete(input, params) {
      return settled(() => {
        const { trial, ...request } = toRequest(input, params)
        const current = currentCase('complete()', task)
        const caseTask = current?.task
        const client = getClient()
        let answer: ReturnType<LlmClient['chatNow']>
        try {
          answer = client.chatNow(request, { trial: trial ?? current?.trial, variant: current?.variant, role, caseName: caseTask?.name })
        }
        catch (error) {
          failed(caseTask, error)
        }
        if (answer instanceof Promise) return answer.then(result => toCompletion(caseTask, result), error => failed(caseTask, error))
        return toCompletion(caseTask, answer)
      })
    },
    async embed(input, params = {}) {
      const caseTask = currentCase('embed()', task)?.task
      const { response, stats } = await getClient().embed({ ...params, input }, { role, caseName: caseTask?.name }).catch(error => failed(caseTask, error))
      recordCall(caseTask, stats)
      return response.data.map(d => d.embedding)
    },
  }
}

/** The reply of a call, with its metadata; the call is added to its case's usage. */
function toCompletion(task: RunnerTestCase | undefined, { response, stats }: CallResult<ChatCompletion>): Completion {
  recordCall(task, stats)
  const message = response.choices[0]?.message ?? { role: 'assistant', content: null, refusal: null }
  return {
    text: message.content ?? '',
    message,
    usage: { inputTokens: stats.inputTokens, outputTokens: stats.outputTokens, estimated: stats.estimated },
    costUsd: stats.costUsd,
    cached: stats.cached,
    latencyMs: stats.latencyMs,
    model: stats.model,
    completion: response,
  }
}

// A call that failed for good is an infrastructure error of its case, whatever the test does
// with the exception: the report counts it, so a run with one never reports `passed`.
function failed(task: RunnerTestCase | undefined, error: unknown): never {
  recordCallError(task, errorMessage(error))
  throw error
}

const shared = bindLlm(defaultClient)

/**
 * Calls the configured model through the client layer (cache, concurrency, retries,
 * accounting) and resolves to the reply with its metadata.
 *
 * @example
 * const reply = await complete('What is the capital of France?')
 * expect(reply.text).toContainAny(['Paris'])
 */
export function complete(input: CompleteInput, params?: CompleteParams): Promise<Completion> {
  return shared.complete(input, params)
}

/** Embeds one or more texts with the configured (or given) embedding model. */
export function embed(input: string | string[], params?: EmbedParams): Promise<number[][]> {
  return shared.embed(input, params)
}

/**
 * A client with its own options — e.g. your configured `OpenAI` instance, or another model —
 * merged over the plugin's. Calls are attributed to the current test case.
 *
 * @example
 * const llm = createLlm({ openai: new OpenAI({ baseURL: 'http://localhost:11434/v1' }), provider: { model: 'llama3.2' } })
 */
export function createLlm(options: CreateLlmOptions = {}): Llm {
  const client = createClient(options)
  return bindLlm(() => client)
}
