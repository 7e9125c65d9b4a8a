import type { z } from 'zod'
import { lazySchema } from '../util/lazy-zod.js'

/**
 * What the gate reads and writes, as schemas the report is composed of: the run's metrics (its
 * input), the regression against a baseline, and the failures (its output). They live here, not
 * in `report/`, so that the gate depends on nothing above it: the reporter builds the metrics,
 * then asks the gate for the verdict.
 */

export const intervalSchema = lazySchema(z => z.tuple([z.number(), z.number()]))

export const usageSchema = lazySchema(z => z.object({
  requests: z.number(),
  cached: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  /** Live calls to models without a known price; their cost is not in `costUsd`. */
  unpricedRequests: z.number(),
}))

export const metricsSchema = lazySchema(z => z.object({
  golden: z.object({ cases: z.number(), passed: z.number(), failed: z.number(), errors: z.number(), passRate: z.number().nullable(), interval: intervalSchema }),
  scores: z.record(z.string(), z.object({ n: z.number(), mean: z.number(), interval: intervalSchema })),
  trials: z.array(z.object({
    name: z.string(), runs: z.number(), passed: z.number(), passRate: z.number(), required: z.number(), interval: intervalSchema, verdict: z.string(), stoppedEarly: z.boolean(),
    /** The path to the verdict: runs so far, passes, anytime-valid bounds (at most ~100 points). */
    path: z.array(z.object({ runs: z.number(), passed: z.number(), lower: z.number(), upper: z.number() })).optional(),
  })),
  cases: z.number(),
  errors: z.number(),
  errorRate: z.number(),
  usage: usageSchema.extend({ app: usageSchema, judge: usageSchema }),
}))

export const gateFailureSchema = lazySchema(z => z.object({
  metric: z.string(),
  actual: z.union([z.number(), z.string(), z.null()]),
  threshold: z.union([z.number(), z.string(), z.null()]),
  message: z.string(),
}))

/** What a paired comparison concluded; "not enough changes to test" when too few pairs changed for any result to be significant. */
const pairedVerdictSchema = lazySchema(z => z.enum(['worse', 'better', 'no detectable change', 'not enough changes to test']))

export const regressionSchema = lazySchema(z => z.object({
  baseline: z.string(),
  regressed: z.boolean(),
  golden: z.object({
    paired: z.number(), worsened: z.number(), improved: z.number(), baselineRate: z.number(), currentRate: z.number(), drop: z.number(),
    /** The test behind `pValue` (one-sided, for a drop). Optional: reports written before it lack it. */
    test: z.literal('mcnemar-mid-p').optional(),
    pValue: z.number(),
    verdict: pairedVerdictSchema.optional(),
    regressed: z.boolean(),
  }).optional(),
  scores: z.record(z.string(), z.object({
    paired: z.number(),
    /** Pairs whose score went down / up. */
    worsened: z.number().optional(),
    improved: z.number().optional(),
    meanChange: z.number(),
    /** Betting interval for the mean change (valid at any n). */
    interval: intervalSchema,
    test: z.literal('wilcoxon-signed-rank').optional(),
    /** One-sided p-value for a drop. */
    pValue: z.number().optional(),
    verdict: pairedVerdictSchema.optional(),
    regressed: z.boolean(),
  })),
  newCases: z.array(z.string()),
  missingCases: z.array(z.string()),
  prompts: z.array(z.object({ file: z.string(), change: z.enum(['changed', 'added', 'removed']) })),
}))

/** The run's measured values, which the gate's thresholds apply to. */
export type Metrics = z.infer<typeof metricsSchema>
/** One threshold the run did not meet. */
export type GateFailure = z.infer<typeof gateFailureSchema>
/** The comparison of a run with the accepted baseline. */
export type Regression = z.infer<typeof regressionSchema>

/** A case as far as the baseline cares: its key parts, what kind of check it was, and its verdict. */
export interface CaseVerdict {
  id: string
  suite: string
  kind: 'golden' | 'judge' | 'trials' | 'test' | 'file'
  verdict: 'pass' | 'fail' | 'error'
  scores?: Record<string, number>
}
