import { describe, expect, it } from 'vitest'
import { renderHtml } from '../../src/report/html/render-html.js'
import { escapeHtml, scriptSafe } from '../../src/report/html/escape.js'
import { gateRules, scoreDistribution, thresholdsOf } from '../../src/report/html/view-model.js'
import { syntheticReport } from './synthetic-report.js'

/** The JSON data block of a rendered page, parsed back. */
function dataOf(html: string): { cases: { id: string, output?: string }[], criteria: string[], thresholds: Record<string, number> } {
  const match = /<script type="application\/json" id="llm-data">([\s\S]*?)<\/script>/.exec(html)
  return JSON.parse(match![1]!)
}

describe('renderHtml', () => {
  it('escapes untrusted text: no markup from the report reaches the page unescaped', () => {
    const hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quoted" \u2028'
    const report = syntheticReport(3, { id: hostile, suite: `<b>${hostile}`, output: hostile, reason: `missing "${hostile}"` })
    report.gate.failures.push({ metric: '<i>m</i>', actual: '<x>', threshold: null, message: hostile })
    report.run.partial = [hostile]
    const html = renderHtml(report)
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('<b>')
    expect(html).not.toContain('<i>m</i>')
    // Exactly one executable script and one data block.
    expect(html.match(/<script/g)).toHaveLength(2)
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    // The data round-trips exactly.
    const data = dataOf(html)
    expect(data.cases[0]!.id).toBe(hostile)
    expect(data.cases[0]!.output).toBe(hostile)
  })

  it('escapes HTML and script-embedded JSON', () => {
    expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;')
    const json = scriptSafe(JSON.stringify({ s: '</script><!-- & \u2028' }))
    expect(json).not.toMatch(/[<>&\u2028]/)
    expect(JSON.parse(json)).toEqual({ s: '</script><!-- & \u2028' })
  })

  it('lists examples skipped by sampling or depth in the case table, with why, apart from the cases', () => {
    const report = { ...syntheticReport(3), skipped: [{ id: 'not-sampled', suite: 'answers', file: 'a.llm.test.ts', reason: 'depth smoke: 5 of 40 examples (seeded)' }] }
    const html = renderHtml(report)
    expect(html).toContain('<option value="skipped">skipped</option>')
    const data = JSON.parse(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(html)![1]!.replace(/\\u003c/g, '<')) as { cases: Array<{ id: string, verdict: string, reason?: string }> }
    expect(data.cases.map(c => c.verdict)).toEqual([...report.cases.map(c => c.verdict), 'skipped'])
    expect(data.cases.at(-1)).toMatchObject({ id: 'not-sampled', reason: 'depth smoke: 5 of 40 examples (seeded)' })
  })

  it('is one file without network references', () => {
    const html = renderHtml(syntheticReport(20))
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//)
    expect(html).toContain('Content-Security-Policy')
    expect(html).toContain('default-src &#39;none&#39;')
  })

  it('stays small enough at 10,000 cases and renders quickly', () => {
    const report = syntheticReport(10_000)
    const started = performance.now()
    const html = renderHtml(report)
    const ms = performance.now() - started
    const bytes = Buffer.byteLength(html)
    // About 0.6 kB per case of evidence: the data, not the page, sets the size.
    expect(bytes).toBeLessThan(10_000 * 1_000)
    expect(ms).toBeLessThan(5_000)
    expect(dataOf(html).cases).toHaveLength(10_000)
    // The table is drawn by the script a page at a time: no row is in the static markup.
    expect(html).not.toContain('<tr class="case')
  })

  it('draws the charts: pass rate with threshold, five bars per criterion, a mark per trial', () => {
    const html = renderHtml(syntheticReport(30), { thresholds: { goldenPassRate: 0.95, scores: { relevance: 4 } } })
    expect(html.match(/class="mark pass-rate"/g)).toHaveLength(1)
    expect(html.match(/class="mark score-bar"/g)).toHaveLength(10)
    expect(html.match(/class="mark trial /g)).toHaveLength(1)
    // golden, relevance and the trial's required rate (accuracy has no threshold)
    expect(html.match(/<line class="threshold"/g)).toHaveLength(3)
  })
})

describe('the view model', () => {
  it('lists every rule: passing ones from the thresholds, failing and not-measured ones from the report', () => {
    const report = syntheticReport(30)
    const rules = gateRules(report, { goldenPassRate: 0.95, scores: { accuracy: 3.5 }, maxErrorRate: 0.1 })
    expect(rules.map(r => [r.name, r.status])).toEqual([
      ['golden pass rate', 'fail'],
      ['accuracy', 'pass'],
      ['error rate', 'pass'],
      ['scores.helpfulness', 'not measured'],
    ])
    expect(gateRules(report).map(r => r.status)).toEqual(['fail', 'not measured'])
  })

  it('reads thresholds from failures when none are given', () => {
    expect(thresholdsOf(syntheticReport(3))).toEqual({ golden: 0.95, scores: { helpfulness: 3.5 } })
  })

  it('counts scores per point', () => {
    expect(scoreDistribution(syntheticReport(15).cases, 'relevance')).toEqual([1, 1, 1, 1, 1])
  })
})
