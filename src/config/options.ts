import type { z } from 'zod'
import { OptionsError } from '../errors.js'
import { certainlyValidOptions } from './fast-options.js'
import { buildDepthOptionSchema, resolveDepthOptions, type ResolvedDepthOptions } from './depth-options.js'
import { lazy, loadZod, type Zod } from '../util/lazy-zod.js'
import { zodMessage } from '../util/zod-message.js'
import { nearestName } from '../util/nearest-name.js'

/**
 * The plugin's options: parsed once, at the boundary, into `ResolvedOptions` with every default
 * and environment fallback filled in. Nothing downstream re-checks or re-defaults.
 */

const CACHE_MODES = ['auto', 'replay', 'record', 'off'] as const
const GATE_ENFORCE = ['auto', 'always', 'never'] as const

// Built on first use (see util/lazy-zod.ts): a test worker never validates plugin options.
function buildOptionsSchema(z: Zod) {
  const positive = z.number().positive()
  const cacheMode = z.enum(CACHE_MODES)
  const gateEnforce = z.enum(GATE_ENFORCE)
  // Of `gate.baseline` and `gate.compare`: a pass-rate drop, or { passRate, score } (score points, 1–5 scale).
  const maxDrop = z.union([
    z.number().min(0).max(1),
    z.strictObject({ passRate: z.number().min(0).max(1).optional(), score: z.number().min(0).max(4).optional() }),
  ])
  const alpha = z.number().gt(0).lt(1)

  const endpoint = {
    /** Model name sent to the endpoint. */
    model: z.string().min(1).optional(),
    /** Any OpenAI-compatible endpoint. @default process.env.OPENAI_BASE_URL */
    baseURL: z.url().optional(),
    /** @default process.env.OPENAI_API_KEY */
    apiKey: z.string().optional(),
  }

  return z.strictObject({
    /** The model and endpoint used by `complete()` and the `llm` fixture. */
    provider: z.strictObject(endpoint).optional(),
    /** The judge model; falls back to the provider's endpoint and model. */
    judge: z.strictObject({
      ...endpoint,
      /** @default 0 */
      temperature: z.number().min(0).max(2).optional(),
      /** Extra named criteria: `{ name: description or rubric }`. */
      criteria: z.record(z.string().min(1), z.string().min(1)).optional(),
    }).optional(),
    cache: z.strictObject({
      /** @default 'auto'; the env var `VITEST_LLM_CACHE` wins */
      mode: cacheMode.optional(),
      /** Cassette folder, meant to be committed. @default '.llm-cache' */
      dir: z.string().min(1).optional(),
    }).optional(),
    /** In-flight LLM requests per process. @default 8 */
    concurrency: z.int().positive().optional(),
    rateLimit: z.strictObject({
      requestsPerMinute: positive.optional(),
      tokensPerMinute: positive.optional(),
    }).optional(),
    /**
     * How deep the tests go: `'auto'` (from what changed since the baseline) or a level — `smoke`,
     * `sampled`, `regression`, `full`, `comprehensive` — or `{ level, inputs, policy, smokeSample,
     * sampleRate, comprehensiveTrials }`. The env var `VITEST_LLM_DEPTH` wins. @default 'full'
     */
    depth: buildDepthOptionSchema(z).optional(),
    /** Retries per request for 429, 5xx, resets and timeouts. @default 4 */
    retries: z.int().min(0).optional(),
    /** Per-request timeout. @default 60000 */
    timeoutMs: z.int().positive().optional(),
    /** USD per 1M tokens: `{ [model]: { input, output } }`, merged over the built-in table. */
    pricing: z.record(z.string(), z.strictObject({ input: z.number().min(0), output: z.number().min(0) })).optional(),
    /** Quality gate thresholds for the whole run. @default none: report only */
    gate: z.strictObject({
      goldenPassRate: z.number().min(0).max(1).optional(),
      scores: z.record(z.string(), z.number().min(1).max(5)).optional(),
      minCases: z.int().min(0).optional(),
      maxErrorRate: z.number().min(0).max(1).optional(),
      maxCostUsd: z.number().min(0).optional(),
      bound: z.enum(['point', 'lower']).optional(),
      /**
       * When the gate decides the exit code: `auto` enforces full and merged runs, and on a
       * partial run only the thresholds that have data; `always` fails partial runs closed like
       * full ones; `never` reports without failing. @default 'auto'; the env var `VITEST_LLM_GATE` wins
       */
      enforce: gateEnforce.optional(),
      baseline: z.strictObject({
        file: z.string().min(1),
        /**
         * The largest drop that is not a regression: `{ passRate?, score? }` — a golden pass-rate
         * fraction and judge-score points (1–5 scale). A plain number is the pass-rate drop (the
         * earlier form, kept working). @default { passRate: 0, score: 0 }
         */
        maxDrop: maxDrop.optional(),
        alpha: alpha.optional(),
      }).optional(),
      /**
       * Gates a live comparison of two `compare()` variants (paired): fails when `candidate` is
       * significantly worse than `control` (two-sided α, default 0.05) on the pass rate or a
       * criterion of `gate.scores`, by more than `maxDrop` (a number: the pass-rate drop). @default none
       */
      compare: z.strictObject({
        candidate: z.string().min(1),
        control: z.string().min(1),
        maxDrop: maxDrop.optional(),
        alpha: alpha.optional(),
      }).optional(),
    }).optional(),
    report: z.strictObject({
      /** @default '.vitest/llm-report.json' */
      json: z.union([z.string().min(1), z.literal(false)]).optional(),
      /** A Markdown summary file. @default off */
      markdown: z.union([z.string().min(1), z.literal(false)]).optional(),
      /** A JUnit XML file of the LLM results (miss = failure, error = error, one testcase per gate rule). @default off */
      junit: z.union([z.string().min(1), z.literal(false)]).optional(),
      /** One self-contained HTML report (`false`: none). @default '.vitest/llm-report.html' when `CI` is unset, else off */
      html: z.union([z.string().min(1), z.literal(false)]).optional(),
    }).optional(),
  })
}

