import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { parseWithPositions } from '../util/source-map.js'
import { parseDuration } from '../util/duration.js'
import { DeployDataError } from './deploy-error.js'
import { zodMessage } from '../util/zod-message.js'
import { didYouMean } from '../util/nearest-name.js'
import { MAX_BUCKETS, MIN_BUCKET_MS } from './buckets.js'

const duration = z.string().refine(v => parseDuration(v) !== undefined, { message: 'expected a duration such as 30m, 1h or 90s', abort: true })
const consecutive = z.int().positive()

export const canaryConfigSchema = z.strictObject({
  /** The stable version in the log. */
  baseline: z.string().min(1),
  canary: z.string().min(1),
  source: z.union([
    z.strictObject({ jsonl: z.string().min(1) }),
    z.strictObject({ prometheus: z.strictObject({
      url: z.url(),
      /** PromQL per metric; `{{version}}` is replaced by the version. */
      queries: z.strictObject({ errorRate: z.string().optional(), p99LatencyMs: z.string().optional(), quality: z.string().optional(), requests: z.string().optional() }),
    }) }),
  ]),
  /** Traffic percentages, increasing, ending at 100. */
  steps: z.array(z.number().gt(0).max(100)).min(1).refine(s => s.every((v, i) => i === 0 || v > s[i - 1]!) && s.at(-1) === 100, { message: 'expected increasing percentages ending at 100' }),
  /** Time at a step before it may advance. */
  bake: duration,
  /** Width of the time buckets the bucket rules count: at least 1s, and at most MAX_BUCKETS per bake. */
  bucket: duration.refine(v => parseDuration(v)! >= MIN_BUCKET_MS, { message: 'expected a bucket of at least 1s (such as 30s or 1m)', abort: true }).default('1m'),
  /** A bucket with fewer canary requests is no-data. */
  minSamples: z.int().positive().default(20),
  rules: z.strictObject({
    errorRate: z.strictObject({ max: z.number().min(0).max(1), for: consecutive.default(1) }).optional(),
    p99LatencyMs: z.strictObject({ max: z.number().positive(), for: consecutive.default(1) }).optional(),
    quality: z.strictObject({ min: z.number().min(1).max(5) }).optional(),
    feedback: z.strictObject({ maxRatio: z.number().gt(1) }).optional(),
  }),
  /** Confidence of the statistical checks. @default 0.95 */
  confidence: z.number().gt(0).lt(1).default(0.95),
}).superRefine((config, ctx) => {
  const bake = parseDuration(config.bake)
  const bucket = parseDuration(config.bucket)
  if (bake === undefined || bucket === undefined || bucket < MIN_BUCKET_MS) return
  const count = Math.ceil(bake / bucket)
  if (count > MAX_BUCKETS) {
    ctx.addIssue({ code: 'custom', path: ['bucket'], message: `a bake of ${config.bake} in buckets of ${config.bucket} is ${count} buckets; expected at most ${MAX_BUCKETS} per window (use a larger bucket, e.g. ${suggestBucket(bake)})` })
  }
})

/** The smallest round bucket that keeps a bake within MAX_BUCKETS. */
function suggestBucket(bakeMs: number): string {
  for (const [text, ms] of [['1s', 1000], ['10s', 10_000], ['30s', 30_000], ['1m', 60_000], ['5m', 300_000], ['15m', 900_000], ['1h', 3_600_000], ['1d', 86_400_000]] as const) {
    if (Math.ceil(bakeMs / ms) <= MAX_BUCKETS) return text
  }
  return '1w'
}

export type CanaryConfig = z.infer<typeof canaryConfigSchema> & { bakeMs: number, bucketMs: number }

/** Reads `canary.yaml`; problems name file, line and field. */
export async function loadCanaryConfig(file: string): Promise<CanaryConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  }
  catch (error) {
    throw new DeployDataError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code})`)
  }
  const source = parseWithPositions(text)
  if (source.syntaxErrors.length) throw new DeployDataError(source.syntaxErrors.map(e => `${file}:${e.line}:${e.column}: YAML syntax error: ${e.message}`).join('\n'))
  const parsed = canaryConfigSchema.safeParse(source.value)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path as Array<string | number>
      const where = issue.code === 'unrecognized_keys' ? source.keyPositionOf([...path, issue.keys[0]!]) : source.positionOf(path)
      const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : path.join('.')
      return { ...where, text: `${file}:${where.line}:${where.column}: ${field}: ${issue.code === 'unrecognized_keys' ? unknownField(issue.keys, path) : zodMessage(issue)}` }
    })
    problems.sort((a, b) => a.line - b.line || a.column - b.column)
    throw new DeployDataError(problems.map(p => p.text).join('\n'))
  }
  return { ...parsed.data, bakeMs: parseDuration(parsed.data.bake)!, bucketMs: parseDuration(parsed.data.bucket)! }
}

/** `unknown field (did you mean \`minSamples\`?); expected baseline, canary, …` for the object at `path`. */
function unknownField(keys: readonly string[], path: ReadonlyArray<string | number>): string {
  let schema: unknown = canaryConfigSchema
  for (const key of path) schema = shapeOf(schema)?.[key]
  const known = Object.keys(shapeOf(schema) ?? {})
  const hint = keys.length === 1 ? didYouMean(keys[0]!, known) : ''
  return `unknown field${keys.length > 1 ? 's' : ''}${hint}${known.length ? `; expected ${known.join(', ')}` : ''}`
}

function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  let current = schema as { shape?: Record<string, unknown>, unwrap?: () => unknown, def?: { innerType?: unknown, options?: unknown[] } } | undefined
  for (let i = 0; i < 5 && current && !current.shape; i++) {
    current = (typeof current.unwrap === 'function' ? current.unwrap() : current.def?.innerType) as typeof current
  }
  return current?.shape
}
