import type { DepthLevel } from '../config/depth-levels.js'
import { seededCount, seededSample, type SampleOptions } from './seeded-sample.js'

/**
 * What a level means for each kind of test. Golden sets (per set, with `r` the set's
 * `sample.rate`, or `depth.sampleRate` for a set without one):
 *
 * | level | set without `sample` | set with `sample` |
 * |---|---|---|
 * | smoke | `smokeSample` examples, seeded, with their checks | the same, at most its sample's size |
 * | sampled | `r` of the examples (at least one), with their checks | its sample (`r`) |
 * | regression | every deterministic example + `r` of the judged ones (at least one) | its sample |
 * | full | every example and judge check (today's behaviour) | its sample (today's behaviour) |
 * | comprehensive | every example | every example (the sample is lifted) |
 *
 * `full` keeps a configured sample because `full` is the default and must not change what runs
 * for users who do not opt in; the sample rises to every example at `comprehensive`.
 */

/** What selection needs of an example: its id, tags (for stratified draws) and whether the judge checks it. */
export interface ExampleRef {
  id: string
  tags?: readonly string[]
  /** True when its check is the judge (no exact match and no phrases of its own). */
  judged: boolean
}

/** A golden set's settings that selection reads. */
export interface GoldenDepthSettings {
  /** The set's own `sample`, if any. */
  sample?: SampleOptions
  /** `depth.smokeSample`: a count (≥ 1) or a fraction (< 1). */
  smokeSample: number
  /** `depth.sampleRate`, for sets without `sample`. */
  sampleRate: number
}

/** Which examples run, and why the others do not. */
export interface GoldenSelection {
  level: DepthLevel
  /** Ids to run. */
  run: Set<string>
  /** For people: what the level ran, e.g. `smoke: 5 of 40 examples (seeded)`. */
  summary: string
  /** Why an example is skipped, for its skip message and the report; undefined when it runs. */
  skipReason(id: string): string | undefined
}

/**
 * The examples of a golden set to run at `level` (see the table above). Reproducible: the same
 * examples, settings and seed (`envSeed` = `VITEST_LLM_SEED` wins) give the same ids everywhere.
 */
export function goldenSelection(level: DepthLevel, examples: readonly ExampleRef[], settings: GoldenDepthSettings, envSeed?: string): GoldenSelection {
  const all = new Set(examples.map(e => e.id))
  const sampleOptions = { seed: settings.sample?.seed, stratifyBy: settings.sample?.stratifyBy }
  const rate = settings.sample?.rate ?? settings.sampleRate
  const ofSample = () => settings.sample ? seededSample(examples, settings.sample, envSeed) : all
  let run: Set<string>
  let summary: string
  switch (level) {
    case 'smoke': {
      const limit = settings.sample ? Math.round(settings.sample.rate * examples.length) : examples.length
      const count = Math.min(smokeCount(settings.smokeSample, examples.length), limit)
      run = seededCount(examples, count, sampleOptions, envSeed)
      summary = `${run.size} of ${examples.length} examples (seeded smoke sample)`
      break
    }
    case 'sampled':
      run = settings.sample ? ofSample() : seededCount(examples, atLeastOne(rate, examples.length), sampleOptions, envSeed)
      summary = `${run.size} of ${examples.length} examples (sample rate ${rate})`
      break
    case 'regression':
      if (settings.sample) {
        run = ofSample()
        summary = `${run.size} of ${examples.length} examples (its sample, rate ${rate})`
      }
      else {
        const judged = examples.filter(e => e.judged)
        const picked = seededCount(judged, atLeastOne(rate, judged.length), sampleOptions, envSeed)
        run = new Set(examples.filter(e => !e.judged || picked.has(e.id)).map(e => e.id))
        summary = `${examples.length - judged.length} deterministic + ${picked.size} of ${judged.length} judged examples (quality sample rate ${rate})`
      }
      break
    case 'full':
      run = ofSample()
      summary = settings.sample ? `${run.size} of ${examples.length} examples (its sample, rate ${rate})` : `all ${examples.length} examples`
      break
    case 'comprehensive':
      run = all
      summary = `all ${examples.length} examples`
      break
  }
  const because = `depth ${level}: not in the ${summary}`
  return { level, run, summary: `${level}: ${summary}`, skipReason: id => run.has(id) ? undefined : because }
}

/**
 * How many examples `goldenSelection` runs, from counts alone: what `plan` estimates with before
 * any file is loaded. Equal to `goldenSelection(...).run.size` for the same counts.
 */
export function goldenRunCount(level: DepthLevel, counts: { total: number, judged: number }, settings: Omit<GoldenDepthSettings, 'sample'> & { sampleRate?: number, sample?: { rate: number } }): number {
  const { total, judged } = counts
  const own = settings.sample?.rate
  const rate = own ?? settings.sampleRate ?? 0.3
  const sampleSize = own === undefined ? total : Math.round(own * total)
  switch (level) {
    case 'smoke': return Math.min(smokeCount(settings.smokeSample, total), sampleSize)
    case 'sampled': return own === undefined ? atLeastOne(rate, total) : sampleSize
    case 'regression': return own === undefined ? total - judged + atLeastOne(rate, judged) : sampleSize
    case 'full': return sampleSize
    case 'comprehensive': return total
  }
}

/** `round(rate × n)`, but at least one of a non-empty set: a quality sample is never empty by rounding. */
function atLeastOne(rate: number, n: number): number {
  return n === 0 ? 0 : Math.max(1, Math.round(rate * n))
}

/** The smoke sample's size: a count (≥ 1), or a fraction of the set (< 1), at least one example. */
export function smokeCount(smokeSample: number, total: number): number {
  if (total === 0) return 0
  const count = smokeSample >= 1 ? Math.floor(smokeSample) : Math.round(smokeSample * total)
  return Math.min(total, Math.max(1, count))
}

/** A `trials()` test's budget at a level. */
export interface TrialsBudget {
  /** Runs to allow; 0 when skipped. */
  runs: number
  skip: boolean
  why: string
}

/**
 * `trials()` at a level: skipped at `smoke` and `sampled` (a reduced budget could not reach a
 * verdict: fewer runs than the least that can pass is an error), the configured budget at
 * `regression` and `full`, and `runs × comprehensiveTrials` (rounded up) at `comprehensive`, so
 * model changes are measured with tighter bounds. Early stopping still applies to every budget.
 */
export function trialsBudget(level: DepthLevel, runs: number, comprehensiveTrials = 3): TrialsBudget {
  if (level === 'smoke' || level === 'sampled') return { runs: 0, skip: true, why: `depth ${level}: trials run from regression up` }
  if (level === 'comprehensive') {
    const more = Math.ceil(runs * comprehensiveTrials)
    return { runs: more, skip: false, why: `depth comprehensive: ${runs} × ${comprehensiveTrials} = ${more} runs` }
  }
  return { runs, skip: false, why: `depth ${level}: the configured ${runs} runs` }
}

/**
 * Whether the judge checks an example, by golden()'s rule: not an exact match, and `criteria`, or
 * `expected` without phrases. Structural, so depth/ needs nothing from golden/.
 */
export function isJudged(example: { exact_match?: unknown, must_contain?: unknown, must_not_contain?: unknown, criteria?: unknown, expected?: unknown }): boolean {
  if (example.exact_match !== undefined) return false
  const phrases = Boolean(example.must_contain || example.must_not_contain)
  return example.criteria !== undefined || (!phrases && example.expected !== undefined)
}
