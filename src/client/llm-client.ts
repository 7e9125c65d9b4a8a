import type OpenAI from 'openai'
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'
import { VitestLlmError } from '../errors.js'
import type { CacheMode, ResolvedEndpoint } from '../config/options.js'
import { countMessageTokens, countTokens } from '../tokens/count-tokens.js'
import { cacheEntry, type EndpointKind } from './cache/cache-key.js'
import { CassetteStore } from './cache/cassette-store.js'
import { CacheError, LlmRequestError, redact } from './llm-error.js'
import { costOf, type ModelPrice } from './pricing.js'
import { RateLimiter } from './rate-limiter.js'
import { isRetryable, retryDelay, type AttemptFailure } from './retry.js'
import { Semaphore, type ConcurrencyLimit } from './semaphore.js'
import type { CallRole, CallStats } from './usage.js'

/** Settings of a client; the plugin's resolved options provide them. */
export interface LlmClientConfig {
  provider: ResolvedEndpoint
  cache: { mode: CacheMode, dir: string }
  concurrency: number
  rateLimit: { requestsPerMinute?: number | undefined, tokensPerMinute?: number | undefined }
  retries: number
  timeoutMs: number
  pricing: Record<string, ModelPrice>
  /** A concurrency limit shared with other clients (e.g. the judge's); else one of `concurrency`. */
  limit?: ConcurrencyLimit
  /** Your own configured SDK instance; its own retries are bypassed (ours apply). */
  openai?: OpenAI
  /** Told about each retry, e.g. to log it. */
  onRetry?: (event: { attempt: number, delayMs: number, status: number | undefined, model: string }) => void
  /** Told about a corrupt cassette that `auto` mode re-fetches. */
  onCorrupt?: (event: { file: string, reason: string }) => void
}

/** Per call: which trial it belongs to, who makes it, and its test case (for messages). */
export interface CallOptions {
  trial?: number
  role?: CallRole
  caseName?: string
}

export interface CallResult<T> {
  response: T
  stats: CallStats
}

/**
 * The one path every LLM call takes: cache → de-duplication → concurrency and rate limits →
 * retries → accounting. Built on the official `openai` SDK, with the SDK's own retries off.
 */
export class LlmClient {
  private readonly limit: ConcurrencyLimit
  private readonly limiter: RateLimiter
  private readonly store: CassetteStore
  private readonly inFlight = new Map<string, Promise<CallResult<unknown>>>()
  private sdk: OpenAI | undefined

  constructor(readonly config: LlmClientConfig) {
    this.limit = config.limit ?? new Semaphore(config.concurrency)
    this.limiter = new RateLimiter(config.rateLimit)
    this.store = new CassetteStore(config.cache.dir)
    this.sdk = config.openai
  }

  /** A chat completion (non-streaming). `model` defaults to the provider's. */
  chat(body: Omit<ChatCompletionCreateParamsNonStreaming, 'model'> & { model?: string }, options: CallOptions = {}): Promise<CallResult<ChatCompletion>> {
    const request = { ...body, model: this.modelFor(body.model) } as ChatCompletionCreateParamsNonStreaming
    return this.call('chat', request, options, async (sdk, signal) => sdk.chat.completions.create({ ...request, stream: false }, { signal, timeout: this.config.timeoutMs, maxRetries: 0 }), (completion) => {
      const usage = completion.usage
      if (usage) return { input: usage.prompt_tokens, output: usage.completion_tokens, estimated: false }
      const text = completion.choices.map(c => c.message.content ?? JSON.stringify(c.message.tool_calls ?? '')).join('')
      return { input: countMessageTokens(request.messages, { model: request.model }), output: countTokens(text, { model: request.model }), estimated: true }
    })
  }

  /** Embeddings (floats). `model` defaults to the provider's. */
  embed(body: Omit<EmbeddingCreateParams, 'model'> & { model?: string }, options: CallOptions = {}): Promise<CallResult<CreateEmbeddingResponse>> {
    const request = { encoding_format: 'float', ...body, model: this.modelFor(body.model) } as EmbeddingCreateParams
    return this.call('embeddings', request, options, async (sdk, signal) => sdk.embeddings.create(request, { signal, timeout: this.config.timeoutMs, maxRetries: 0 }), response => ({ input: response.usage.prompt_tokens, output: 0, estimated: false }))
  }

  private modelFor(model: string | undefined): string {
    const chosen = model ?? this.config.provider.model
    if (!chosen) throw new VitestLlmError('E_OPTIONS', 'no model: set `provider.model` in llm({...}) or pass `model` with the call')
    return chosen
  }

