import { expect } from 'vitest'
import { toContainAll, toContainAny } from './contain.js'
import { toMatchGolden } from '../golden/to-match-golden.js'
import { toPassJudge } from '../judge/to-pass-judge.js'
import { toMatchSchema } from './schema.js'
import { toFitTokenLimit } from './token-limit.js'

/** Every matcher of the package, by name. */
export const matchers = { toContainAll, toContainAny, toMatchSchema, toFitTokenLimit, toPassJudge, toMatchGolden }

/** Adds the matchers to Vitest's `expect`. Safe to call more than once. */
export function registerMatchers(): void {
  expect.extend(matchers)
}