export const optionsSchema = lazy(() => buildOptionsSchema(loadZod()))

/** What users pass to `llm({...})`. */
export type LlmPluginOptions = z.input<ReturnType<typeof buildOptionsSchema>>

export type CacheMode = typeof CACHE_MODES[number]

/** When the gate decides the exit code; see `gate.enforce`. */
export type GateEnforce = typeof GATE_ENFORCE[number]

export interface ResolvedEndpoint {
  model: string | undefined
  baseURL: string | undefined
  apiKey: string | undefined
}

/** Options with every default filled; what tests receive through `inject('vitestLlm')`. */
export interface ResolvedOptions {
  provider: ResolvedEndpoint
  judge: ResolvedEndpoint & { temperature: number, criteria: Record<string, string> }
  cache: { mode: CacheMode, dir: string }
  concurrency: number
  rateLimit: { requestsPerMinute: number | undefined, tokensPerMinute: number | undefined }
  retries: number
  timeoutMs: number
  pricing: Record<string, { input: number, output: number }>
  gate: {
    goldenPassRate: number | undefined
    scores: Record<string, number>
    minCases: number
    maxErrorRate: number
    maxCostUsd: number | undefined
    bound: 'point' | 'lower'
    enforce: GateEnforce
    baseline: { file: string, maxDrop: { passRate: number, score: number }, alpha: number } | undefined
    compare?: { candidate: string, control: string, maxDrop: { passRate: number, score: number }, alpha: number } | undefined
  } | undefined
  report: { json: string | false, markdown: string | false, junit: string | false, html: string | false }
  depth: ResolvedDepthOptions
}

/** The defaults, in one place. */
export const DEFAULTS = {
  cacheMode: 'auto',
  cacheDir: '.llm-cache',
  concurrency: 8,
  retries: 4,
  timeoutMs: 60_000,
  judgeTemperature: 0,
  minCases: 1,
  maxErrorRate: 0,
  bound: 'point',
  gateEnforce: 'auto',
  baselineMaxDrop: 0,
  baselineAlpha: 0.05,
  reportJson: '.vitest/llm-report.json',
  reportHtml: '.vitest/llm-report.html',
} as const

type Env = Record<string, string | undefined>

// CI systems set `CI`; there the HTML report is written only when asked for (it is an artifact
// a workflow uploads on purpose), while on a developer's machine it is always at hand.
const isCi = (env: Env) => Boolean(env.CI) && !['false', '0'].includes(env.CI!)

