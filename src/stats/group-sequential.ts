import type { Interval } from './proportion.js'
import { confidenceSequence } from './sequential.js'
import { binomialPmf, normalCdf, normalQuantile } from './special.js'
import { stagewiseInterval, type StopSide } from './stagewise.js'

/**
 * An exact group-sequential test for a pass rate with a known budget of runs, for `trials()`.
 *
 * The anytime-valid bounds in sequential.ts allow a look after every run for ever, and pay for that
 * with width. When the most runs a test may make (`maxRuns`) is known, an exact design does better:
 * every path of passes and fails is enumerated (dynamic programming over the binomial counts, no
 * simulation), and at each look the pass boundary is the lowest count whose chance of being
 * reached — at the boundary rate, counting only paths that have not stopped — keeps the error spent
 * so far within an α-spending function (Lan & DeMets 1983). The fail boundary is set the same way
 * with its own spending. Because passing is a monotone event of the path, the chance of passing
 * is largest at the boundary rate, so the guarantee holds for every rate below it.
 *
 * Spending: O'Brien–Fleming-type by default, α(t) = 2 − 2Φ(z₁₋α/₂ / √t) at information fraction
 * t = runs / maxRuns. It spends almost nothing early, so the last look keeps nearly all of α and
 * the power stays within a few points of the one-look exact (Clopper–Pearson) test at the same
 * budget; it still stops early when the record is clear (a broken behaviour fails within a few
 * runs, a very reliable one passes about halfway). Pocock-type, α·ln(1 + (e − 1)t), stops earlier
 * and loses more power at the end; see BENCHMARKS.md.
 *
 * Guarantees (exact, for every true rate p; `confidence` = 1 − α):
 * - without `margin`: P(pass) ≤ α whenever p ≤ passRate, and P(fail) ≤ α whenever p ≥ passRate.
 *   What is neither ends `inconclusive`: at the budget, or as soon as no remaining run could
 *   reach a pass boundary (that stop changes no pass probability; `trials()` reports it as a
 *   failure that cannot pass, with how many runs would be needed).
 * - with `margin` δ (an indifference zone): P(pass) ≤ α whenever p ≤ passRate − δ and
 *   P(fail) ≤ α whenever p ≥ passRate, provided the budget is large enough (see
 *   `design.errors`); every record ends in pass or fail. A pass then means "the rate is
 *   above passRate − δ", not "above passRate".
 */

/** The α-spending function's family. */
export type Spending = 'obrien-fleming' | 'pocock'

/** Options of {@link designTrials}. */
export interface TrialsDesignOptions {
  /** The most runs the test may make. */
  maxRuns: number
  /** The required pass rate. */
  passRate: number
  /** 1 − α, the bound on each error. @default 0.95 */
  confidence?: number
  /** Look after every `lookEvery` runs (and always at `maxRuns`). @default 1 */
  lookEvery?: number
  /** Indifference zone below `passRate`: see the module comment. @default 0 */
  margin?: number
  /** @default 'obrien-fleming' */
  spending?: Spending
}

/** One look: decide after `runs` runs. */
export interface TrialsLook {
  runs: number
  /** Pass when passes ≥ passAt (greater than `runs`: cannot pass at this look). */
  passAt: number
  /** Fail when passes ≤ failAt (−1: cannot fail at this look). */
  failAt: number
}

/** An exact group-sequential design, from {@link designTrials}. */
export interface TrialsDesign {
  maxRuns: number
  passRate: number
  confidence: number
  margin: number
  spending: Spending
  looks: TrialsLook[]
  /** Whether some record can pass / fail within the budget. */
  canPass: boolean
  canFail: boolean
  /** Exact error rates: P(pass) at passRate − margin, P(fail) at passRate. */
  errors: { falsePass: number, falseFail: number }
  /** Per look: the most failures after which a pass is still reachable (−1: none). */
  maxFailsToPass: number[]
}

/**
 * Cumulative α to spend by information fraction t ∈ (0, 1]; exactly α at t ≥ 1 (the normal
 * approximations inside never let rounding add to α).
 */
export function spendingFunction(kind: Spending, alpha: number, t: number): number {
  if (t >= 1) return alpha
  if (t <= 0) return 0
  const spent = kind === 'pocock'
    ? alpha * Math.log(1 + (Math.E - 1) * t)
    : 2 * (1 - normalCdf(normalQuantile(1 - alpha / 2) / Math.sqrt(t)))
  return Math.min(alpha, spent)
}

function check(options: TrialsDesignOptions): void {
  const { maxRuns, passRate, confidence = 0.95, lookEvery = 1, margin = 0 } = options
  if (!Number.isInteger(maxRuns) || maxRuns < 1) throw new RangeError(`maxRuns must be a positive integer, received ${maxRuns}`)
  if (!(passRate > 0 && passRate < 1)) throw new RangeError(`passRate must be in (0, 1), received ${passRate}`)
  if (!(confidence > 0.5 && confidence < 1)) throw new RangeError(`confidence must be in (0.5, 1), received ${confidence}`)
  if (!Number.isInteger(lookEvery) || lookEvery < 1) throw new RangeError(`lookEvery must be a positive integer, received ${lookEvery}`)
  if (!(margin >= 0 && margin < passRate)) throw new RangeError(`margin must be in [0, passRate), received ${margin}`)
}

