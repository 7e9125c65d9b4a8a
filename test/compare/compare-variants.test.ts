import { describe, expect, it } from 'vitest'
import type { ComparedCase } from '../../src/gate/compare-schema.js'
import { compareGateFailures } from '../../src/gate/compare-gate.js'
import { compareAll, compareVariants } from '../../src/gate/compare-variants.js'
import { matrixMarkdown, matrixText } from '../../src/report/comparison-matrix.js'
import { minDetectableDifference, newcombePairedInterval } from '../../src/stats/paired-proportion.js'
import { pairedRatio } from '../../src/stats/ratio.js'

// Reference values are computed here independently of src/stats: binomial sums written out with
// explicit coefficients, and Newcombe's method 10 re-derived from the paper's formulas.
const Z975 = 1.959963984540054
function wilsonRef(x: number, n: number): [number, number] {
  const p = x / n
  const c = (p + Z975 ** 2 / (2 * n)) / (1 + Z975 ** 2 / n)
  const h = Z975 * Math.sqrt(p * (1 - p) / n + Z975 ** 2 / (4 * n * n)) / (1 + Z975 ** 2 / n)
  return [c - h, c + h]
}
/** Newcombe 1998 method 10 for pB − pA; a = both pass, b = only B, c = only A, d = neither. */
function newcombeRef(a: number, b: number, c: number, d: number): [number, number] {
  const n = a + b + c + d
  const p1 = (a + b) / n
  const p2 = (a + c) / n
  const [l1, u1] = wilsonRef(a + b, n)
  const [l2, u2] = wilsonRef(a + c, n)
  const B = a * d - b * c
  const C = B > n / 2 ? B - n / 2 : B < 0 ? B : 0
  const A = (a + b) * (c + d) * (a + c) * (b + d)
  const phi = A === 0 ? 0 : C / Math.sqrt(A)
  const D = p1 - p2
  return [D - Math.sqrt((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2), D + Math.sqrt((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2)]
}

const suite = 'prompts'
function cases(variant: string, verdicts: Array<'pass' | 'fail'>, extra: (i: number) => Partial<ComparedCase> = () => ({})): ComparedCase[] {
  return verdicts.map((verdict, i) => ({ id: `e${i}`, kind: 'golden', verdict, variant, compare: { suite, control: 'a' }, costUsd: 0.001, latencyMs: 100, ...extra(i) }))
}
// 40 examples: A passes 26. B: 9 only under B, 1 only under A, 25 both, 5 neither. C: 2 each way.
const A = [...Array(25).fill('pass'), 'pass', ...Array(9).fill('fail'), ...Array(5).fill('fail')] as Array<'pass' | 'fail'>
const B = [...Array(25).fill('pass'), 'fail', ...Array(9).fill('pass'), ...Array(5).fill('fail')] as Array<'pass' | 'fail'>
const C = A.map((v, i) => (i < 2 ? 'fail' : i >= 26 && i < 28 ? 'pass' : v)) as Array<'pass' | 'fail'>

describe('compareVariants', () => {
  const all = [...cases('a', A), ...cases('b', B, () => ({ costUsd: 0.002, latencyMs: 150 })), ...cases('c', C)]
  const result = compareVariants(all, suite, 'a')

  it('B, better on 9 and worse on 1 of 40, is better: McNemar mid-p and Newcombe interval', () => {
    const b = result.variants.b!
    expect(b).toMatchObject({ paired: 40, worsened: 1, improved: 9, passRate: 34 / 40, verdict: 'better', passVerdict: 'better' })
    expect(b.diff).toBeCloseTo(8 / 40, 12)
    // Two-sided mid-p, m = 10 discordant, k = 1: 2·(C(10,0) + ½·C(10,1)) / 2^10 = 12/1024.
    expect(b.pValue).toBeCloseTo(12 / 1024, 12)
    const [lo, hi] = newcombeRef(25, 9, 1, 5)
    expect(b.diffInterval![0]).toBeCloseTo(lo, 8)
    expect(b.diffInterval![1]).toBeCloseTo(hi, 8)
    expect(b.costRatio).toMatchObject({ n: 40, ratio: expect.closeTo(2, 10), interval: [expect.closeTo(2, 10), expect.closeTo(2, 10)] })
    expect(b.latencyRatio.ratio).toBeCloseTo(1.5, 10)
    expect(b.latencyP50).toBe(150)
  })

  it('C, 2 worse and 2 better, is no detectable difference, with the difference it could have detected', () => {
    const c = result.variants.c!
    expect(c).toMatchObject({ worsened: 2, improved: 2, diff: 0, verdict: 'no detectable difference' })
    // m = 4, k = 2: 2·(C(4,0) + C(4,1) + ½·C(4,2)) / 16 = 2·7/16 > 1 → 1.
    expect(c.pValue).toBeCloseTo(1, 12)
    const mde = c.minDetectable!
    // Connor's equation holds at the solution: 40·δ² = (z·√ψ + z_0.8·√(ψ − δ²))², ψ = max(4/40, δ).
    const psi = Math.max(0.1, mde)
    expect(40 * mde * mde).toBeCloseTo((Z975 * Math.sqrt(psi) + 0.8416212335729143 * Math.sqrt(psi - mde * mde)) ** 2, 6)
    expect(result.variants.a!.verdict).toBe('control')
  })

  it('one-sided flip: A vs B makes A worse, and the gate fails only beyond maxDrop', () => {
    const flipped = compareVariants(all, suite, 'b').variants.a!
    expect(flipped.verdict).toBe('worse')
    const gate = { candidate: 'b', control: 'a', maxDrop: { passRate: 0, score: 0 }, alpha: 0.05 }
    expect(compareGateFailures(all, gate, []).failures).toEqual([])
    const reverse = compareGateFailures(all, { ...gate, candidate: 'a', control: 'b' }, [])
    expect(reverse.failures).toEqual([expect.objectContaining({ metric: 'compare.prompts.passRate', actual: -0.2 })])
    expect(compareGateFailures(all, { ...gate, candidate: 'a', control: 'b', maxDrop: { passRate: 0.25, score: 0 } }, []).failures).toEqual([])
    expect(compareGateFailures(all, { ...gate, candidate: 'x' }, []).noData?.metric).toBe('compare')
    // A misspelt variant fails closed, naming the nearest and those that ran.
    expect(compareGateFailures(all, { ...gate, candidate: 'bb' }, []).noData?.message).toBe('compare: no compare() suite in this run ran both bb (did you mean `b`?) and a (the gate fails closed without data); variants that ran: `a`, `b`, `c`')
  })

  it('scores: an exact signed-rank test per criterion', () => {
    const scored = [
      ...cases('a', Array(20).fill('pass'), () => ({ scores: { relevance: 5 } })),
      ...cases('b', Array(20).fill('pass'), i => ({ scores: { relevance: i < 6 ? 4 : 5 } })),
    ]
    const s = compareVariants(scored, suite, 'a').variants.b!.scores.relevance!
    // Six pairs each down by 1, none up: the exact two-sided p is 2 · 2⁻⁶.
    expect(s).toMatchObject({ paired: 20, diff: -0.3, verdict: 'worse' })
    expect(s.pValue).toBeCloseTo(2 / 64, 12)
    const gate = { candidate: 'b', control: 'a', maxDrop: { passRate: 0, score: 0 }, alpha: 0.05 }
    expect(compareGateFailures(scored, gate, ['relevance']).failures[0]?.metric).toBe('compare.prompts.scores.relevance')
  })

  it('renders the matrix for the terminal and Markdown', () => {
    const comparison = compareAll(all)!
    expect(comparison.suites).toHaveLength(1)
    const text = matrixText(comparison.suites[0]!).join('\n')
    expect(text).toContain('a (control)')
    expect(text).toMatch(/pass rate\s+65\.0% 26\/40/)
    expect(text).toContain('+20.0%')
    expect(text).toContain('better')
    expect(text).toMatch(/no detectable difference \(≥ \d+\.\d% detectable\)/)
    expect(matrixMarkdown(comparison.suites[0]!).join('\n')).toContain('| verdict | control | better |')
  })
})

describe('paired statistics', () => {
  it('Newcombe interval matches the reference on other tables, and stays in [−1, 1]', () => {
    for (const [a, b, c, d] of [[12, 5, 9, 2], [1, 7, 1, 12], [0, 0, 0, 10], [30, 0, 0, 0]] as const) {
      const [lo, hi] = newcombeRef(a, b, c, d)
      const got = newcombePairedInterval({ both: a, onlyB: b, onlyA: c, neither: d })
      expect(got[0]).toBeCloseTo(Math.max(-1, lo), 8)
      expect(got[1]).toBeCloseTo(Math.min(1, hi), 8)
    }
  })
  it('minimum detectable difference with no disagreement solves n·δ = (z_α/2 + z_β·√(1 − δ))²', () => {
    const d = minDetectableDifference(50, 0)!
    expect(50 * d).toBeCloseTo((Z975 + 0.8416212335729143 * Math.sqrt(1 - d)) ** 2, 6)
    expect(minDetectableDifference(1, 0)).toBeNull()
  })
  it('paired ratio: geometric mean with a t-interval on logs; zeros dropped', () => {
    const r = pairedRatio([1, 2, 4, 0], [2, 2, 8, 5])
    // logs of 2, 1, 2: mean ln2·2/3, sd = ln2/√3; t_{0.975, 2} = 4.302652729911275.
    const mean = Math.LN2 * 2 / 3
    const half = 4.302652729911275 * (Math.LN2 / Math.sqrt(3)) / Math.sqrt(3)
    expect(r.n).toBe(3)
    expect(r.ratio).toBeCloseTo(Math.exp(mean), 10)
    expect(r.interval![0]).toBeCloseTo(Math.exp(mean - half), 6)
    expect(r.interval![1]).toBeCloseTo(Math.exp(mean + half), 6)
  })
})
