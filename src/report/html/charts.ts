import { pct, score, usd } from '../format.js'
import type { LlmReport, ReportCase } from '../report-schema.js'
import { escapeHtml } from './escape.js'
import { perSuite, scoreDistribution } from './view-model.js'

/**
 * The report's charts as inline SVG, drawn on the server side from the report model: no chart
 * library, no script needed to see them. Every data mark has the class `mark`, every threshold
 * line the class `threshold`, and every interval the class `interval`, so tests and readers can
 * find them.
 */

const W = 320
const fmt = (x: number) => Number(x.toFixed(1))
const svg = (label: string, height: number, body: string) =>
  `<svg class="chart" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>${body}</svg>`
const text = (x: number, y: number, s: string, anchor = 'start', cls = 'lbl') => `<text class="${cls}" x="${fmt(x)}" y="${fmt(y)}" text-anchor="${anchor}">${escapeHtml(s)}</text>`

/** A 0–1 axis from x0 to x1, with ticks at 0, 50% and 100%. */
function rateAxis(x0: number, x1: number, y: number): string {
  return [0, 0.5, 1].map(t => `<line class="grid" x1="${fmt(x0 + t * (x1 - x0))}" x2="${fmt(x0 + t * (x1 - x0))}" y1="${y - 4}" y2="${y}"/>${text(x0 + t * (x1 - x0), y + 10, pct(t).replace('.0', ''), 'middle', 'tick')}`).join('')
}

/** The golden pass rate as a bar, its interval as a whisker, the threshold as a vertical line. */
export function goldenChart(report: LlmReport, threshold: number | undefined): string {
  const g = report.metrics.golden
  if (g.passRate === null) return ''
  const x0 = 10, x1 = W - 10, y = 22, h = 18
  const at = (r: number) => x0 + r * (x1 - x0)
  const [lo, hi] = g.interval
  const body = [
    `<rect class="track" x="${x0}" y="${y}" width="${x1 - x0}" height="${h}"/>`,
    `<rect class="mark pass-rate" x="${x0}" y="${y}" width="${fmt(at(g.passRate) - x0)}" height="${h}"><title>${escapeHtml(`pass rate ${pct(g.passRate)}`)}</title></rect>`,
    `<g class="interval"><line x1="${fmt(at(lo))}" x2="${fmt(at(hi))}" y1="${y + h / 2}" y2="${y + h / 2}"/><line x1="${fmt(at(lo))}" x2="${fmt(at(lo))}" y1="${y + 4}" y2="${y + h - 4}"/><line x1="${fmt(at(hi))}" x2="${fmt(at(hi))}" y1="${y + 4}" y2="${y + h - 4}"/><title>${escapeHtml(`95% CI ${pct(lo)}–${pct(hi)}`)}</title></g>`,
    threshold === undefined ? '' : `<line class="threshold" x1="${fmt(at(threshold))}" x2="${fmt(at(threshold))}" y1="${y - 6}" y2="${y + h + 6}"><title>${escapeHtml(`threshold ${pct(threshold)}`)}</title></line>${text(at(threshold), y - 8, `min ${pct(threshold)}`, 'middle', 'tick threshold-label')}`,
    text(x0, 12, `${pct(g.passRate)} (${g.passed}/${g.passed + g.failed}), CI ${pct(lo)}–${pct(hi)}`),
    rateAxis(x0, x1, y + h + 14),
  ].join('')
  return figure('Golden pass rate', svg('golden pass rate', 64, body))
}

