import type OpenAI from 'openai'
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'
import { VitestLlmError } from '../errors.js'
import type { CacheMode, ResolvedEndpoint } from '../config/options.js'
import { countMessageTokens, countTokens } from '../tokens/count-tokens.js'
import { cacheEntry, type EndpointKind } from './cache/cache-key.js'
import { CassetteStore } from './cache/cassette-store.js'
import { CacheError, LlmRequestError, redact } from './llm-error.js'
import { localHealth, outcomeOf, type EndpointHealth } from './endpoint-health.js'
import { endpointBase, healthKeyOf } from './limits.js'
import { costOf, type ModelPrice } from './pricing.js'
import { RateLimiter, type RateLimit } from './rate-limiter.js'
import { malformedReply, unstructuredReply } from './reply-shape.js'
import { isRetryable, retryDelay, type AttemptFailure } from './retry.js'
import { Semaphore, type ConcurrencyLimit } from './semaphore.js'
import { settled } from '../util/settled.js'
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
  // The two below are spelled out (not `RateLimit` / `EndpointHealth`) so that the public types
  // stay as they are: any object of this shape will do.
  /** A rate limit shared with other clients (one `acquire` per attempt); else one of `rateLimit`. */
  rate?: { acquire(estimatedTokens: number): Promise<void>, settle(estimatedTokens: number, actualTokens: number): void }
  /** The endpoint's fail-fast record shared with other clients; else this process's. */
  health?: { down(): string | undefined, record(outcome: 'ok' | 'connection' | 'auth', detail: string): void }
  /** Your own configured SDK instance; its own retries are bypassed (ours apply). */
  openai?: OpenAI
  /** Told about each retry, e.g. to log it. */
  onRetry?: (event: { attempt: number, delayMs: number, status: number | undefined, model: string }) => void
  /** Told about a corrupt cassette that `auto` mode re-fetches. */
  onCorrupt?: (event: { file: string, reason: string }) => void
  /**
   * Return a recorded answer before its cassette is on disk. For the plugin's test workers,
   * whose setup file waits for every cassette at the end of each test file. @default false: a
   * call resolves once its cassette is written
   */
  writeBehind?: boolean
}

/** Per call: which trial it belongs to, who makes it, and its test case (for messages). */
export interface CallOptions {
  trial?: number
  /** The `compare()` variant, part of the cache key (see `CacheKeyInput.variant`). */
  variant?: string
  role?: CallRole
  caseName?: string
  /**
   * Checks a reply (e.g. the judge's against its schema): what is wrong, or undefined. A reply
   * that fails is returned but never recorded, and one found in a cassette is corrupt (fetched
   * again in `auto` mode, an error naming the file in `replay`).
   */
  validate?: (response: never) => string | undefined
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
  private readonly limiter: RateLimit
  private readonly health: Pick<EndpointHealth, 'down' | 'record'>
  private readonly store: CassetteStore
  private readonly inFlight = new Map<string, Promise<CallResult<unknown>>>()
  private sdk: OpenAI | undefined

  constructor(readonly config: LlmClientConfig) {
    this.limit = config.limit ?? new Semaphore(config.concurrency)
    this.limiter = config.rate ?? new RateLimiter(config.rateLimit)
    this.health = config.health ?? localHealth(healthKeyOf(endpointBase(config.openai?.baseURL ?? config.provider.baseURL), config.provider.apiKey))
    this.store = new CassetteStore(config.cache.dir)
    this.sdk = config.openai
  }

  /** A chat completion (non-streaming). `model` defaults to the provider's. */
  chat(body: Omit<ChatCompletionCreateParamsNonStreaming, 'model'> & { model?: string }, options: CallOptions = {}): Promise<CallResult<ChatCompletion>> {
    return settled(() => this.chatNow(body, options))
  }

  /**
   * `chat()`, answering at once when the answer is on disk: no promise on a replayed run's hot
   * path, where each one costs a microtask and, under AsyncLocalStorage, its hooks. Throws what
   * `chat()` rejects with.
   */
  chatNow(body: Omit<ChatCompletionCreateParamsNonStreaming, 'model'> & { model?: string }, options: CallOptions = {}): CallResult<ChatCompletion> | Promise<CallResult<ChatCompletion>> {
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
    return settled(() => this.embedNow(body, options))
  }

  /** `embed()`, answering at once when the answer is on disk (see `chatNow`). */
  embedNow(body: Omit<EmbeddingCreateParams, 'model'> & { model?: string }, options: CallOptions = {}): CallResult<CreateEmbeddingResponse> | Promise<CallResult<CreateEmbeddingResponse>> {
    const request = { encoding_format: 'float', ...body, model: this.modelFor(body.model) } as EmbeddingCreateParams
    return this.call('embeddings', request, options, async (sdk, signal) => sdk.embeddings.create(request, { signal, timeout: this.config.timeoutMs, maxRetries: 0 }), response => ({ input: response.usage.prompt_tokens, output: 0, estimated: false }))
  }