  private async call<T>(kind: EndpointKind, body: object, options: CallOptions, send: (sdk: OpenAI, signal?: AbortSignal) => Promise<T>, tokens: (response: T) => { input: number, output: number, estimated: boolean }): Promise<CallResult<T>> {
    const mode = this.config.cache.mode
    const keyInput = { kind, body: body as Record<string, unknown>, trial: options.trial }
    const { request: stored, key } = cacheEntry(keyInput)
    const role = options.role ?? 'app'
    const model = (body as { model: string }).model

    const existing = mode !== 'off' ? this.inFlight.get(key) as Promise<CallResult<T>> | undefined : undefined
    if (existing) {
      // An identical request is already on its way: share its answer, spend nothing.
      const shared = await existing
      return { response: shared.response, stats: { ...shared.stats, role, cached: true, costUsd: 0, retries: 0, latencyMs: 0 } }
    }
    const started = (async (): Promise<CallResult<T>> => {
      const begin = performance.now()
      if (mode === 'auto' || mode === 'replay') {
        const found = await this.store.read(key)
        if (found.status === 'hit') {
          const counted = tokens(found.cassette.response as T)
          return { response: found.cassette.response as T, stats: { role, model, cached: true, inputTokens: counted.input, outputTokens: counted.output, estimated: counted.estimated, costUsd: 0, latencyMs: performance.now() - begin, retries: 0 } }
        }
        const where = `${options.caseName ? `case \`${options.caseName}\`, ` : ''}model \`${model}\`, key ${key}`
        if (found.status === 'corrupt') {
          const file = this.store.pathOf(key)
          if (mode === 'replay') throw new CacheError(`corrupt cassette ${file} (${where}): ${found.reason}. Delete it and record again with VITEST_LLM_CACHE=auto.`)
          this.config.onCorrupt?.({ file, reason: found.reason })
        }
        else if (mode === 'replay') {
          throw new CacheError(`cache miss in replay mode (${where}): no cassette at ${this.store.pathOf(key)}. Record it by running once with VITEST_LLM_CACHE=auto (or cache.mode 'auto') and commit ${this.config.cache.dir}.`)
        }
      }
      const live = await this.live(model, body, send)
      const counted = tokens(live.response)
      if (mode !== 'off') await this.store.write(key, stored, live.response)
      return {
        response: live.response,
        stats: { role, model, cached: false, inputTokens: counted.input, outputTokens: counted.output, estimated: counted.estimated, costUsd: costOf(model, counted.input, counted.output, this.config.pricing), latencyMs: live.latencyMs, retries: live.retries },
      }
    })()
    if (mode === 'off') return started
    this.inFlight.set(key, started)
    try {
      return await started
    }
    finally {
      this.inFlight.delete(key)
    }
  }

  /** One live call with concurrency, rate limits and retries. */
  private live<T>(model: string, body: object, send: (sdk: OpenAI) => Promise<T>): Promise<{ response: T, latencyMs: number, retries: number }> {
    // Only a tokens-per-minute limit needs the estimate; tokenizing is the costliest local step.
    const estimate = this.config.rateLimit.tokensPerMinute
      ? countTokens(JSON.stringify((body as { messages?: unknown }).messages ?? (body as { input?: unknown }).input ?? ''))
      : 0
    return this.limit.run(async () => {
      await this.limiter.acquire(estimate)
      const begin = performance.now()
      const sdk = await this.client()
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await send(sdk)
          const usage = (response as { usage?: { total_tokens?: number } }).usage
          if (usage?.total_tokens !== undefined) this.limiter.settle(estimate, usage.total_tokens)
          return { response, latencyMs: performance.now() - begin, retries: attempt - 1 }
        }
        catch (error) {
          const failure = toFailure(error, await loadSdk())
          const retryable = failure.retryable && isRetryable(failure)
          if (!retryable || attempt > this.config.retries) {
            throw new LlmRequestError({ endpoint: this.endpoint(body), model, status: failure.status, attempts: attempt, reason: this.redact(failure.reason), retryable, requestId: failure.requestId })
          }
          const delayMs = retryDelay(attempt, failure)
          this.config.onRetry?.({ attempt, delayMs, status: failure.status, model })
          await new Promise(resolve => setTimeout(resolve, delayMs))
        }
      }
    })
  }

  private async client(): Promise<OpenAI> {
    if (this.sdk) return this.sdk
    const { apiKey, baseURL } = this.config.provider
    if (!apiKey && !baseURL) {
      throw new VitestLlmError('E_OPTIONS', 'no API key: set OPENAI_API_KEY (or `provider.apiKey`), point `provider.baseURL` at a local endpoint, or replay committed cassettes with VITEST_LLM_CACHE=replay')
    }
    // Local endpoints (Ollama, vLLM, our fake) accept any key; the SDK insists on one.
    const { default: OpenAISdk } = await loadSdk()
    this.sdk = new OpenAISdk({ apiKey: apiKey ?? 'no-key', baseURL, maxRetries: 0, timeout: this.config.timeoutMs })
    return this.sdk
  }

  private endpoint(body: object): string {
    const base = (this.sdk?.baseURL ?? this.config.provider.baseURL ?? 'https://api.openai.com/v1').replace(/\/$/, '')
    return redact(`POST ${base}/${'messages' in body ? 'chat/completions' : 'embeddings'}`, [this.config.provider.apiKey])
  }

  private redact(text: string): string {
    return redact(text, [this.config.provider.apiKey, this.sdk?.apiKey ?? undefined])
  }
}

// The SDK is loaded on the first live call, so importing the package (or replaying cassettes)
// never pays for it.
let sdkModule: Promise<typeof import('openai')> | undefined
const loadSdk = () => (sdkModule ??= import('openai'))

function toFailure(error: unknown, { default: OpenAI }: typeof import('openai')): AttemptFailure & { reason: string, retryable: boolean, requestId?: string } {
  if (error instanceof OpenAI.APIUserAbortError) return { status: undefined, reason: 'aborted', retryable: false }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { status: undefined, reason: 'timed out', retryable: true }
  if (error instanceof OpenAI.APIError) {
    const detail = error.code ? `${error.code}: ` : ''
    return { status: error.status ?? undefined, headers: error.headers ?? undefined, reason: `${detail}${error.message.replace(/^\d{3}\s+/, '')}`, retryable: true, requestId: error.requestID ?? undefined }
  }
  return { status: undefined, reason: (error as Error)?.message ?? String(error), retryable: true }
}
