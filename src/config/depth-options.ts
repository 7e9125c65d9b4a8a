import type { z } from 'zod'
import { OptionsError } from '../errors.js'
import { CHANGE_TYPES, DEPTH_LEVELS, type ChangeType, type DepthLevel } from './depth-levels.js'
import type { Zod } from '../util/lazy-zod.js'

/** The `depth` plugin option: its schema, part of the options' schema, and its resolution. */

/**
 * `depth: 'auto' | level` (the SPEC's form) or the object form with the same `level` plus the
 * inputs, the policy override and the sizes of reduced runs. Built with the options' schema.
 */
export function buildDepthOptionSchema(z: Zod) {
  const level = z.enum(DEPTH_LEVELS)
  const levelOrAuto = z.union([z.literal('auto'), level])

  return z.union([
    levelOrAuto,
    z.strictObject({
      /** `auto` (from what changed vs `gate.baseline.file`) or a fixed level. @default 'full' */
      level: levelOrAuto.optional(),
      inputs: z.strictObject({
        /** Globs (relative to the root) of the data a retrieval index is built from. @default none */
        rag: z.array(z.string().min(1)).optional(),
        /** Globs of golden files to fingerprint. @default DEPTH_DEFAULTS.goldenGlobs */
        golden: z.array(z.string().min(1)).optional(),
      }).optional(),
      /** The level a change of each type calls for, over `DEFAULT_POLICY`. */
      policy: z.partialRecord(z.enum(CHANGE_TYPES), level).optional(),
      /** Examples per golden set at `smoke`: a count (≥ 1) or a fraction (< 1). @default 5 */
      smokeSample: z.number().positive().optional(),
      /** Sample rate for golden sets without `sample` at `sampled` (and their judge checks at `regression`). @default 0.3 */
      sampleRate: z.number().gt(0).max(1).optional(),
      /** `trials()` budget multiplier at `comprehensive`. @default 3 */
      comprehensiveTrials: z.number().min(1).optional(),
    }),
  ])
}

/** What users pass as `depth`. */
export type DepthOption = z.input<ReturnType<typeof buildDepthOptionSchema>>

/** The `depth` option with every default filled. */
export interface ResolvedDepthOptions {
  level: 'auto' | DepthLevel
  inputs: { rag: string[], golden: string[] }
  policy: Partial<Record<ChangeType, DepthLevel>>
  smokeSample: number
  sampleRate: number
  comprehensiveTrials: number
}

export const DEPTH_DEFAULTS = {
  // `full` is today's behaviour: users who do not opt in see no change.
  level: 'full',
  // Golden files live in golden folders by convention (the SPEC's examples, the support bot).
  goldenGlobs: ['**/golden/**/*.{jsonl,json,yaml,yml,csv}'],
  smokeSample: 5,
  sampleRate: 0.3,
  comprehensiveTrials: 3,
} as const

/**
 * Resolves the `depth` option; `VITEST_LLM_DEPTH` (`auto` or a level) wins over the option's
 * level. Throws `OptionsError` for a bad environment value (the option itself is checked by the
 * plugin's schema).
 */
export function resolveDepthOptions(input: DepthOption | undefined, env: Record<string, string | undefined> = process.env): ResolvedDepthOptions {
  const o = typeof input === 'string' || input === undefined ? { level: input } : input
  const fromEnv = env.VITEST_LLM_DEPTH
  if (fromEnv !== undefined && fromEnv !== '' && !['auto', ...DEPTH_LEVELS].includes(fromEnv as DepthLevel)) {
    throw new OptionsError(`vitest-llm: invalid environment variable \`VITEST_LLM_DEPTH\`: expected one of auto, ${DEPTH_LEVELS.join(', ')}, received ${JSON.stringify(fromEnv)}`)
  }
  const object = typeof input === 'object' ? input : undefined
  return {
    level: (fromEnv || o.level || DEPTH_DEFAULTS.level) as ResolvedDepthOptions['level'],
    inputs: { rag: object?.inputs?.rag ?? [], golden: object?.inputs?.golden ?? [...DEPTH_DEFAULTS.goldenGlobs] },
    policy: object?.policy ?? {},
    smokeSample: object?.smokeSample ?? DEPTH_DEFAULTS.smokeSample,
    sampleRate: object?.sampleRate ?? DEPTH_DEFAULTS.sampleRate,
    comprehensiveTrials: object?.comprehensiveTrials ?? DEPTH_DEFAULTS.comprehensiveTrials,
  }
}