/** Per criterion: bars for scores 1–5, the mean and its interval, the threshold line. */
export function scoreCharts(report: LlmReport, thresholds: Record<string, number>): string {
  const names = Object.keys(report.metrics.scores).sort()
  return names.map((name) => {
    const s = report.metrics.scores[name]!
    const counts = scoreDistribution(report.cases, name)
    const max = Math.max(1, ...counts)
    const x0 = 20, x1 = W - 10, top = 16, base = 96
    const band = (x1 - x0) / 5
    const at = (v: number) => x0 + (v - 0.5) * band // score 1 is the middle of the first band
    const bars = counts.map((n, i) => {
      const h = (n / max) * (base - top)
      return `<rect class="mark score-bar" data-score="${i + 1}" data-count="${n}" x="${fmt(x0 + i * band + 4)}" y="${fmt(base - h)}" width="${fmt(band - 8)}" height="${fmt(h)}"><title>${escapeHtml(`score ${i + 1}: ${n} cases`)}</title></rect>${text(x0 + (i + 0.5) * band, base + 11, String(i + 1), 'middle', 'tick')}${n ? text(x0 + (i + 0.5) * band, base - h - 2, String(n), 'middle', 'tick') : ''}`
    }).join('')
    const min = thresholds[name]
    const [lo, hi] = s.interval
    const body = [
      `<rect class="interval" x="${fmt(at(Math.max(1, lo)))}" y="${top}" width="${fmt(Math.max(1, at(Math.min(5, hi)) - at(Math.max(1, lo))))}" height="${base - top}"><title>${escapeHtml(`95% CI ${score(lo)}–${score(hi)}`)}</title></rect>`,
      bars,
      `<line class="mean" x1="${fmt(at(s.mean))}" x2="${fmt(at(s.mean))}" y1="${top - 4}" y2="${base}"><title>${escapeHtml(`mean ${score(s.mean)}`)}</title></line>`,
      min === undefined ? '' : `<line class="threshold" x1="${fmt(at(min))}" x2="${fmt(at(min))}" y1="${top - 4}" y2="${base + 2}"><title>${escapeHtml(`threshold ${min}`)}</title></line>`,
      text(x0, 10, `mean ${score(s.mean)}, CI ${score(lo)}–${score(hi)}, n=${s.n}${min === undefined ? '' : `, min ${min}`}`),
    ].join('')
    return figure(`${name}`, svg(`${name} score distribution`, 112, body), 'criterion')
  }).join('')
}

/**
 * Each trials() assertion's sequential path to its verdict: the running pass rate after each
 * run with its anytime-valid bounds (a band) and the required rate — where the band left the
 * line is where the test could stop. Reports without a recorded path get the summary bars.
 */
function trialsPathChart(t: LlmReport['metrics']['trials'][number], path: NonNullable<LlmReport['metrics']['trials'][number]['path']>): string {
  const x0 = 34, x1 = W - 10, top = 18, base = 118
  const maxRuns = Math.max(1, path.at(-1)!.runs)
  const x = (runs: number) => x0 + (runs / maxRuns) * (x1 - x0)
  const y = (rate: number) => base - rate * (base - top)
  const band = `${path.map(p => `${fmt(x(p.runs))},${fmt(y(p.upper))}`).join(' ')} ${[...path].reverse().map(p => `${fmt(x(p.runs))},${fmt(y(p.lower))}`).join(' ')}`
  const line = path.map(p => `${fmt(x(p.runs))},${fmt(y(p.passed / Math.max(1, p.runs)))}`).join(' ')
  const body = [
    text(x0, 10, `${t.name} — ${t.passed}/${t.runs} (${pct(t.passRate)}), ${t.verdict}${t.stoppedEarly ? ', stopped early' : ''}`),
    `<polygon class="interval path-band" points="${band}"><title>${escapeHtml('anytime-valid bounds after each run')}</title></polygon>`,
    `<polyline class="mark path" fill="none" points="${line}"><title>${escapeHtml('pass rate so far')}</title></polyline>`,
    `<line class="threshold" x1="${x0}" x2="${x1}" y1="${fmt(y(t.required))}" y2="${fmt(y(t.required))}"><title>${escapeHtml(`required ${pct(t.required)}`)}</title></line>`,
    text(2, fmt(y(1)) + 4, '100%'), text(2, fmt(y(0)), '0%'), text(x1 - 40, base + 12, `${maxRuns} runs`),
  ].join('')
  return figure(`trials: ${t.name}`, svg(`${t.name}: pass rate after each run`, 134, body), 'trials-path')
}