/** Validates options and fills defaults. Throws `OptionsError` naming each bad key. */
export function resolveOptions(input: unknown = {}, env: Env = process.env): ResolvedOptions {
  const o = validOptions(input ?? {})
  const envCache = env.VITEST_LLM_CACHE
  if (envCache !== undefined && envCache !== '' && !(CACHE_MODES as readonly string[]).includes(envCache)) {
    throw new OptionsError(`vitest-llm: invalid environment variable \`VITEST_LLM_CACHE\`: expected one of auto, replay, record, off, received ${JSON.stringify(envCache)}`)
  }
  const envGate = env.VITEST_LLM_GATE
  if (envGate !== undefined && envGate !== '' && !(GATE_ENFORCE as readonly string[]).includes(envGate)) {
    throw new OptionsError(`vitest-llm: invalid environment variable \`VITEST_LLM_GATE\`: expected one of auto, always, never, received ${JSON.stringify(envGate)}`)
  }
  const provider: ResolvedEndpoint = {
    model: o.provider?.model,
    baseURL: o.provider?.baseURL ?? (env.OPENAI_BASE_URL || undefined),
    apiKey: o.provider?.apiKey ?? (env.OPENAI_API_KEY || undefined),
  }
  const gate = o.gate && {
    goldenPassRate: o.gate.goldenPassRate,
    scores: o.gate.scores ?? {},
    minCases: o.gate.minCases ?? DEFAULTS.minCases,
    maxErrorRate: o.gate.maxErrorRate ?? DEFAULTS.maxErrorRate,
    maxCostUsd: o.gate.maxCostUsd,
    bound: o.gate.bound ?? DEFAULTS.bound,
    enforce: (envGate || o.gate.enforce || DEFAULTS.gateEnforce) as GateEnforce,
    baseline: o.gate.baseline && {
      file: o.gate.baseline.file,
      // A plain number is the pass-rate drop (its meaning before scores had their own).
      maxDrop: typeof o.gate.baseline.maxDrop === 'number'
        ? { passRate: o.gate.baseline.maxDrop, score: DEFAULTS.baselineMaxDrop }
        : { passRate: o.gate.baseline.maxDrop?.passRate ?? DEFAULTS.baselineMaxDrop, score: o.gate.baseline.maxDrop?.score ?? DEFAULTS.baselineMaxDrop },
      alpha: o.gate.baseline.alpha ?? DEFAULTS.baselineAlpha,
    },
    compare: o.gate.compare && {
      candidate: o.gate.compare.candidate,
      control: o.gate.compare.control,
      maxDrop: typeof o.gate.compare.maxDrop === 'number'
        ? { passRate: o.gate.compare.maxDrop, score: 0 }
        : { passRate: o.gate.compare.maxDrop?.passRate ?? 0, score: o.gate.compare.maxDrop?.score ?? 0 },
      alpha: o.gate.compare.alpha ?? 0.05,
    },
  }
  return {
    provider,
    judge: {
      model: o.judge?.model ?? provider.model,
      // A judge on its own endpoint does not inherit the provider's key: it would leak it there.
      baseURL: o.judge?.baseURL ?? provider.baseURL,
      apiKey: o.judge?.apiKey ?? (o.judge?.baseURL ? undefined : provider.apiKey),
      temperature: o.judge?.temperature ?? DEFAULTS.judgeTemperature,
      criteria: o.judge?.criteria ?? {},
    },
    cache: {
      mode: (envCache || o.cache?.mode || DEFAULTS.cacheMode) as CacheMode,
      dir: o.cache?.dir ?? DEFAULTS.cacheDir,
    },
    concurrency: o.concurrency ?? DEFAULTS.concurrency,
    rateLimit: { requestsPerMinute: o.rateLimit?.requestsPerMinute, tokensPerMinute: o.rateLimit?.tokensPerMinute },
    retries: o.retries ?? DEFAULTS.retries,
    timeoutMs: o.timeoutMs ?? DEFAULTS.timeoutMs,
    pricing: o.pricing ?? {},
    gate,
    depth: resolveDepthOptions(o.depth, env),
    report: { json: o.report?.json ?? DEFAULTS.reportJson, markdown: o.report?.markdown ?? false, junit: o.report?.junit ?? false, html: o.report?.html ?? (isCi(env) ? false : DEFAULTS.reportHtml) },
  }
}

type ParsedOptions = z.output<ReturnType<typeof buildOptionsSchema>>

// Plain valid options skip zod (see fast-options.ts); they parse to themselves.
function validOptions(input: unknown): ParsedOptions {
  if (certainlyValidOptions(input)) return input as ParsedOptions
  const parsed = optionsSchema().safeParse(input)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map(issue => describeIssue(issue, input))
  throw new OptionsError(`vitest-llm: invalid plugin option${lines.length > 1 ? 's' : ''} in llm({...}):\n${lines.map(l => `  - ${l}`).join('\n')}`)
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.join('.')
  if (issue.code === 'unrecognized_keys') {
    const keys = knownKeys(issue.path)
    const known = keys.map(k => `\`${k}\``).join(', ')
    return issue.keys.map((key) => {
      const guess = nearestName(key, keys)
      return `unknown option \`${path ? `${path}.` : ''}${key}\`; expected one of ${known}${guess ? `; did you mean \`${guess}\`?` : ''}`
    }).join('\n  - ')
  }
  let received: unknown = input
  for (const key of issue.path) received = (received as Record<PropertyKey, unknown> | undefined)?.[key]
  const shown = received === undefined ? 'nothing' : JSON.stringify(received)
  return `\`${path || '(options)'}\`: ${zodMessage(issue)}${issue.message.includes('received') ? '' : `, received ${shown}`}`
}

// The keys the schema accepts at a path, for "unknown option" messages.
function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: unknown = optionsSchema()
  for (const key of path) schema = (unwrap(schema) as { shape?: Record<PropertyKey, unknown> }).shape?.[key]
  return Object.keys((unwrap(schema) as { shape?: object }).shape ?? {})
}

function unwrap(schema: unknown): unknown {
  let current = schema as { unwrap?: () => unknown } | undefined
  while (current && typeof current.unwrap === 'function') current = current.unwrap() as typeof current
  return current
}
