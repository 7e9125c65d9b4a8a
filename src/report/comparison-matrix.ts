import { ci, pct, score, usd } from './format.js'
import type { ComparisonSuite, VariantComparison } from './report-schema.js'

const signed = (x: number, f: (x: number) => string) => (x > 0 ? `+${f(x)}` : f(x))
const p = (x: number | null) => (x === null ? '' : `p=${x < 0.001 ? x.toExponential(1) : x.toFixed(3)}`)
const ms = (x: number | null) => (x === null ? '—' : `${Math.round(x)}`)
const ratio = (r: VariantComparison['costRatio']) => (r.ratio === null ? '' : ` ×${r.ratio.toFixed(2)}${r.interval ? ` (${ci(r.interval, x => x.toFixed(2))})` : ''}`)

/** A variant's verdict as a short phrase; "no detectable difference" says what could have been detected. */
export function verdictText(v: VariantComparison): string {
  if (v.verdict !== 'no detectable difference') return v.verdict
  return v.minDetectable === null ? 'no detectable difference (too few examples to detect any)' : `no detectable difference (≥ ${pct(v.minDetectable)} detectable)`
}

/**
 * The matrix of one `compare()` suite: a header row of variant names (control first), then one
 * row per metric — pass rate with its interval, the paired difference against the control, each
 * criterion's mean and change, cost per case (and its ratio to the control's), p50/p95 latency,
 * and the verdict. Shared by the terminal and Markdown renderers.
 */
export function comparisonMatrix(suite: ComparisonSuite): string[][] {
  const names = Object.keys(suite.variants)
  const vs = names.map(n => suite.variants[n]!)
  const control = (name: string) => name === suite.control
  const rows: string[][] = [['', ...names.map(n => (control(n) ? `${n} (control)` : n))]]
  rows.push(['pass rate', ...vs.map(v => `${pct(v.passRate)} ${v.passed}/${v.passed + v.failed} (${ci(v.interval, pct)})`)])
  rows.push(['vs control', ...vs.map((v, i) => (control(names[i]!) || v.diff === null ? '' : `${signed(v.diff, pct)} (${ci(v.diffInterval!, x => signed(x, pct))}) ${p(v.pValue)}, −${v.worsened}/+${v.improved}`))])
  const criteria = [...new Set(vs.flatMap(v => Object.keys(v.scores)))]
  for (const c of criteria) {
    rows.push([c, ...vs.map((v) => {
      const s = v.scores[c]
      if (!s) return '—'
      return s.diff === null ? score(s.mean) : `${score(s.mean)} (${signed(s.diff, score)}, ${p(s.pValue)})`
    })])
  }
  rows.push(['cost/case', ...vs.map((v, i) => `${usd(v.costPerCase)}${control(names[i]!) ? '' : ratio(v.costRatio)}`)])
  rows.push(['latency p50/p95 ms', ...vs.map((v, i) => `${ms(v.latencyP50)}/${ms(v.latencyP95)}${control(names[i]!) ? '' : ratio(v.latencyRatio)}`)])
  if (vs.some(v => v.errors)) rows.push(['errors', ...vs.map(v => String(v.errors))])
  rows.push(['verdict', ...vs.map(verdictText)])
  return rows
}

/** The matrix as aligned text columns, for the terminal. */
export function matrixText(suite: ComparisonSuite): string[] {
  const rows = comparisonMatrix(suite)
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map(r => r[col]!.length)))
  return [`compare ${suite.suite} (paired, α ${suite.alpha}):`, ...rows.map(r => r.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd())]
}

/** The matrix as a Markdown table. */
export function matrixMarkdown(suite: ComparisonSuite): string[] {
  const rows = comparisonMatrix(suite).map(r => r.map(cell => cell.replace(/\|/g, '\\|')))
  return [
    `### Comparison: ${suite.suite} (paired against ${suite.control}, α ${suite.alpha})`,
    '',
    `| ${rows[0]!.join(' | ')} |`,
    `|${rows[0]!.map(() => '---').join('|')}|`,
    ...rows.slice(1).map(r => `| ${r.join(' | ')} |`),
    '',
  ]
}
