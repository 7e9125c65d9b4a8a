import { z } from 'zod'

const interval = z.tuple([z.number(), z.number()])
const usage = z.object({
  requests: z.number(),
  cached: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  /** Live calls to models without a known price; their cost is not in `costUsd`. */
  unpricedRequests: z.number(),
})

export const caseSchema = z.object({
  /** The golden example's id, or the test's full name. */
  id: z.string(),
  /** The `golden()` name or the test's suite path. */
  suite: z.string(),
  /** The test file, relative to the project root. */
  file: z.string(),
  verdict: z.enum(['pass', 'fail', 'error']),
  /** What produced the verdict. */
  kind: z.enum(['golden', 'judge', 'trials']),
  scores: z.record(z.string(), z.number()).optional(),
  reason: z.string().optional(),
  weight: z.number().optional(),
})

export const gateFailureSchema = z.object({
  metric: z.string(),
  actual: z.union([z.number(), z.string(), z.null()]),
  threshold: z.union([z.number(), z.string(), z.null()]),
  message: z.string(),
})

export const regressionSchema = z.object({
  baseline: z.string(),
  regressed: z.boolean(),
  golden: z.object({ paired: z.number(), worsened: z.number(), improved: z.number(), baselineRate: z.number(), currentRate: z.number(), drop: z.number(), pValue: z.number(), regressed: z.boolean() }).optional(),
  scores: z.record(z.string(), z.object({ paired: z.number(), meanChange: z.number(), interval, regressed: z.boolean() })),
  newCases: z.array(z.string()),
  missingCases: z.array(z.string()),
  prompts: z.array(z.object({ file: z.string(), change: z.enum(['changed', 'added', 'removed']) })),
})

/** The run's report (`.vitest/llm-report.json`), exported so users can validate and read it. */
export const reportSchema = z.object({
  version: z.literal(1),
  passed: z.boolean(),
  createdAt: z.string(),
  run: z.object({ reason: z.enum(['passed', 'failed', 'interrupted']), sharded: z.boolean(), gateEnforced: z.boolean() }),
  gate: z.object({ passed: z.boolean(), failures: z.array(gateFailureSchema) }),
  metrics: z.object({
    golden: z.object({ cases: z.number(), passed: z.number(), failed: z.number(), errors: z.number(), passRate: z.number().nullable(), interval }),
    scores: z.record(z.string(), z.object({ n: z.number(), mean: z.number(), interval })),
    trials: z.array(z.object({ name: z.string(), runs: z.number(), passed: z.number(), passRate: z.number(), required: z.number(), interval, verdict: z.string(), stoppedEarly: z.boolean() })),
    cases: z.number(),
    errors: z.number(),
    errorRate: z.number(),
    usage: usage.extend({ app: usage, judge: usage }),
  }),
  regression: regressionSchema.optional(),
  cases: z.array(caseSchema),
})

export type LlmReport = z.infer<typeof reportSchema>
export type ReportCase = z.infer<typeof caseSchema>
export type GateFailure = z.infer<typeof gateFailureSchema>
export type Regression = z.infer<typeof regressionSchema>
