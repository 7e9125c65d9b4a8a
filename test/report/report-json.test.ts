import { describe, expect, it } from 'vitest'
import { caseLines, reportJson } from '../../src/report/report-json.js'
import { renderHtml } from '../../src/report/html/render-html.js'
import { syntheticReport } from './synthetic-report.js'

const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="llm-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { cases: Array<Record<string, unknown>>, criteria: string[] }

describe('reportJson', () => {
  it('parses back to the report, indented, with each case on a line of its own', () => {
    const report = syntheticReport(5, { output: 'line one\nline two "quoted" \u0000' })
    const text = reportJson(report)
    expect(JSON.parse(text)).toEqual(report)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "metrics": {\n')
    const lines = text.split('\n')
    const start = lines.indexOf('  "cases": [')
    expect(start).toBeGreaterThan(0)
    for (let i = 0; i < 5; i++) expect(JSON.parse(lines[start + 1 + i]!.trim().replace(/,$/, ''))).toEqual(report.cases[i])
    expect(lines[start + 6]).toBe('  ]')
  })

  it('keeps the key order and finds the cases whatever the other strings hold', () => {
    const report = syntheticReport(2)
    // A string that looks like the placeholder, before the cases in the file.
    report.run.partial = ['\u0000cases\u0000', '"cases": "\\u0000cases\\u0000"']
    const text = reportJson(report)
    expect(JSON.parse(text)).toEqual(report)
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(report))
  })

  it('writes an empty case list as []', () => {
    const report = { ...syntheticReport(1), cases: [] }
    expect(reportJson(report)).toContain('\n  "cases": []')
    expect(JSON.parse(reportJson(report))).toEqual(report)
  })
})

describe('the HTML page with the JSON file\'s case lines', () => {
  it('holds the same data as when it serialises the cases itself', () => {
    const report = { ...syntheticReport(4), skipped: [{ id: 'not-sampled', suite: 'answers', file: 'a.llm.test.ts', reason: 'sampled out' }] }
    const own = renderHtml(report)
    const reused = renderHtml(report, { caseJson: caseLines(report) })
    expect(reused).toBe(own)
    expect(dataOf(reused).cases).toHaveLength(5)
  })

  it('uses the lines it is given, except for cases the baseline adds a verdict to', () => {
    const report = syntheticReport(2)
    const lines = caseLines(report).map(line => line.replace(/}$/, ',"marker":1}'))
    const baseline = { cases: { [`${report.cases[1]!.suite} › ${report.cases[1]!.id}`]: { verdict: 'fail' as const } } }
    const cases = dataOf(renderHtml(report, { caseJson: lines, baseline })).cases
    expect(cases[0]).toMatchObject({ marker: 1 })
    expect(cases[1]).not.toHaveProperty('marker')
    expect(cases[1]).toMatchObject({ b: 'fail' })
  })
})
