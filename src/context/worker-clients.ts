import { isAbsolute, resolve } from 'node:path'
import type OpenAI from 'openai'
import { inject } from 'vitest'
import { LlmClient } from '../client/llm-client.js'
import { VitestLlmError } from '../errors.js'
import { resolveOptions, type LlmPluginOptions, type ResolvedEndpoint, type ResolvedOptions } from '../config/options.js'
import { endpointBase, healthKeyOf, localLimits, type LimitProvider } from '../client/limits.js'
import { LIMITS_PROVIDE_KEY, RemoteLimits } from '../client/remote-limits.js'
import { PROVIDE_KEY } from '../config/provide-key.js'

let client: LlmClient | undefined
let judge: LlmClient | undefined
let remote: RemoteLimits | undefined

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
  // Every client of an endpoint shares its limits — app and judge calls count together — and,
  // under the plugin, so do the other workers through the run's limit service.
  const base = endpointBase(openai?.baseURL ?? endpoint.baseURL)
  const shared = limitProvider().forEndpoint(base, healthKeyOf(base, openai?.apiKey ?? endpoint.apiKey), options)
  return new LlmClient({
    ...options,
    provider: endpoint,
    ...shared,
    cache: { mode: options.cache.mode, dir: isAbsolute(options.cache.dir) ? options.cache.dir : resolve(root, options.cache.dir) },
    openai,
    onRetry: ({ attempt, delayMs, status, model }) => {
      console.warn(`[vitest-llm] retry ${attempt}/${options.retries} in ${Math.round(delayMs)} ms (${status === undefined ? 'no response' : `HTTP ${status}`}, model ${model})`)
    },
    onCorrupt: ({ file, reason }) => {
      console.warn(`[vitest-llm] corrupt cassette ${file} (${reason}): fetching it again`)
    },
    // Under the plugin, the setup file waits for the cassettes at the end of each test file.
    writeBehind: providedOptions() !== undefined,
  })
}

/** The run's limit service when the plugin started one, else this process's own limits. */
function limitProvider(): LimitProvider {
  if (remote) return remote
  let address: string | undefined
  try {
    address = inject(LIMITS_PROVIDE_KEY)
  }
  catch {
    return localLimits // not in a Vitest worker: a plain script
  }
  return address ? (remote = new RemoteLimits(address)) : localLimits
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
