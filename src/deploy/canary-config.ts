import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { parseWithPositions } from '../util/source-map.js'
import { parseDuration } from '../util/duration.js'
import { DeployDataError } from './deploy-error.js'
import { zodMessage } from '../util/zod-message.js'

const duration = z.string().refine(v => parseDuration(v) !== undefined, { message: 'expected a duration such as 30m, 1h or 90s' })
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
  bucket: duration.default('1m'),
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
})

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
    throw new DeployDataError(parsed.error.issues.map((issue) => {
      const path = issue.path as Array<string | number>
      const where = issue.code === 'unrecognized_keys' ? source.keyPositionOf([...path, issue.keys[0]!]) : source.positionOf(path)
      const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : path.join('.')
      return `${file}:${where.line}:${where.column}: ${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : zodMessage(issue)}`
    }).join('\n'))
  }
  return { ...parsed.data, bakeMs: parseDuration(parsed.data.bake)!, bucketMs: parseDuration(parsed.data.bucket)! }
}
