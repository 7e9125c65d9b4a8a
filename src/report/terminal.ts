import pc from 'picocolors'
import { ci, pct, score, tokens, trim, usd } from './format.js'
import type { LlmReport } from './report-schema.js'
import { runHeadline } from './run-headline.js'
import { matrixText } from './comparison-matrix.js'

/** The compact terminal summary printed after each run. */
export function renderSummary(report: LlmReport, thresholds: { goldenPassRate?: number, scores: Record<string, number> }): string {
  const { metrics, gate } = report
  const mark = (ok: boolean | undefined) => (ok === undefined ? ' ' : ok ? pc.green('✓') : pc.red('✗'))
  const rows: string[] = []
  const g = metrics.golden
  if (g.cases) {
    const min = thresholds.goldenPassRate
    rows.push(`${mark(min === undefined ? undefined : !gate.failures.some(f => f.metric.startsWith('golden')))} golden      ${pct(g.passRate).padStart(6)}  ${g.passed}/${g.passed + g.failed} passed, CI ${ci(g.interval, pct)}${g.errors ? `, ${g.errors} error${g.errors > 1 ? 's' : ''}` : ''}${min !== undefined ? pc.dim(`  (min ${pct(min)})`) : ''}`)
  }
  for (const [name, s] of Object.entries(metrics.scores)) {
    const min = thresholds.scores[name]
    rows.push(`${mark(min === undefined ? undefined : !gate.failures.some(f => f.metric === `scores.${name}`))} ${name.padEnd(11)} ${score(s.mean).padStart(6)}  n=${s.n}, CI ${ci(s.interval, score)}${min !== undefined ? pc.dim(`  (min ${min})`) : ''}`)
  }
  const compare = gate.thresholds?.compare
  if (compare) {
    // Shown when it passes too, so a reader can see the comparison was gated.
    const failed = gate.failures.some(f => f.metric.startsWith('compare'))
    const unmeasured = gate.notMeasured?.some(f => f.metric.startsWith('compare'))
    const state = failed ? (gate.failures.some(f => f.metric === 'compare') ? 'no suite ran both' : 'worse') : unmeasured ? 'not measured' : 'not shown worse'
    rows.push(`${unmeasured && !failed ? pc.dim('–') : mark(!failed)} compare     ${compare.candidate} vs ${compare.control}: ${state}`)
  }
  for (const t of metrics.trials) rows.push(`${mark(t.verdict === 'pass')} trials      ${pct(t.passRate).padStart(6)}  ${t.passed}/${t.runs} ${t.name} (${t.verdict}, lower bound ${pct(t.interval[0])})`)
  const u = metrics.usage
  rows.push(`${mark(metrics.errors === 0 ? undefined : false)} errors      ${String(metrics.errors).padStart(6)}  of ${metrics.cases} cases`)
  rows.push(`  usage       ${String(u.requests).padStart(6)}  requests, ${u.cached} cached, ${tokens(u.inputTokens)} in / ${tokens(u.outputTokens)} out, ${usd(u.costUsd)} (app ${usd(u.app.costUsd)}, judge ${usd(u.judge.costUsd)})${u.unpricedRequests ? `, ${u.unpricedRequests} unpriced` : ''}`)

  const headline = runHeadline(report)
  const color = { pass: pc.green, fail: pc.red, info: pc.cyan, warn: pc.yellow }[headline.tone]
  const out = ['', pc.inverse(color(' LLM ')) + color(` ${headline.text}`), ...rows.map(r => `  ${r}`)]
  const depth = report.run.depth
  // Only a depth someone chose is news: the default fixed `full` changes nothing.
  if (depth && (depth.mode === 'auto' || depth.level !== 'full')) out.push(`  ${pc.cyan('depth')}       ${depth.level} (${depth.mode}) — ${depth.why}`)
  for (const suite of report.comparison?.suites ?? []) out.push(...matrixText(suite).map((line, i) => `  ${i === 0 ? pc.bold(line) : line}`))
  for (const f of gate.failures) out.push(`  ${pc.red('✗')} ${f.message}`)
  for (const f of gate.notMeasured ?? []) out.push(`  ${pc.dim('–')} ${pc.dim(f.message)}`)
  const failing = report.cases.filter(c => c.verdict !== 'pass')
  if (failing.length) {
    out.push(pc.dim(`  failing cases (${failing.length}):`))
    for (const c of failing.slice(0, 5)) out.push(`    ${c.verdict === 'error' ? pc.yellow('error') : pc.red('fail ')} ${c.suite ? `${c.suite} › ` : ''}${c.id}${c.reason ? pc.dim(` — ${trim(oneLine(c.reason), 100)}`) : ''}`)
    if (failing.length > 5) out.push(pc.dim(`    … ${failing.length - 5} more in the report`))
  }
  return `${out.join('\n')}\n`
}

// A reason of several lines (a golden file's problems, a judge's bad reply) on the case's one line.
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' · ')
