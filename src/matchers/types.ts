import type { z } from 'zod'
import type { CriteriaSpec } from '../judge/criteria.js'
import type { JudgeMatcherOptions } from '../judge/to-pass-judge.js'
import type { GoldenExample } from '../golden/example-schema.js'
import type { EncodingName } from '../tokens/count-tokens.js'

/** Options of `toContainAll` / `toContainAny`. */
export interface ContainOptions {
  /** Compare case-insensitively. @default false */
  ignoreCase?: boolean
}

/** Options of `toFitTokenLimit`: which tokenizer to count with. */
export type TokenLimitOptions =
  | { model: string, encoding?: never }
  | { encoding: EncodingName, model?: never }
  | { model?: undefined, encoding?: undefined }

/** The matchers vitest-llm adds to `expect`. */
export interface LlmMatchers<R = unknown> {
  /** Passes when the text contains every phrase; the message lists each missing one. */
  toContainAll: (phrases: readonly string[], options?: ContainOptions) => R
  /** Passes when the text contains at least one of the phrases. */
  toContainAny: (phrases: readonly string[], options?: ContainOptions) => R
  /** Finds JSON in the text (bare or fenced) and validates it against a zod schema. */
  toMatchSchema: (schema: z.ZodType) => R
  /** Passes when the text is at most `max` tokens (tiktoken; `o200k_base` unless a model or encoding is given). */
  toFitTokenLimit: (max: number, options?: TokenLimitOptions) => R
  /**
   * Asks the judge model to score the output 1–5 on each criterion (one call) and passes when
   * every score meets its threshold. Criteria: a rubric string, criterion names, or
   * `{ name: minScore }`. A judge that cannot be reached or answers unparseably fails the test
   * with a `JudgeError` — never a pass, never a quality fail. Must be awaited.
   */
  toPassJudge: (criteria: CriteriaSpec, options?: JudgeMatcherOptions) => Promise<void>
  /** The example's own check (exact, phrases or judge); records the verdict for the gate. Must be awaited. */
  toMatchGolden: (example: GoldenExample) => Promise<void>
}

declare module 'vitest' {
  // eslint-disable-next-line ts/no-empty-object-type
  interface Matchers<R, T> extends LlmMatchers<R> {}
}