  private modelFor(model: string | undefined): string {
    const chosen = model ?? this.config.provider.model
    if (!chosen) throw new VitestLlmError('E_OPTIONS', 'no model: set `provider.model` in llm({...}) or pass `model` with the call')
    return chosen
  }

  /** A recorded answer at once (no promise), or the promise of a live one (see `chatNow`). */
  private call<T>(kind: EndpointKind, body: object, options: CallOptions, send: (sdk: OpenAI, signal?: AbortSignal) => Promise<T>, tokens: (response: T) => { input: number, output: number, estimated: boolean }): CallResult<T> | Promise<CallResult<T>> {
    const mode = this.config.cache.mode
    // Without a cache there is nothing to address: skip canonicalising and hashing the request.
    const { request: stored, key } = mode === 'off' ? { request: undefined, key: '' } : cacheEntry({ kind, body: body as Record<string, unknown>, trial: options.trial, variant: options.variant })
    const role = options.role ?? 'app'

    const existing = mode !== 'off' ? this.inFlight.get(key) as Promise<CallResult<T>> | undefined : undefined
    if (existing) {
      // An identical request is already on its way: share its answer (a copy of it, so that
      // one test changing its reply cannot change another's), spend nothing.
      return existing.then(shared => ({ response: structuredClone(shared.response), stats: { ...shared.stats, role, cached: true, costUsd: 0, retries: 0, latencyMs: 0 } }))
    }
    const begin = performance.now()
    const replaying = mode === 'auto' || mode === 'replay'
    // An answer on disk needs no in-flight entry: read at once (a replayed run's hot path).
    if (replaying && !this.store.pending(key)) {
      const replayed = this.replay<T>(kind, body, key, options, tokens, begin)
      if (replayed) return replayed
    }
    const started = this.fetch(kind, body, key, stored, options, send, tokens, begin)
    if (mode === 'off') return started
    this.inFlight.set(key, started)
    // Forgotten before any caller resumes (this reaction is registered first).
    const forget = () => { this.inFlight.delete(key) }
    started.then(forget, forget)
    return started
  }

  /** The answer of a call not found on disk: once written by this process, else live (and recorded). */
  private async fetch<T>(kind: EndpointKind, body: object, key: string, stored: Record<string, unknown> | undefined, options: CallOptions, send: (sdk: OpenAI, signal?: AbortSignal) => Promise<T>, tokens: (response: T) => { input: number, output: number, estimated: boolean }, begin: number): Promise<CallResult<T>> {
    const mode = this.config.cache.mode
    const role = options.role ?? 'app'
    const model = (body as { model: string }).model
    // Recorded moments ago by this process and still being written: read it once written.
    const writing = mode === 'auto' || mode === 'replay' ? this.store.pending(key) : undefined
    if (writing) {
      await writing
      const replayed = this.replay<T>(kind, body, key, options, tokens, begin)
      if (replayed) return replayed
    }
    const live = await this.live(kind, model, body, send)
    const counted = tokens(live.response)
    // An invalid reply is the caller's to handle (re-ask, error), never a cassette to replay.
    if (stored && !this.problemOf(kind, body, live.response, options)) {
      // In the background under the plugin, unless nobody would wait for it (see writeBehind).
      const written = this.config.writeBehind ? this.store.writeBehind(key, stored, live.response) : this.store.write(key, stored, live.response)
      if (written) await written
    }
    return {
      response: live.response,
      stats: { role, model, cached: false, inputTokens: counted.input, outputTokens: counted.output, estimated: counted.estimated, costUsd: costOf(model, counted.input, counted.output, this.config.pricing), latencyMs: live.latencyMs, retries: live.retries },
    }
  }

