import { ci, pct, score, tokens, trim, usd } from './format.js'
import type { LlmReport } from './report-schema.js'
import { runHeadline } from './run-headline.js'
import { matrixMarkdown } from './comparison-matrix.js'

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** A Markdown summary of a report, for a pull-request comment or `GITHUB_STEP_SUMMARY`. */
export function renderMarkdown(report: LlmReport): string {
  const { metrics, gate } = report
  const lines: string[] = []
  const headline = runHeadline(report)
  lines.push(`## vitest-llm: ${{ pass: '✅', fail: '❌', info: 'ℹ️', warn: '⚠️' }[headline.tone]} ${headline.text}`, '')
  if (report.run.kind === 'interrupted') lines.push('> The run was interrupted: these numbers are partial.', '')
  const depth = report.run.depth
  if (depth && (depth.mode === 'auto' || depth.level !== 'full')) lines.push(`> Depth: **${depth.level}** (${depth.mode}) — ${depth.why}`, '')
  lines.push('| metric | value | 95% CI | n |', '|---|---|---|---|')
  const g = metrics.golden
  if (g.cases) lines.push(`| golden pass rate | ${pct(g.passRate)} (${g.passed}/${g.passed + g.failed}) | ${ci(g.interval, pct)} | ${g.cases} |`)
  for (const [name, s] of Object.entries(metrics.scores)) lines.push(`| ${cell(name)} | ${score(s.mean)} / 5 | ${ci(s.interval, score)} | ${s.n} |`)
  for (const t of metrics.trials) lines.push(`| trials: ${cell(t.name)} | ${t.passed}/${t.runs} (${pct(t.passRate)}), ${t.verdict} | ${ci(t.interval, pct)} | ${t.runs} |`)
  lines.push(`| errors | ${metrics.errors} of ${metrics.cases} cases (${pct(metrics.errorRate)}) | | |`)
  const u = metrics.usage
  lines.push(`| usage | ${u.requests} requests, ${u.cached} cached, ${tokens(u.inputTokens)} in / ${tokens(u.outputTokens)} out tokens | | |`)
  lines.push(`| cost | ${usd(u.costUsd)} (app ${usd(u.app.costUsd)}, judge ${usd(u.judge.costUsd)})${u.unpricedRequests ? `, ${u.unpricedRequests} unpriced requests` : ''} | | |`, '')
  for (const suite of report.comparison?.suites ?? []) lines.push(...matrixMarkdown(suite))
  if (gate.failures.length) {
    lines.push('### Gate failures', '')
    for (const f of gate.failures) lines.push(`- **${f.metric}**: ${f.message}`)
    lines.push('')
  }
  if (gate.notMeasured?.length) {
    lines.push('### Not measured in this partial run', '')
    for (const f of gate.notMeasured) lines.push(`- **${f.metric}**: ${f.message}`)
    lines.push('')
  }
  const regression = report.regression
  if (regression) {
    lines.push(`### Against the baseline (${regression.baseline})`, '')
    if (regression.golden) lines.push(`- golden: ${regression.golden.worsened} newly failing, ${regression.golden.improved} newly passing on ${regression.golden.paired} paired examples (McNemar mid-p ${regression.golden.pValue.toPrecision(3)})${regression.golden.verdict ? ` — ${regression.golden.verdict}` : ''}`)
    for (const [name, s] of Object.entries(regression.scores)) {
      const moved = s.worsened !== undefined ? `, ${s.worsened} lower / ${s.improved} higher` : ''
      const test = s.pValue !== undefined ? `; signed-rank p ${s.pValue.toPrecision(3)}` : ''
      lines.push(`- ${name}: ${s.meanChange >= 0 ? '+' : ''}${s.meanChange.toFixed(2)} on ${s.paired} paired cases${moved} (${ci(s.interval, x => x.toFixed(2))}${test})${s.verdict ? ` — ${s.verdict}` : ''}`)
    }
    if (regression.newCases.length) lines.push(`- new since the baseline: ${regression.newCases.map(c => `\`${cell(c)}\``).join(', ')}`)
    if (regression.missingCases.length) lines.push(`- missing since the baseline: ${regression.missingCases.map(c => `\`${cell(c)}\``).join(', ')}`)
    for (const p of regression.prompts) lines.push(`- prompt config ${p.change}: \`${p.file}\``)
    lines.push('')
  }
  const failing = report.cases.filter(c => c.verdict !== 'pass')
  if (failing.length) {
    lines.push('### Failing cases', '', '| case | verdict | reason |', '|---|---|---|')
    for (const c of failing.slice(0, 20)) lines.push(`| ${cell(c.suite ? `${c.suite} › ${c.id}` : c.id)} | ${c.verdict} | ${cell(trim(c.reason ?? ''))} |`)
    if (failing.length > 20) lines.push(`| … ${failing.length - 20} more | | |`)
    lines.push('')
  }
  return lines.join('\n')
}
