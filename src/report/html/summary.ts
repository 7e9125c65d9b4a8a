import { ci, pct, score, tokens, usd } from '../format.js'
import type { LlmReport } from '../report-schema.js'
import { runHeadline } from '../run-headline.js'
import { escapeHtml as e } from './escape.js'
import { changedSinceBaseline, gateRules, type ChangedCase, type HtmlBaseline, type HtmlThresholds } from './view-model.js'

const RULE_ICON = { 'pass': '✓', 'fail': '✗', 'not measured': '–' } as const

/** The header: verdict, run kind (with what narrowed a partial run), depth, and every gate rule. */
export function headerHtml(report: LlmReport, thresholds: HtmlThresholds | undefined): string {
  const headline = runHeadline(report)
  const run = report.run
  const facts = [
    `<span class="chip kind" data-kind="${e(run.kind)}">${e(run.kind)} run</span>`,
    run.depth ? `<span class="chip" title="${e(run.depth.why)}">depth ${e(run.depth.level)} (${e(run.depth.mode)})</span>` : '',
    run.shard ? `<span class="chip">shard ${run.shard.index}/${run.shard.count}</span>` : '',
    run.shards?.length ? `<span class="chip">${run.shards.length} shards merged</span>` : '',
    report.gate.mode ? `<span class="chip">gate.enforce ${e(report.gate.mode)}</span>` : '',
    `<span class="chip">${e(new Date(report.createdAt).toISOString().replace('T', ' ').slice(0, 19))} UTC</span>`,
  ].join('')
  const partial = run.partial?.length ? `<ul class="partial">${run.partial.map(p => `<li>${e(p)}</li>`).join('')}</ul>` : ''
  const rules = gateRules(report, thresholds)
  const table = rules.length
    ? `<table class="rules"><thead><tr><th></th><th>rule</th><th>actual</th><th>95% CI</th><th>threshold</th><th>status</th></tr></thead><tbody>${rules.map(r => `<tr class="rule ${r.status === 'not measured' ? 'not-measured' : r.status}"${r.message ? ` title="${e(r.message)}"` : ''}><td>${RULE_ICON[r.status]}</td><td>${e(r.name)}</td><td>${e(r.actual)}</td><td>${e(r.interval ?? '')}</td><td>${e(r.threshold)}</td><td>${e(r.status)}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No gate configured: report only.</p>'
  const messages = [...report.gate.failures.map(f => ['fail', f.message] as const), ...(report.gate.notMeasured ?? []).map(f => ['not-measured', f.message] as const)]
  return `<header class="run-verdict ${headline.tone}" id="verdict"><h1><span class="badge">${{ pass: 'PASSED', fail: 'FAILED', info: 'REPORT', warn: 'NOT A VERDICT' }[headline.tone]}</span> ${e(headline.text)}</h1><div class="facts">${facts}</div>${partial}</header>`
    + `<section class="card" id="gate"><h2>Gate</h2>${table}${messages.length ? `<ul class="messages">${messages.map(([cls, m]) => `<li class="${cls}">${e(m)}</li>`).join('')}</ul>` : ''}</section>`
}

/** Usage totals, with app and judge apart. */
export function usageHtml(report: LlmReport): string {
  const u = report.metrics.usage
  const row = (name: string, x: typeof u.app) => `<tr><td>${name}</td><td>${x.requests}</td><td>${x.cached}</td><td>${tokens(x.inputTokens)}</td><td>${tokens(x.outputTokens)}</td><td>${usd(x.costUsd)}</td><td>${x.unpricedRequests || ''}</td></tr>`
  return `<section class="card" id="usage"><h2>Usage</h2><table class="usage"><thead><tr><th></th><th>requests</th><th>cached</th><th>input tokens</th><th>output tokens</th><th>cost</th><th>unpriced</th></tr></thead><tbody>${row('app', u.app)}${row('judge', u.judge)}</tbody><tfoot>${row('total', u)}</tfoot></table>`
    + `<p class="muted">${report.metrics.cases} cases, ${report.metrics.errors} errored (${pct(report.metrics.errorRate)}).</p></section>`
}

