import { isAbsolute, resolve } from 'node:path'
import type OpenAI from 'openai'
import { inject } from 'vitest'
import { LlmClient } from '../client/llm-client.js'
import { VitestLlmError } from '../errors.js'
import { resolveOptions, type LlmPluginOptions, type ResolvedEndpoint, type ResolvedOptions } from '../config/options.js'
import { Semaphore } from '../client/semaphore.js'
import { PROVIDE_KEY } from '../config/provide-key.js'

let client: LlmClient | undefined
let judge: LlmClient | undefined
// One limit for every client of this worker: `concurrency` counts app and judge calls together.
let semaphore: Semaphore | undefined

/** The options the plugin provided, or undefined when the plugin is not installed. */
export function providedOptions(): (ResolvedOptions & { root: string }) | undefined {
  try {
    return inject(PROVIDE_KEY)
  }
  catch {
    return undefined
  }
}

/** Builds a client from resolved options; the cache folder is relative to the project root. */
export function clientFromOptions(options: ResolvedOptions, root: string, openai?: OpenAI, endpoint: ResolvedEndpoint = options.provider): LlmClient {
  semaphore ??= new Semaphore(options.concurrency)
  return new LlmClient({
    ...options,
    provider: endpoint,
    limit: semaphore,
    cache: { mode: options.cache.mode, dir: isAbsolute(options.cache.dir) ? options.cache.dir : resolve(root, options.cache.dir) },
    openai,
    onRetry: ({ attempt, delayMs, status, model }) => {
      console.warn(`[vitest-llm] retry ${attempt}/${options.retries} in ${Math.round(delayMs)} ms (${status === undefined ? 'no response' : `HTTP ${status}`}, model ${model})`)
    },
    onCorrupt: ({ file, reason }) => {
      console.warn(`[vitest-llm] corrupt cassette ${file} (${reason}): fetching it again`)
    },
  })
}

/** The plugin's options; throws a clear error naming `what` when the plugin is missing. */
export function requireOptions(what: string): ResolvedOptions & { root: string } {
  const options = providedOptions()
  if (!options) throw new VitestLlmError('E_OPTIONS', `${what} needs the vitest-llm plugin in vitest.config.ts (plugins: [llm({...})])`)
  return options
}

/** The worker's shared client, made from the plugin's options on first use. */
export function defaultClient(): LlmClient {
  if (client) return client
  const options = requireOptions('complete()')
  client = clientFromOptions(options, options.root)
  return client
}

/** The worker's judge client: the `judge` endpoint, the same cache and concurrency limit. */
export function judgeClient(): LlmClient {
  if (judge) return judge
  const options = requireOptions('the judge')
  judge = clientFromOptions(options, options.root, undefined, options.judge)
  return judge
}

/**
 * A client of your own: plugin options (merged over the plugin's, when installed) and,
 * optionally, your configured `OpenAI` instance.
 */
export function createClient(options: LlmPluginOptions & { openai?: OpenAI } = {}): LlmClient {
  const { openai, ...overrides } = options
  const base = providedOptions()
  const resolved = resolveOptions({ ...stripResolved(base), ...overrides })
  return clientFromOptions(resolved, base?.root ?? process.cwd(), openai)
}

// Turns provided (resolved) options back into plugin input, so overrides merge over them.
function stripResolved(base: (ResolvedOptions & { root: string }) | undefined): LlmPluginOptions {
  if (!base) return {}
  return {
    provider: clean(base.provider),
    cache: base.cache,
    concurrency: base.concurrency,
    rateLimit: clean(base.rateLimit),
    retries: base.retries,
    timeoutMs: base.timeoutMs,
    pricing: base.pricing,
  }
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
