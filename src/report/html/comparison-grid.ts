import { comparisonMatrix } from '../comparison-matrix.js'
import type { ComparisonSuite, LlmReport, ReportCase } from '../report-schema.js'
import { escapeHtml } from './escape.js'

/** Rows of a grid drawn at most; the JSON report keeps every case. */
export const GRID_ROW_LIMIT = 1000

/** Styles of the comparison grid (the page's CSP allows inline styles, not extra scripts). */
export const GRID_STYLES = `
.compare-grid td details > summary { cursor: pointer; list-style: none; }
.compare-grid .outputs { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(200px, 1fr); gap: 8px; margin-top: 6px; }
.compare-grid .outputs pre { white-space: pre-wrap; margin: 2px 0 0; padding: 6px; border: 1px solid var(--line); border-radius: 4px; max-height: 260px; overflow: auto; }
.compare-grid .outputs .differs pre { background: var(--mark); }
.compare-filter:checked ~ .compare-grid tr.agree { display: none; }
`

/**
 * The comparison of variants as static markup: per `compare()` suite, the matrix (pass rate,
 * difference, scores, cost, latency, verdict) and a case × variant grid. Each cell shows the
 * case's verdict under that variant and opens (a `<details>`, no script) every variant's output
 * side by side, outputs that differ from the control's highlighted. A checkbox filters the grid
 * to the cases where the variants disagree (CSS only). Empty without a comparison.
 */
export function comparisonGridHtml(report: LlmReport): string {
  const suites = report.comparison?.suites ?? []
  return suites.map((suite, i) => suiteHtml(suite, report.cases, i)).join('')
}

function suiteHtml(suite: ComparisonSuite, cases: readonly ReportCase[], index: number): string {
  const variants = Object.keys(suite.variants)
  const byId = new Map<string, Map<string, ReportCase>>()
  for (const c of cases) {
    if (c.compare?.suite !== suite.suite || c.variant === undefined) continue
    if (!byId.has(c.id)) byId.set(c.id, new Map())
    byId.get(c.id)!.set(c.variant, c)
  }
  const matrix = comparisonMatrix(suite)
  const head = `<tr>${matrix[0]!.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`
  const body = matrix.slice(1).map(r => `<tr>${r.map((cell, j) => (j === 0 ? `<th>${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`).join('')
  const ids = [...byId.keys()].sort()
  const rows = ids.slice(0, GRID_ROW_LIMIT).map((id) => {
    const row = byId.get(id)!
    const verdicts = new Set(variants.map(v => row.get(v)?.verdict ?? 'missing'))
    const control = row.get(suite.control)?.output
    const outputs = `<div class="outputs">${variants.map((v) => {
      const output = row.get(v)?.output ?? ''
      const differs = v !== suite.control && output !== control
      return `<div class="${differs ? 'differs' : 'same'}"><strong>${escapeHtml(v)}</strong>${differs ? ' <small>(differs from the control)</small>' : ''}<pre>${escapeHtml(output)}</pre></div>`
    }).join('')}</div>`
    const cells = variants.map((v) => {
      const c = row.get(v)
      const verdict = c?.verdict ?? 'missing'
      return `<td><details><summary class="v-${verdict}" title="${escapeHtml(c?.reason ?? verdict)}">${verdict}</summary>${outputs}</details></td>`
    }).join('')
    return `<tr class="${verdicts.size > 1 ? 'disagree' : 'agree'}" data-case="${escapeHtml(id)}"><td><code>${escapeHtml(id)}</code></td>${cells}</tr>`
  }).join('')
  const more = ids.length > GRID_ROW_LIMIT ? `<p>${ids.length - GRID_ROW_LIMIT} more cases in the JSON report.</p>` : ''
  const filter = `compare-disagree-${index}`
  return [
    `<section class="card compare" id="compare-${index}">`,
    `<h2>Comparison: ${escapeHtml(suite.suite)} <small>(paired against ${escapeHtml(suite.control)}, α ${suite.alpha})</small></h2>`,
    `<table class="compare-matrix"><thead>${head}</thead><tbody>${body}</tbody></table>`,
    `<h3>Cases × variants</h3>`,
    `<input type="checkbox" class="compare-filter" id="${filter}"> <label for="${filter}">only cases where the variants disagree</label>`,
    `<table class="compare-grid"><thead><tr><th>case</th>${variants.map(v => `<th>${escapeHtml(v)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`,
    more,
    '</section>',
  ].join('')
}
