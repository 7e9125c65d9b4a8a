import { createHash } from 'node:crypto'
import type { LlmReport } from '../report-schema.js'
import { goldenChart, scoreCharts, suiteCharts, trialsChart } from './charts.js'
import { CLIENT_SCRIPT } from './client-script.js'
import { escapeHtml, scriptSafe } from './escape.js'
import { STYLES } from './styles.js'
import { headerHtml, regressionHtml, usageHtml } from './summary.js'
import { caseTableHtml } from './table.js'
import { comparisonGridHtml, GRID_STYLES } from './comparison-grid.js'
import { thresholdsOf, type HtmlExtras } from './view-model.js'
import type { CaseBlock } from './case-block.js'

export type { HtmlBaseline, HtmlExtras, HtmlThresholds } from './view-model.js'

const SCRIPT_HASH = `sha256-${createHash('sha256').update(CLIENT_SCRIPT).digest('base64')}`

/**
 * The report as one self-contained HTML page: styles, script, data and SVG charts inline, no
 * request to any network (a Content-Security-Policy forbids them; only `vitest-llm view`'s
 * reload poll may reach the page's own origin). The summary and charts are static markup; the
 * case table is drawn by the inline script from a `<script type="application/json">` block,
 * a page of rows at a time, so 10,000 cases stay usable. Every text from the report is escaped:
 * model output is untrusted.
 */
export function renderHtml(report: LlmReport, extras: HtmlExtras = {}): string {
  return renderHtmlParts(report, extras).join('')
}

/**
 * The same page in pieces for `writeFileAtomic`. Given the JSON file's case block, the page's
 * data holds those bytes as they are, unless the baseline adds a verdict to a case.
 */
export function renderHtmlParts(report: LlmReport, extras: HtmlExtras & { caseBlock?: CaseBlock | undefined } = {}): Array<string | Uint8Array> {
  const thresholds = thresholdsOf(report, extras.thresholds)
  const baseline = extras.baseline
  const criteria = [...new Set([...Object.keys(report.metrics.scores), ...report.cases.flatMap(c => Object.keys(c.scores ?? {}))])].sort()
  // A case the baseline knows gains its verdict there, so the JSON file's lines do not do.
  const known = baseline ? report.cases.some(c => baseline.cases[`${c.suite} › ${c.id}`]) : false
  const block = known ? undefined : extras.caseBlock
  const cases: Array<string | Uint8Array> = block
    ? (block.count ? ['\n    ', block.html] : [])
    : report.cases.length ? [scriptSafe(report.cases.map(c => {
      const before = baseline?.cases[`${c.suite} › ${c.id}`]
      return JSON.stringify(before ? { ...c, b: before.verdict } : c)
    }).join(','))] : []
  // Skipped on purpose (sampling, depth): listed so the table shows what did not run, and why.
  const skipped = (report.skipped ?? []).map(s => JSON.stringify({ ...s, verdict: 'skipped', check: 'skipped' }))
  if (skipped.length) cases.push(`${cases.length ? ',' : ''}${scriptSafe(skipped.join(','))}`)
  const rest = JSON.stringify({ criteria, thresholds: thresholds.scores, ...(extras.liveReload ? { live: extras.liveReload } : {}) })
  const charts = [goldenChart(report, thresholds.golden), scoreCharts(report, thresholds.scores), trialsChart(report), suiteCharts(report.cases)].join('')
  const connect = extras.liveReload ? '\'self\'' : '\'none\''
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; img-src data:; connect-src ${connect}; base-uri 'none'; form-action 'none'`
  const title = extras.title ?? 'vitest-llm report'
  const head = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLES}${report.comparison ? GRID_STYLES : ''}</style>`,
    '</head><body><main>',
    headerHtml(report, extras.thresholds),
    charts ? `<section class="charts" id="charts">${charts}</section>` : '',
    regressionHtml(report, baseline),
    comparisonGridHtml(report),
    usageHtml(report),
    caseTableHtml(report.cases.length + skipped.length),
    `<footer>vitest-llm report, written ${escapeHtml(report.createdAt)}. One self-contained file: no network needed.</footer>`,
    '</main>',
    '<script type="application/json" id="llm-data">{"cases":[',
  ].join('\n')
  const tail = [`],${scriptSafe(rest.slice(1))}</script>`, `<script>${CLIENT_SCRIPT}</script>`, '</body></html>', ''].join('\n')
  return [head, ...cases, tail]
}
