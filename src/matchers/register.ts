import { expect, type MatcherState, type SyncMatcherResult } from 'vitest'
import { toContainAll, toContainAny } from './contain.js'
import { toMatchSchema } from './schema.js'
import { toFitTokenLimit } from './token-limit.js'
import type { CriteriaSpec } from '../judge/criteria.js'
import type { JudgeMatcherOptions } from '../judge/to-pass-judge.js'
import type { GoldenExample } from '../golden/example-schema.js'

// The two judge-backed matchers are async anyway: their modules (the judge, its schemas, the
// client) load on first use, so the setup file every test file runs stays light.

/** `await expect(output).toPassJudge(criteria)`: see judge/to-pass-judge.ts. */
async function toPassJudge(this: MatcherState, received: unknown, criteria: CriteriaSpec, options?: JudgeMatcherOptions): Promise<SyncMatcherResult> {
  const matcher = await import('../judge/to-pass-judge.js')
  return matcher.toPassJudge.call(this, received, criteria, options)
}

/** `await expect(output).toMatchGolden(example)`: see golden/to-match-golden.ts. */
async function toMatchGolden(this: MatcherState, received: unknown, example: GoldenExample): Promise<SyncMatcherResult> {
  const matcher = await import('../golden/to-match-golden.js')
  return matcher.toMatchGolden.call(this, received, example)
}

/** Every matcher of the package, by name. */
export const matchers = { toContainAll, toContainAny, toMatchSchema, toFitTokenLimit, toPassJudge, toMatchGolden }

/** Adds the matchers to Vitest's `expect`. Safe to call more than once. */
export function registerMatchers(): void {
  expect.extend(matchers)
}
