import { z } from 'zod'
import { gateFailureSchema, metricsSchema, regressionSchema } from '../gate/gate-schema.js'

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

/** The run's report (`.vitest/llm-report.json`), exported so users can validate and read it. */
export const reportSchema = z.object({
  version: z.literal(1),
  passed: z.boolean(),
  createdAt: z.string(),
  run: z.object({ reason: z.enum(['passed', 'failed', 'interrupted']), sharded: z.boolean(), gateEnforced: z.boolean() }),
  gate: z.object({ passed: z.boolean(), failures: z.array(gateFailureSchema) }),
  metrics: metricsSchema,
  regression: regressionSchema.optional(),
  cases: z.array(caseSchema),
})

export type LlmReport = z.infer<typeof reportSchema>
export type ReportCase = z.infer<typeof caseSchema>
export type { GateFailure, Regression } from '../gate/gate-schema.js'
