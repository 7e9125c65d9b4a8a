import { isAbsolute, resolve } from 'node:path'
import type OpenAI from 'openai'
import { inject } from 'vitest'
import { LlmClient } from '../client/llm-client.js'
import { VitestLlmError } from '../errors.js'
import { resolveOptions, type LlmPluginOptions, type ResolvedOptions } from '../plugin/options.js'
import { PROVIDE_KEY } from '../plugin/provide-key.js'

let client: LlmClient | undefined

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
export function clientFromOptions(options: ResolvedOptions, root: string, openai?: OpenAI): LlmClient {
  return new LlmClient({
    ...options,
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

/** The worker's shared client, made from the plugin's options on first use. */
export function defaultClient(): LlmClient {
  if (client) return client
  const options = providedOptions()
  if (!options) {
    throw new VitestLlmError('E_OPTIONS', 'complete() needs the vitest-llm plugin in vitest.config.ts (plugins: [llm({...})]), or use createLlm({...})')
  }
  client = clientFromOptions(options, options.root)
  return client
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