/** The look times: every `lookEvery` runs and at `maxRuns`. */
function lookTimes(maxRuns: number, lookEvery: number): number[] {
  const times: number[] = []
  for (let n = lookEvery; n < maxRuns; n += lookEvery) times.push(n)
  times.push(maxRuns)
  return times
}

/** Distribution of passes after `m` more runs, from `dist` (mass over pass counts). */
function advance(dist: number[], m: number, p: number): number[] {
  const step = Array.from({ length: m + 1 }, (_, j) => binomialPmf(j, m, p))
  const next = new Array<number>(dist.length + m).fill(0)
  for (let s = 0; s < dist.length; s++) {
    const mass = dist[s]!
    if (mass === 0) continue
    for (let j = 0; j <= m; j++) next[s + j]! += mass * step[j]!
  }
  return next
}

/**
 * Designs the exact group-sequential test: the pass and fail boundaries at every look, whether
 * the budget can pass or fail at all, and the exact error rates. See the module comment.
 */
export function designTrials(options: TrialsDesignOptions): TrialsDesign {
  check(options)
  const { maxRuns, passRate, confidence = 0.95, lookEvery = 1, margin = 0, spending = 'obrien-fleming' } = options
  const alpha = 1 - confidence
  const times = lookTimes(maxRuns, lookEvery)
  // Pass errors are spent at passRate − margin, fail errors at passRate; both paths stop at
  // either boundary (binding: trials() always stops), so two distributions are carried.
  let forPass = [1]
  let forFail = [1]
  let spentPass = 0
  let spentFail = 0
  let previous = 0
  const looks: TrialsLook[] = []
  for (const [k, runs] of times.entries()) {
    forPass = advance(forPass, runs - previous, passRate - margin)
    forFail = advance(forFail, runs - previous, passRate)
    previous = runs
    const budget = spendingFunction(spending, alpha, runs / maxRuns)
    let passAt = runs + 1
    let tail = 0
    while (passAt > 0 && spentPass + tail + forPass[passAt - 1]! <= budget) tail += forPass[--passAt]!
    let failAt = -1
    let head = 0
    while (failAt < runs && spentFail + head + forFail[failAt + 1]! <= budget) head += forFail[++failAt]!
    // With a margin the last look decides everything; otherwise the two regions never overlap.
    if (margin > 0 && k === times.length - 1) failAt = passAt - 1
    failAt = Math.min(failAt, passAt - 1)
    looks.push({ runs, passAt, failAt })
    for (let s = 0; s <= runs; s++) {
      if (s >= passAt || s <= failAt) {
        if (s >= passAt) spentPass += forPass[s]!
        else spentFail += forFail[s]!
        forPass[s] = 0
        forFail[s] = 0
      }
    }
  }
  const maxFailsToPass = new Array<number>(looks.length).fill(-1)
  for (let k = looks.length - 1; k >= 0; k--) {
    const { runs, passAt, failAt } = looks[k]!
    const later = k + 1 < looks.length ? maxFailsToPass[k + 1]! : -1
    // The all-pass continuation keeps the failure count: it passes here when few enough, fails
    // here when too many, otherwise it goes on to the next look.
    maxFailsToPass[k] = Math.max(passAt <= runs ? runs - passAt : -1, Math.min(runs - failAt - 1, later))
  }
  const design: TrialsDesign = {
    maxRuns, passRate, confidence, margin, spending, looks,
    canPass: maxFailsToPass[0]! >= 0,
    canFail: looks.some(l => l.failAt >= 0),
    errors: { falsePass: 0, falseFail: 0 },
    maxFailsToPass,
  }
  design.errors = { falsePass: operatingCharacteristics(design, passRate - margin).pass, falseFail: operatingCharacteristics(design, passRate).fail }
  return design
}

/** What {@link decideTrials} says after a record. */
export type TrialsVerdict = 'pass' | 'fail' | 'inconclusive' | 'continue'

/** A decision with its reason and the interval to report. */
export interface TrialsDecision {
  verdict: TrialsVerdict
  reason: 'pass-boundary' | 'fail-boundary' | 'cannot-pass' | 'budget-spent' | 'continue'
  passes: number
  runs: number
  /** One-sided bounds at the confidence: exact (stagewise ordering of the whole stopping rule) at every stop, anytime-valid while continuing. */
  interval: Interval
}

/**
 * The verdict alone, without the interval (cheap: for loops that check after every run).
 * Agrees with {@link decideTrials} on when to stop; decideTrials may label an inconclusive
 * stop `fail` when its exact upper bound is below `passRate`.
 */
