import type { z } from 'zod'
import { lazySchema } from '../util/lazy-zod.js'
import { runDepthSchema } from '../depth/records.js'
import { gateFailureSchema, metricsSchema, regressionSchema } from '../gate/gate-schema.js'
import { comparisonSchema } from '../gate/compare-schema.js'

/**
 * What kind of run a report describes. `running` is written when a run starts, so a report on
 * disk always describes the latest run: a run killed before its end leaves `running`, which
 * every reader treats as not passed.
 */
export const runKinds = ['running', 'full', 'partial', 'shard', 'merged', 'interrupted', 'watch'] as const
export type RunKind = typeof runKinds[number]

const usageOfCase = lazySchema(z => z.object({ requests: z.number(), cached: z.number(), inputTokens: z.number(), outputTokens: z.number() }))

export const caseSchema = lazySchema(z => z.object({
  /** The golden example's id, the test's full name, or the file for a file that failed to load. */
  id: z.string(),
  /** The `golden()` name or the test's suite path. */
  suite: z.string(),
  /** The test file, relative to the project root. */
  file: z.string(),
  verdict: z.enum(['pass', 'fail', 'error']),
  /**
   * What produced the verdict: a golden example, a `toPassJudge`, a `trials()` test, another test
   * that called a model, or a file or suite that failed before its tests could run.
   */
  kind: z.enum(['golden', 'judge', 'trials', 'test', 'file']),
  /** How it was checked: `exact`, `contains`, `judge`, `trials`, `test` or `load`. */
  check: z.string().optional(),
  /** Where a golden example is written: `file:line`. */
  source: z.string().optional(),
  /** Input, expected value and output, each trimmed to 2,000 characters. */
  input: z.string().optional(),
  expected: z.string().optional(),
  output: z.string().optional(),
  tags: z.array(z.string()).optional(),
  scores: z.record(z.string(), z.number()).optional(),
  /** The judge's reason per criterion, and the model that judged. */
  reasons: z.record(z.string(), z.string()).optional(),
  judgeModel: z.string().optional(),
  /** Why it missed or errored. */
  reason: z.string().optional(),
  weight: z.number().optional(),
  /** Under `compare()`: the variant, and the comparison it belongs to (its name and control). */
  variant: z.string().optional(),
  compare: z.object({ suite: z.string(), control: z.string() }).optional(),
  /** LLM calls of this case, app and judge together. */
  usage: usageOfCase.optional(),
  /** USD spent by its live calls (known prices only). */
  costUsd: z.number().optional(),
  /** Summed latency of its live calls. */
  latencyMs: z.number().optional(),
  /** True when every call of the case was answered from the cache. */
  cached: z.boolean().optional(),
}))

export const runSchema = lazySchema(z => z.object({
  kind: z.enum(runKinds),
  /** For a partial run: what narrowed it (file filter, `-t`, projects, `.only`, …). */
  partial: z.array(z.string()).optional(),
  /** For a shard: which one. For a merged run: the shards merged, each `index/count`. */
  shard: z.object({ index: z.number(), count: z.number() }).optional(),
  shards: z.array(z.string()).optional(),
  /** Change-aware depth: which level ran and why, the changes, and per suite what ran and what depth skipped. */
  depth: runDepthSchema.optional(),
  /** Hash of the options and prompt configs the run used; shards of one run share it. */
  fingerprint: z.string().optional(),
  /** Vitest's own end reason. */
  reason: z.enum(['passed', 'failed', 'interrupted']).optional(),
  /** True for a single shard (kept for readers of older reports). */
  sharded: z.boolean(),
  /** True when this run's gate may fail the process. */
  gateEnforced: z.boolean(),
}))

export const gateResultSchema = lazySchema(z => z.object({
  passed: z.boolean(),
  /** `gate.enforce` in effect. */
  mode: z.enum(['auto', 'always', 'never']).optional(),
  failures: z.array(gateFailureSchema),
  /** Thresholds a partial run had no data for: not failures, but the gate is incomplete. */
  notMeasured: z.array(gateFailureSchema).optional(),
  /** The thresholds in force, so a saved report can show the rules that passed too. */
  thresholds: z.object({
    goldenPassRate: z.number().optional(),
    scores: z.record(z.string(), z.number()),
    minCases: z.number(),
    maxErrorRate: z.number(),
    maxCostUsd: z.number().optional(),
    bound: z.enum(['point', 'lower']),
    baseline: z.object({ file: z.string() }).optional(),
    /** `gate.compare`: the variant that must not be worse than its control. */
    compare: z.object({ candidate: z.string(), control: z.string() }).optional(),
  }).optional(),
}))

/** The run's report (`.vitest/llm-report.json`), exported so users can validate and read it. */
export const reportSchema = lazySchema(z => z.object({
  version: z.literal(1),
  /** The gate passed (or, without a gate, nothing errored) and the run completed. */
  passed: z.boolean(),
  createdAt: z.string(),
  run: runSchema,
  gate: gateResultSchema,
  metrics: metricsSchema,
  regression: regressionSchema.optional(),
  /** Per `compare()` suite: each variant against its control (paired). */
  comparison: comparisonSchema.optional(),
  cases: z.array(caseSchema),
  /** Examples the run skipped on purpose (sampling, change-aware depth), with why: not cases, not missing data. */
  skipped: z.array(z.object({ id: z.string(), suite: z.string(), file: z.string(), reason: z.string() })).optional(),
}))

export type LlmReport = z.infer<typeof reportSchema>
export type ReportCase = z.infer<typeof caseSchema>
export type RunInfo = z.infer<typeof runSchema>
export type GateResult = z.infer<typeof gateResultSchema>
export type { GateFailure, Regression } from '../gate/gate-schema.js'
export type { Comparison, ComparisonSuite, VariantComparison, VariantVerdict } from '../gate/compare-schema.js'