/** Each trials() assertion: its pass rate, interval and the required rate. */
export function trialsChart(report: LlmReport): string {
  const trials = report.metrics.trials
  if (!trials.length) return ''
  const paths = trials.map(t => (t.path && t.path.length > 1 ? trialsPathChart(t, t.path) : '')).join('')
  const x0 = 10, x1 = W - 10, row = 34
  const at = (r: number) => x0 + r * (x1 - x0)
  const body = trials.map((t, i) => {
    const y = i * row + 20
    const [lo, hi] = t.interval
    return [
      text(x0, y - 6, `${t.name} — ${t.passed}/${t.runs} (${pct(t.passRate)}), ${t.verdict}${t.stoppedEarly ? ', stopped early' : ''}`),
      `<rect class="track" x="${x0}" y="${y}" width="${x1 - x0}" height="10"/>`,
      `<rect class="interval" x="${fmt(at(lo))}" y="${y}" width="${fmt(Math.max(1, at(hi) - at(lo)))}" height="10"><title>${escapeHtml(`interval ${pct(lo)}–${pct(hi)}`)}</title></rect>`,
      `<circle class="mark trial ${/pass/i.test(t.verdict) ? 'ok' : /fail/i.test(t.verdict) ? 'bad' : 'unknown'}" cx="${fmt(at(t.passRate))}" cy="${y + 5}" r="4"><title>${escapeHtml(`${t.name}: ${pct(t.passRate)}`)}</title></circle>`,
      `<line class="threshold" x1="${fmt(at(t.required))}" x2="${fmt(at(t.required))}" y1="${y - 3}" y2="${y + 13}"><title>${escapeHtml(`required ${pct(t.required)}`)}</title></line>`,
    ].join('')
  }).join('') + rateAxis(x0, x1, trials.length * row + 16)
  return figure('trials(): pass rate, interval, required rate', svg('trials pass rates', trials.length * row + 30, body)) + paths
}

/** Cost and mean latency per suite, as horizontal bars (the 12 most expensive suites). */
export function suiteCharts(cases: readonly ReportCase[]): string {
  const suites = perSuite(cases)
  if (!suites.length) return ''
  const shown = suites.slice(0, 12)
  const more = suites.length - shown.length
  const bars = (label: string, value: (s: typeof shown[number]) => number, show: (x: number) => string) => {
    const max = Math.max(...shown.map(value), Number.EPSILON)
    const row = 18, x0 = 110, x1 = W - 60
    const body = shown.map((s, i) => {
      const y = i * row + 4
      const w = (value(s) / max) * (x1 - x0)
      return `${text(x0 - 4, y + 11, !s.suite ? '(top level)' : s.suite.length > 18 ? `${s.suite.slice(0, 17)}…` : s.suite, 'end')}<rect class="mark suite-bar" x="${x0}" y="${y}" width="${fmt(w)}" height="${row - 5}"><title>${escapeHtml(`${s.suite}: ${show(value(s))} over ${s.cases} cases`)}</title></rect>${text(x0 + w + 4, y + 11, show(value(s)))}`
    }).join('')
    return figure(`${label}${more ? ` (top 12 of ${suites.length})` : ''}`, svg(label, shown.length * row + 6, body))
  }
  return bars('Cost per suite', s => s.costUsd, usd) + bars('Mean latency per case, per suite', s => s.meanLatencyMs, ms => `${Math.round(ms)} ms`)
}

function figure(caption: string, chart: string, cls = ''): string {
  return `<figure class="card ${cls}"><figcaption>${escapeHtml(caption)}</figcaption>${chart}</figure>`
}