export function trialsVerdict(design: TrialsDesign, passes: number, runs: number): Pick<TrialsDecision, 'verdict' | 'reason'> {
  if (!Number.isInteger(runs) || runs < 0 || runs > design.maxRuns || !Number.isInteger(passes) || passes < 0 || passes > runs) {
    throw new RangeError(`expected 0 ≤ passes ≤ runs ≤ ${design.maxRuns}, received ${passes} of ${runs}`)
  }
  const look = design.looks.find(l => l.runs === runs)
  if (look && passes >= look.passAt) return { verdict: 'pass', reason: 'pass-boundary' }
  if (look && passes <= look.failAt) return { verdict: 'fail', reason: 'fail-boundary' }
  const unresolved = design.margin > 0 ? 'fail' : 'inconclusive'
  if (runs === design.maxRuns) return { verdict: unresolved, reason: 'budget-spent' }
  const next = design.looks.findIndex(l => l.runs > runs)
  if (runs - passes > design.maxFailsToPass[next]!) return { verdict: unresolved, reason: 'cannot-pass' }
  return { verdict: 'continue', reason: 'continue' }
}

/**
 * Decides after `passes` of `runs`: pass or fail at a boundary; otherwise `inconclusive` when the
 * budget is spent or no remaining run could reach a pass (with a margin these are fails);
 * otherwise continue. The interval is exact for the whole stopping rule (stagewise ordering,
 * stagewise.ts) at every stop, and the anytime-valid one while the record continues.
 *
 * An `inconclusive` stop whose exact upper bound is below `passRate` is reported as `fail`
 * (reason unchanged): the data then show the rate is below `passRate`, with P(upper < p) ≤ α
 * at every true rate p — so a rate at or above `passRate` is labelled `fail` with probability
 * ≤ α whichever way the test stopped. It changes no pass probability.
 */
export function decideTrials(design: TrialsDesign, passes: number, runs: number): TrialsDecision {
  const { verdict, reason } = trialsVerdict(design, passes, runs)
  if (verdict === 'continue') return { verdict, reason, passes, runs, interval: confidenceSequence(passes, runs, design.confidence) }
  // A one-look design stopped at its budget is the fixed-n test (every run made): Clopper–Pearson.
  const earlyStops = design.looks.length > 1 || reason === 'cannot-pass'
  // trialsVerdict's stops as thresholds per run (before the budget): pass at ≥ up[r], stop low at ≤ down[r].
  const up: number[] = []
  const down: number[] = []
  let k = 0
  for (let r = 1; r < design.maxRuns; r++) {
    const look = design.looks[k]!.runs === r ? design.looks[k++] : undefined
    up[r] = look ? look.passAt : Infinity
    down[r] = Math.max(look ? look.failAt : -1, r - design.maxFailsToPass[k]! - 1)
  }
  const stop = (s: number, r: number): StopSide => (!earlyStops ? undefined : s >= up[r]! ? 'up' : s <= down[r]! ? 'down' : undefined)
  const interval = stagewiseInterval(stop, passes, runs, design.confidence)
  const shownBelow = verdict === 'inconclusive' && interval[1] < design.passRate
  return { verdict: shownBelow ? 'fail' : verdict, reason, passes, runs, interval }
}

/** Exact operating characteristics of a design at a true pass rate. */
export interface OperatingCharacteristics {
  pass: number
  fail: number
  inconclusive: number
  /** Mean number of runs made, counting the early stop when passing becomes impossible. */
  expectedRuns: number
}

/**
 * The exact chances of each verdict and the expected number of runs when the true rate is `p`,
 * by dynamic programming run by run (the same stops as {@link decideTrials}).
 */
export function operatingCharacteristics(design: TrialsDesign, p: number): OperatingCharacteristics {
  let dist = [1]
  let pass = 0
  let fail = 0
  let inconclusive = 0
  let expectedRuns = 0
  let k = 0
  for (let runs = 1; runs <= design.maxRuns; runs++) {
    dist = advance(dist, 1, p)
    const look = design.looks[k]!
    const atLook = look.runs === runs
    if (atLook) k++
    const unresolved = design.margin > 0 ? 'fail' : 'inconclusive'
    for (let s = 0; s <= runs; s++) {
      const mass = dist[s]!
      if (mass === 0) continue
      let stop: 'pass' | 'fail' | 'inconclusive' | undefined
      if (atLook && s >= look.passAt) stop = 'pass'
      else if (atLook && s <= look.failAt) stop = 'fail'
      else if (runs === design.maxRuns || runs - s > design.maxFailsToPass[k]!) stop = unresolved
      if (!stop) continue
      if (stop === 'pass') pass += mass
      else if (stop === 'fail') fail += mass
      else inconclusive += mass
      expectedRuns += mass * runs
      dist[s] = 0
    }
  }
  return { pass, fail, inconclusive, expectedRuns }
}
