import type { z } from 'zod'
import { lazySchema } from '../util/lazy-zod.js'
import { intervalSchema } from './gate-schema.js'

/**
 * The report's `comparison`: per `compare()` suite, every variant against the suite's control on
 * the same (paired) examples. Owned by the gate, like the regression, because `gate.compare`
 * reads it.
 */

/** What a variant's comparison with the control concluded. */
export const variantVerdicts = ['control', 'better', 'worse', 'mixed', 'no detectable difference'] as const
export type VariantVerdict = typeof variantVerdicts[number]

const ratioSchema = lazySchema(z => z.object({
  /** Pairs with a positive value on both sides (cached cases cost nothing and are left out). */
  n: z.number(),
  /** Geometric mean of variant / control per case. */
  ratio: z.number().nullable(),
  interval: intervalSchema.nullable(),
}))

const directionSchema = lazySchema(z => z.enum(['better', 'worse', 'no detectable difference']))

export const variantComparisonSchema = lazySchema(z => z.object({
  /** Golden cases of this variant, and how they ended. */
  cases: z.number(),
  passed: z.number(),
  failed: z.number(),
  errors: z.number(),
  /** Unweighted pass rate over the cases with a verdict, and its Wilson interval. */
  passRate: z.number().nullable(),
  interval: intervalSchema,
  /** Examples with a verdict under both this variant and the control. */
  paired: z.number(),
  /** Paired examples the control passed and this variant failed / the other way round. */
  worsened: z.number(),
  improved: z.number(),
  /** Pass-rate difference variant − control on the paired examples, Newcombe's paired interval. */
  diff: z.number().nullable(),
  diffInterval: intervalSchema.nullable(),
  /** Two-sided McNemar mid-p of the pass-rate difference. */
  pValue: z.number().nullable(),
  /** The smallest pass-rate difference this run detects with power 0.8 at `alpha` (null: none at this n). */
  minDetectable: z.number().nullable(),
  passVerdict: directionSchema,
  /** Per criterion: paired judge scores, exact Wilcoxon signed-rank test, betting interval for the mean change. */
  scores: z.record(z.string(), z.object({
    n: z.number(),
    mean: z.number(),
    paired: z.number(),
    diff: z.number().nullable(),
    interval: intervalSchema.nullable(),
    pValue: z.number().nullable(),
    verdict: directionSchema,
  })),
  /** Mean USD per case (app and judge calls). */
  costPerCase: z.number(),
  costRatio: ratioSchema,
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  latencyRatio: ratioSchema,
  verdict: z.enum(variantVerdicts),
}))

export const comparisonSuiteSchema = lazySchema(z => z.object({
  /** The `compare()` name. */
  suite: z.string(),
  control: z.string(),
  /** Two-sided level of every test in it. */
  alpha: z.number(),
  /** The control first, then the other variants in order. */
  variants: z.record(z.string(), variantComparisonSchema),
}))

export const comparisonSchema = lazySchema(z => z.object({ suites: z.array(comparisonSuiteSchema) }))

/** The report's comparison of variants. */
export type Comparison = z.infer<typeof comparisonSchema>
/** One `compare()` suite's matrix. */
export type ComparisonSuite = z.infer<typeof comparisonSuiteSchema>
/** One variant against the control. */
export type VariantComparison = z.infer<typeof variantComparisonSchema>

/** A report case as far as the comparison cares. */
export interface ComparedCase {
  id: string
  kind: string
  verdict: 'pass' | 'fail' | 'error'
  variant?: string
  compare?: { suite: string, control: string }
  scores?: Record<string, number>
  costUsd?: number
  latencyMs?: number
}
