import type { GateFailure } from './gate-schema.js'
import type { ComparedCase } from './compare-schema.js'
import { compareVariants } from './compare-variants.js'
import { didYouMean } from '../util/nearest-name.js'

/** `gate.compare`, resolved: the candidate variant, its control, the largest tolerated drops. */
export interface CompareGate {
  candidate: string
  control: string
  maxDrop: { passRate: number, score: number }
  alpha: number
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`

/**
 * The gate on a live comparison: in every `compare()` suite that ran both variants, the
 * candidate fails when it is significantly worse than the control (McNemar mid-p for the pass
 * rate; the signed-rank test for each criterion in `gate.scores`) by more than `maxDrop`. With
 * no suite running both, the gate fails closed (a partial run reports it as not measured).
 */
export function compareGateFailures(cases: readonly ComparedCase[], gate: CompareGate, gatedScores: readonly string[]): { failures: GateFailure[], noData?: GateFailure } {
  const suites = new Set<string>()
  for (const c of cases) {
    if (c.compare && c.variant === gate.candidate && cases.some(o => o.compare?.suite === c.compare!.suite && o.variant === gate.control)) suites.add(c.compare.suite)
  }
  if (!suites.size) {
    // A misspelt variant is the likeliest reason: name the variants that did run.
    const ran = new Set(cases.flatMap(c => (c.compare && c.variant !== undefined ? [c.variant] : [])))
    const typo = (name: string) => (ran.has(name) ? '' : didYouMean(name, ran))
    const names = ran.size ? `; variants that ran: ${[...ran].map(v => `\`${v}\``).join(', ')}` : ''
    return { failures: [], noData: { metric: 'compare', actual: null, threshold: `${gate.candidate} vs ${gate.control}`, message: `compare: no compare() suite in this run ran both ${gate.candidate}${typo(gate.candidate)} and ${gate.control}${typo(gate.control)} (the gate fails closed without data)${names}` } }
  }
  const failures: GateFailure[] = []
  for (const suite of suites) {
    const v = compareVariants(cases, suite, gate.control, gate.alpha).variants[gate.candidate]!
    if (v.passVerdict === 'worse' && v.diff !== null && -v.diff > gate.maxDrop.passRate) {
      failures.push({
        metric: `compare.${suite}.passRate`,
        actual: v.diff,
        threshold: -gate.maxDrop.passRate,
        message: `compare ${suite}: ${gate.candidate} is worse than ${gate.control} — pass rate ${pct(v.diff)} (${v.worsened} examples fail only under ${gate.candidate}, ${v.improved} only under ${gate.control}, of ${v.paired}), McNemar mid-p = ${v.pValue!.toPrecision(3)} < α ${gate.alpha}${gate.maxDrop.passRate ? `, drop > ${pct(gate.maxDrop.passRate)} allowed` : ''}`,
      })
    }
    for (const criterion of gatedScores) {
      const s = v.scores[criterion]
      if (!s || s.verdict !== 'worse' || s.diff === null || -s.diff <= gate.maxDrop.score) continue
      failures.push({
        metric: `compare.${suite}.scores.${criterion}`,
        actual: s.diff,
        threshold: -gate.maxDrop.score,
        message: `compare ${suite}: ${gate.candidate} scores ${criterion} ${s.diff.toFixed(2)} lower than ${gate.control} on ${s.paired} paired cases, signed-rank p = ${s.pValue!.toPrecision(3)} < α ${gate.alpha}${gate.maxDrop.score ? `, drop > ${gate.maxDrop.score} allowed` : ''}`,
      })
    }
  }
  return { failures }
}
