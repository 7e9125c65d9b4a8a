import { mcnemarMidP } from '../stats/mcnemar.js'
import { pairedScoreTest } from '../stats/paired-discrete.js'
import { minDetectableDifference, newcombePairedInterval } from '../stats/paired-proportion.js'
import { wilson } from '../stats/proportion.js'
import { pairedRatio, sampleQuantile } from '../stats/ratio.js'
import type { ComparedCase, Comparison, ComparisonSuite, VariantComparison } from './compare-schema.js'

/** Two-sided level of the comparison's tests and intervals (1 − α confidence). */
export const COMPARE_ALPHA = 0.05

type Direction = 'better' | 'worse' | 'no detectable difference'

/** Every `compare()` suite among the cases, each variant against that suite's control. */
export function compareAll(cases: readonly ComparedCase[], alpha = COMPARE_ALPHA): Comparison | undefined {
  const suites = new Map<string, string>()
  for (const c of cases) if (c.compare && c.variant !== undefined && !suites.has(c.compare.suite)) suites.set(c.compare.suite, c.compare.control)
  if (!suites.size) return undefined
  return { suites: [...suites].map(([suite, control]) => compareVariants(cases, suite, control, alpha)) }
}

/**
 * One `compare()` suite: each variant against `control`, paired by example id.
 *
 * - Pass rate: McNemar's exact mid-p test (two-sided) on the discordant pairs, Newcombe's paired
 *   score interval for the difference, and the minimum detectable difference (power 0.8, Connor's
 *   formula from the discordant share).
 * - Judge scores, per criterion: the exact Wilcoxon signed-rank test of `pairedScoreTest` at α/2
 *   per side, with its betting interval (1 − α) for the mean change.
 * - Cost and latency per case: the geometric-mean ratio with a t-interval on the log ratios.
 *
 * A variant is `worse` when any of its tests finds it significantly worse, `better` when some
 * find it better and none worse, `mixed` when both, otherwise `no detectable difference`. Cases
 * that errored under either variant are left out of the pairing (and counted as errors). Weights
 * are not applied: every example counts once.
 */
export function compareVariants(cases: readonly ComparedCase[], suite: string, control: string, alpha = COMPARE_ALPHA): ComparisonSuite {
  const byVariant = new Map<string, Map<string, ComparedCase>>()
  for (const c of cases) {
    if (c.kind !== 'golden' || c.compare?.suite !== suite || c.variant === undefined) continue
    if (!byVariant.has(c.variant)) byVariant.set(c.variant, new Map())
    byVariant.get(c.variant)!.set(c.id, c)
  }
  const base = byVariant.get(control) ?? new Map<string, ComparedCase>()
  const names = [control, ...[...byVariant.keys()].filter(v => v !== control)]
  const variants: Record<string, VariantComparison> = {}
  for (const name of names) variants[name] = compareOne(base, byVariant.get(name) ?? new Map(), name === control, alpha)
  return { suite, control, alpha, variants }
}

function direction(pValue: number, sign: number, alpha: number): Direction {
  if (pValue >= alpha || sign === 0) return 'no detectable difference'
  return sign > 0 ? 'better' : 'worse'
}

function compareOne(base: Map<string, ComparedCase>, mine: Map<string, ComparedCase>, isControl: boolean, alpha: number): VariantComparison {
  const all = [...mine.values()]
  const judged = all.filter(c => c.verdict !== 'error')
  const passed = judged.filter(c => c.verdict === 'pass').length
  const table = { both: 0, onlyA: 0, onlyB: 0, neither: 0 }
  const scorePairs: Record<string, { before: number[], after: number[] }> = {}
  const cost: Array<[number | undefined, number | undefined]> = []
  const latency: Array<[number | undefined, number | undefined]> = []
  for (const [id, c] of mine) {
    const b = base.get(id)
    if (!b) continue
    cost.push([b.costUsd, c.costUsd])
    latency.push([b.latencyMs, c.latencyMs])
    if (b.verdict === 'error' || c.verdict === 'error') continue
    const key = b.verdict === 'pass' ? (c.verdict === 'pass' ? 'both' : 'onlyA') : (c.verdict === 'pass' ? 'onlyB' : 'neither')
    table[key]++
    for (const [criterion, score] of Object.entries(c.scores ?? {})) {
      const old = b.scores?.[criterion]
      if (old === undefined) continue
      const pair = (scorePairs[criterion] ??= { before: [], after: [] })
      pair.before.push(old)
      pair.after.push(score)
    }
  }
  const paired = table.both + table.onlyA + table.onlyB + table.neither
  const test = mcnemarMidP(table.onlyA, table.onlyB)
  const diff = paired ? (table.onlyB - table.onlyA) / paired : null
  const passVerdict = isControl || !paired ? 'no detectable difference' : direction(test.pValue, table.onlyB - table.onlyA, alpha)

  const scores: VariantComparison['scores'] = {}
  const criteria = new Set(judged.flatMap(c => Object.keys(c.scores ?? {})))
  for (const criterion of criteria) {
    const values = judged.map(c => c.scores?.[criterion]).filter((v): v is number => v !== undefined)
    const pair = scorePairs[criterion]
    const mean = values.reduce((s, v) => s + v, 0) / values.length
    if (isControl || !pair) {
      scores[criterion] = { n: values.length, mean, paired: pair?.before.length ?? 0, diff: null, interval: null, pValue: null, verdict: 'no detectable difference' }
      continue
    }
    const all = [...pair.before, ...pair.after]
    const r = pairedScoreTest(pair.before, pair.after, { alpha: alpha / 2, confidence: 1 - alpha, range: [Math.min(1, ...all), Math.max(5, ...all)] })
    const pValue = Math.min(1, 2 * Math.min(r.signedRank.pWorse, r.signedRank.pBetter))
    const verdict: Direction = r.verdict === 'worse' ? 'worse' : r.verdict === 'better' ? 'better' : 'no detectable difference'
    scores[criterion] = { n: values.length, mean, paired: r.n, diff: r.meanChange, interval: r.interval, pValue, verdict }
  }
  const directions = [passVerdict, ...Object.values(scores).map(s => s.verdict)]
  const worse = directions.includes('worse')
  const better = directions.includes('better')
  const latencies = all.map(c => c.latencyMs).filter((v): v is number => v !== undefined)
  return {
    cases: all.length,
    passed,
    failed: judged.length - passed,
    errors: all.length - judged.length,
    passRate: judged.length ? passed / judged.length : null,
    interval: wilson(passed, judged.length, 1 - alpha),
    paired,
    worsened: table.onlyA,
    improved: table.onlyB,
    diff,
    diffInterval: paired ? newcombePairedInterval(table, 1 - alpha) : null,
    pValue: paired ? test.pValue : null,
    minDetectable: paired ? minDetectableDifference(paired, table.onlyA + table.onlyB, { alpha }) : null,
    passVerdict,
    scores,
    costPerCase: all.length ? all.reduce((s, c) => s + (c.costUsd ?? 0), 0) / all.length : 0,
    costRatio: pairedRatio(cost.map(p => p[0]), cost.map(p => p[1]), 1 - alpha),
    latencyP50: sampleQuantile(latencies, 0.5),
    latencyP95: sampleQuantile(latencies, 0.95),
    latencyRatio: pairedRatio(latency.map(p => p[0]), latency.map(p => p[1]), 1 - alpha),
    verdict: isControl ? 'control' : worse && better ? 'mixed' : worse ? 'worse' : better ? 'better' : 'no detectable difference',
  }
}
