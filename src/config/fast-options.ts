import { isPlainObject } from '../util/plain-object.js'
import { DEPTH_LEVELS } from './depth-levels.js'

/**
 * Plugin options checked without zod when every key has its plain, valid form. Loading zod and
 * building the options' schema takes ~70 ms when the config file loads, before any worker
 * starts: on a replayed run of 1,000 cases that is a third of what vitest-llm adds to Vitest.
 * The options schema has no transforms, so valid options parse to themselves: this only has to
 * say "certainly valid". Whenever it is not sure (a rarer form, a wrong value) it says no and
 * the schema decides and words the problems (test/config/fast-options.test.ts checks that it
 * never accepts what the schema rejects, over thousands of generated options).
 */
type Check = (value: unknown) => boolean
interface Shape { readonly [key: string]: Check }

const optional = (check: Check): Check => value => value === undefined || check(value)
const number = (min: number, max: number, { above = false, integer = false } = {}): Check =>
  value => typeof value === 'number' && Number.isFinite(value) && (above ? value > min : value >= min) && value <= max && (!integer || Number.isInteger(value))
const oneOf = (...choices: readonly unknown[]): Check => value => choices.includes(value)
const string: Check = value => typeof value === 'string'
const nonEmpty: Check = value => typeof value === 'string' && value.length > 0
const fileOrOff: Check = value => value === false || nonEmpty(value)
// Plain http(s) URLs only: anything else goes to the schema's own URL check.
const url: Check = value => typeof value === 'string' && /^https?:\/\/[\w.-]+(?::\d{1,5})?(?:\/[\w./~%-]*)?(?:\?[\w.~%&=+-]*)?$/.test(value) && URL.canParse(value)
// Strict, as the schema's objects: no unknown key, and every key's check (a required key's
// check rejects undefined).
const object = (shape: Shape): Check => value => isPlainObject(value)
  && Object.keys(value).every(key => Object.hasOwn(shape, key))
  && Object.entries(shape).every(([key, check]) => check(value[key]))
const record = (key: Check, item: Check): Check => value => isPlainObject(value) && Object.entries(value).every(([k, v]) => key(k) && item(v))

const MAX = Number.MAX_VALUE
const int = (min: number) => number(min, Number.MAX_SAFE_INTEGER, { integer: true })
const positiveInt = number(0, Number.MAX_SAFE_INTEGER, { above: true, integer: true })
const fraction = number(0, 1)
const endpoint = { model: optional(nonEmpty), baseURL: optional(url), apiKey: optional(string) }
const maxDrop = (value: unknown) => fraction(value) || object({ passRate: optional(fraction), score: optional(number(0, 4)) })(value)
const alpha: Check = value => typeof value === 'number' && value > 0 && value < 1

const OPTIONS = object({
  provider: optional(object(endpoint)),
  judge: optional(object({ ...endpoint, temperature: optional(number(0, 2)), criteria: optional(record(nonEmpty, nonEmpty)) })),
  cache: optional(object({ mode: optional(oneOf('auto', 'replay', 'record', 'off')), dir: optional(nonEmpty) })),
  concurrency: optional(positiveInt),
  rateLimit: optional(object({ requestsPerMinute: optional(number(0, MAX, { above: true })), tokensPerMinute: optional(number(0, MAX, { above: true })) })),
  // The object form of `depth` is left to the schema.
  depth: optional(oneOf('auto', ...DEPTH_LEVELS)),
  retries: optional(int(0)),
  timeoutMs: optional(positiveInt),
  pricing: optional(record(string, object({ input: number(0, MAX), output: number(0, MAX) }))),
  gate: optional(object({
    goldenPassRate: optional(fraction),
    scores: optional(record(string, number(1, 5))),
    minCases: optional(int(0)),
    maxErrorRate: optional(fraction),
    maxCostUsd: optional(number(0, MAX)),
    bound: optional(oneOf('point', 'lower')),
    enforce: optional(oneOf('auto', 'always', 'never')),
    baseline: optional(object({ file: nonEmpty, maxDrop: optional(maxDrop), alpha: optional(alpha) })),
    compare: optional(object({ candidate: nonEmpty, control: nonEmpty, maxDrop: optional(maxDrop), alpha: optional(alpha) })),
  })),
  report: optional(object({ json: optional(fileOrOff), markdown: optional(fileOrOff), junit: optional(fileOrOff), html: optional(fileOrOff) })),
})

/** True only when the options are certainly valid; false means "ask the schema". */
export function certainlyValidOptions(input: unknown): boolean {
  return OPTIONS(input)
}
