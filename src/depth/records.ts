import type { z } from 'zod'
import { lazySchema } from '../util/lazy-zod.js'
import { fingerprintsSchema } from './fingerprints.js'
import { DEPTH_LEVELS } from '../config/depth-levels.js'

/**
 * What the report and the baseline keep for change-aware depth: per suite, what it uses and how
 * big it is (so `plan` can decide and estimate without running it), and per case, its usage.
 * gate/ (the baseline) and report/ import these schemas; depth/ owns them because it reads them.
 */

const level = lazySchema(z => z.enum(DEPTH_LEVELS))

export const usesSchema = lazySchema(z => z.union([
  z.array(z.string()),
  z.object({ prompts: z.array(z.string()).optional(), rag: z.boolean().optional() }),
]))

/**
 * One suite (a `golden()` set or a `trials()` test), as the report's `run.depth.suites` and the
 * baseline's `suites` record it: golden sets keyed by their name, trials by their case key
 * (`suite › full name`).
 */
export const suiteRecordSchema = lazySchema(z => z.object({
  kind: z.enum(['golden', 'trials', 'test']),
  /** Its declared `uses`. */
  uses: usesSchema.optional(),
  /** Its declared `level`. */
  level: level.optional(),
  /** Golden files it read, relative to the root. */
  files: z.array(z.string()).optional(),
  /** Golden: how many examples, and how many of them the judge checks. */
  examples: z.object({ total: z.number().int().min(0), judged: z.number().int().min(0) }).optional(),
  /** Golden: its own `sample.rate`. */
  sampleRate: z.number().optional(),
  /** Trials: the configured budget. */
  runs: z.number().int().positive().optional(),
  /** What this run did: the level it ran at, why, and how many of its cases ran and were skipped by depth. */
  ran: z.object({ level, why: z.string(), selected: z.number().int().min(0), skipped: z.number().int().min(0) }).optional(),
}))

export type SuiteRecord = z.infer<typeof suiteRecordSchema>

/** Per-case usage, as in the report's cases. */
export const caseUsageSchema = lazySchema(z => z.object({ requests: z.number(), cached: z.number(), inputTokens: z.number(), outputTokens: z.number() }))

export type CaseUsage = z.infer<typeof caseUsageSchema>

/**
 * The baseline's depth-related fields (`fingerprints`, `suites`, `cases[key].usage`/`costUsd`).
 * All optional: `plan` reads them from the raw baseline file, so it works with baselines saved
 * before they existed (and with today's `baselineSchema`, which strips unknown keys).
 */
export const baselineDepthSchema = lazySchema(z => z.object({
  fingerprints: fingerprintsSchema.optional(),
  suites: z.record(z.string(), suiteRecordSchema).optional(),
  cases: z.record(z.string(), z.object({
    scores: z.record(z.string(), z.number()).optional(),
    usage: caseUsageSchema.optional(),
    costUsd: z.number().optional(),
  })),
}))

export type BaselineDepth = z.infer<typeof baselineDepthSchema>

/** The report's `run.depth`: which depth ran and why. */
export const runDepthSchema = lazySchema(z => z.object({
  mode: z.enum(['fixed', 'auto']),
  level,
  known: z.boolean(),
  why: z.string(),
  changes: z.array(z.object({ type: z.string(), files: z.array(z.string()), promptIds: z.array(z.string()), detail: z.string() })),
  suites: z.record(z.string(), suiteRecordSchema).optional(),
  /** The tree's fingerprints at the run's start; `baseline save` copies them into the baseline. */
  fingerprints: fingerprintsSchema.optional(),
}))

export type RunDepth = z.infer<typeof runDepthSchema>

/** The key separator of baseline cases (`suite › id`, as `caseKey` in gate/baseline.ts writes it). */
export const CASE_KEY_SEPARATOR = ' › '

/** The suite of a baseline case key (everything before the first separator). */
export function suiteOfKey(key: string): string {
  const at = key.indexOf(CASE_KEY_SEPARATOR)
  return at === -1 ? '' : key.slice(0, at)
}

/**
 * The suite record a case belongs to: a record keyed by the whole case key (a `trials()` test,
 * which may share its describe path with other tests) claims that case; otherwise its suite's.
 */
export function groupOfKey(key: string, suites: Readonly<Record<string, unknown>> | undefined): string {
  return suites && Object.hasOwn(suites, key) ? key : suiteOfKey(key)
}