const scoresText = (s: Record<string, number> | undefined) => (s ? Object.entries(s).map(([k, v]) => `${k} ${v}`).join(', ') : '')
const VERDICT = { pass: 'pass', fail: 'miss', error: 'error' } as const

function changedTable(title: string, rows: ChangedCase[], cls: string): string {
  if (!rows.length) return ''
  const shown = rows.slice(0, 100)
  return `<h3>${e(title)} (${rows.length})</h3><table class="changed ${cls}"><thead><tr><th>case</th><th>baseline</th><th>today</th><th>baseline scores</th><th>today's scores</th></tr></thead><tbody>${shown.map(r => `<tr><td>${e(r.key)}</td><td class="v-${r.baseline}">${VERDICT[r.baseline]}</td><td class="v-${r.current}">${VERDICT[r.current]}</td><td>${e(scoresText(r.baselineScores))}</td><td>${e(scoresText(r.scores))}</td></tr>`).join('')}</tbody></table>${rows.length > shown.length ? `<p class="muted">… ${rows.length - shown.length} more (filter the case table)</p>` : ''}`
}

/** Against the baseline: newly failing cases first, then newly passing, with the tests' statistics. */
export function regressionHtml(report: LlmReport, baseline: HtmlBaseline | undefined): string {
  const r = report.regression
  if (!r) return ''
  const changed = baseline ? changedSinceBaseline(report, baseline) : undefined
  const g = r.golden
  const lines: string[] = []
  if (g) lines.push(`<li class="${g.regressed ? 'fail' : 'pass'}">golden: <strong>${g.worsened} newly failing</strong>, ${g.improved} newly passing on ${g.paired} paired examples; pass rate ${pct(g.baselineRate)} → ${pct(g.currentRate)}; McNemar mid-p = <span class="p-value">${e(g.pValue.toPrecision(3))}</span>${g.verdict ? ` — ${e(g.verdict)}` : ''}</li>`)
  for (const [name, s] of Object.entries(r.scores)) {
    lines.push(`<li class="${s.regressed ? 'fail' : 'pass'}">${e(name)}: ${s.meanChange >= 0 ? '+' : ''}${score(s.meanChange)} on ${s.paired} paired cases${s.worsened !== undefined ? `, ${s.worsened} lower / ${s.improved ?? 0} higher` : ''} (CI ${e(ci(s.interval, score))}${s.pValue !== undefined ? `; Wilcoxon signed-rank p = ${e(s.pValue.toPrecision(3))}` : ''})${s.verdict ? ` — ${e(s.verdict)}` : ''}</li>`)
  }
  if (r.newCases.length) lines.push(`<li>new since the baseline: ${r.newCases.length} (${e(r.newCases.slice(0, 10).join(', '))}${r.newCases.length > 10 ? ', …' : ''})</li>`)
  if (r.missingCases.length) lines.push(`<li>missing since the baseline: ${r.missingCases.length} (${e(r.missingCases.slice(0, 10).join(', '))}${r.missingCases.length > 10 ? ', …' : ''})</li>`)
  for (const p of r.prompts) lines.push(`<li>prompt config ${e(p.change)}: <code>${e(p.file)}</code></li>`)
  const tables = changed
    ? changedTable('Newly failing', changed.newlyFailing, 'newly-failing') + changedTable('Newly passing', changed.newlyPassing, 'newly-passing')
    : '<p class="muted">The baseline file was not available: the per-case changes are not listed (the counts above are).</p>'
  return `<section class="card ${r.regressed ? 'regressed' : ''}" id="regression"><h2>Against the baseline <code>${e(r.baseline)}</code>: ${r.regressed ? 'regressed' : 'no regression'}</h2><ul>${lines.join('')}</ul>${tables}</section>`
}