  /**
   * The recorded answer for `key`, or undefined when it must be fetched (`auto` mode: no
   * cassette, or an unusable one). In `replay` mode a missing or unusable cassette is an error
   * naming the case and the file.
   */
  private replay<T>(kind: EndpointKind, body: object, key: string, options: CallOptions, tokens: (response: T) => { input: number, output: number, estimated: boolean }, begin: number): CallResult<T> | undefined {
    const mode = this.config.cache.mode
    const model = (body as { model: string }).model
    const found = this.store.read(key)
    // A cassette of a malformed or invalid reply is as unusable as an unreadable one.
    const invalid = found.status === 'hit' ? this.problemOf(kind, body, found.response, options) : undefined
    if (found.status === 'hit' && !invalid) {
      const counted = tokens(found.response as T)
      return { response: found.response as T, stats: { role: options.role ?? 'app', model, cached: true, inputTokens: counted.input, outputTokens: counted.output, estimated: counted.estimated, costUsd: 0, latencyMs: performance.now() - begin, retries: 0 } }
    }
    const where = `${options.caseName ? `case \`${options.caseName}\`, ` : ''}model \`${model}\`, key ${key}`
    if (found.status === 'corrupt' || invalid) {
      const file = this.store.pathOf(key)
      const reason = found.status === 'corrupt' ? found.reason : `it holds an invalid reply: ${invalid}`
      if (mode === 'replay') throw new CacheError(`corrupt cassette ${file} (${where}): ${reason}. Delete ${file} and record again with VITEST_LLM_CACHE=auto.`)
      this.config.onCorrupt?.({ file, reason })
    }
    else if (mode === 'replay') {
      throw new CacheError(`cache miss in replay mode (${where}): no cassette at ${this.store.pathOf(key)}. Record it by running once with VITEST_LLM_CACHE=auto (or cache.mode 'auto') and commit ${this.config.cache.dir}.`)
    }
    return undefined
  }

  /** What makes a reply unusable, or undefined: its shape, structured output, the caller's check. */
  private problemOf(kind: EndpointKind, body: object, response: unknown, options: CallOptions): string | undefined {
    return malformedReply(kind, response) ?? unstructuredReply(body, response) ?? options.validate?.(response as never)
  }

  /**
   * One live call with concurrency, rate limits (a slot per attempt, retries included),
   * retries and fail-fast: once the endpoint is down for the run, calls fail without a request.
   */
  private live<T>(kind: EndpointKind, model: string, body: object, send: (sdk: OpenAI) => Promise<T>): Promise<{ response: T, latencyMs: number, retries: number }> {
    // Only a tokens-per-minute limit needs the estimate; tokenizing is the costliest local step.
    const estimate = this.config.rateLimit.tokensPerMinute
      ? countTokens(JSON.stringify((body as { messages?: unknown }).messages ?? (body as { input?: unknown }).input ?? ''))
      : 0
    this.failIfDown(body, model)
    return this.limit.run(async () => {
      const begin = performance.now()
      const sdk = await this.client()
      for (let attempt = 1; ; attempt++) {
        // Checked per attempt: another call (or worker) may have found the endpoint dead meanwhile.
        this.failIfDown(body, model)
        await this.limiter.acquire(estimate)
        let failure: Failure
        try {
          const response = await send(sdk)
          this.health.record('ok', '')
          const malformed = malformedReply(kind, response)
          if (!malformed) {
            const usage = (response as { usage?: { total_tokens?: number } }).usage
            if (usage?.total_tokens !== undefined) this.limiter.settle(estimate, usage.total_tokens)
            return { response, latencyMs: performance.now() - begin, retries: attempt - 1 }
          }
          // A 200 whose body is not a reply: a glitch of the server or a proxy, retried like a 5xx.
          failure = { status: 200, reason: `malformed reply: ${malformed}`, retryable: true, malformed: true }
        }
        catch (error) {
          failure = toFailure(error, await loadSdk())
          const outcome = outcomeOf(failure)
          if (outcome) this.health.record(outcome, `${failure.status === undefined ? 'no response' : `HTTP ${failure.status}`}: ${this.redact(failure.reason)}`)
        }
        const retryable = failure.retryable && (failure.malformed === true || isRetryable(failure))
        if (!retryable || attempt > this.config.retries || this.health.down()) {
          throw new LlmRequestError({ endpoint: this.endpoint(body), model, status: failure.status, attempts: attempt, reason: this.redact(failure.reason), retryable, requestId: failure.requestId })
        }
        const delayMs = retryDelay(attempt, failure)
        this.config.onRetry?.({ attempt, delayMs, status: failure.status, model })
        await new Promise(resolve => setTimeout(resolve, delayMs))
      }
    })
  }

  /** Throws the run's one clear error for an endpoint found dead (bad URL, refused key). */
  private failIfDown(body: object, model: string): void {
    const reason = this.health.down()
    if (reason) throw new LlmRequestError({ endpoint: this.endpoint(body), model, status: undefined, attempts: 0, reason, retryable: false, down: true })
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
    const base = endpointBase(this.sdk?.baseURL ?? this.config.provider.baseURL)
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

type Failure = AttemptFailure & { reason: string, retryable: boolean, requestId?: string, connection?: boolean, malformed?: boolean }

function toFailure(error: unknown, { default: OpenAI }: typeof import('openai')): Failure {
  if (error instanceof OpenAI.APIUserAbortError) return { status: undefined, reason: 'aborted', retryable: false }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { status: undefined, reason: 'timed out', retryable: true }
  if (error instanceof OpenAI.APIError) {
    const detail = error.code ? `${error.code}: ` : ''
    const connection = error instanceof OpenAI.APIConnectionError
    const code = connection ? causeCode(error) : undefined
    const cause = code ? ` (${code})` : ''
    return { status: error.status ?? undefined, headers: error.headers ?? undefined, reason: `${detail}${error.message.replace(/^\d{3}\s+/, '')}${cause}`, retryable: true, requestId: error.requestID ?? undefined, connection }
  }
  return { status: undefined, reason: (error as Error)?.message ?? String(error), retryable: true }
}

/** The system error code (ECONNREFUSED, ENOTFOUND...) somewhere in an error's cause chain. */
function causeCode(error: unknown): string | undefined {
  for (let at = error, depth = 0; at && depth < 5; at = (at as Error).cause, depth++) {
    const code = (at as NodeJS.ErrnoException).code
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code
  }
  return undefined
}
