import type { z } from 'zod'
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
}

declare module 'vitest' {
  // eslint-disable-next-line ts/no-empty-object-type
  interface Matchers<R, T> extends LlmMatchers<R> {}
}
