import { describe, expect, it } from 'vitest'
import { caseLines, reportJson, reportJsonParts } from '../../src/report/report-json.js'
import { caseBlock } from '../../src/report/html/case-block.js'
import { renderHtml, renderHtmlParts } from '../../src/report/html/render-html.js'
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

describe('the HTML page with the JSON file\'s case block', () => {
  const text = (parts: Array<string | Uint8Array>) => Buffer.concat(parts.map(p => typeof p === 'string' ? Buffer.from(p) : p)).toString()

  it('holds the same data as when it serialises the cases itself, skipped examples included', () => {
    const report = { ...syntheticReport(4), skipped: [{ id: 'not-sampled', suite: 'answers', file: 'a.llm.test.ts', reason: 'sampled out' }] }
    const own = renderHtml(report)
    const shared = text(renderHtmlParts(report, { caseBlock: caseBlock(caseLines(report)) }))
    expect(dataOf(shared)).toEqual(dataOf(own))
    expect(dataOf(shared).cases).toHaveLength(5)
    expect(shared.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')).toBe(own.replace(/<script type="application\/json"[\s\S]*?<\/script>/, ''))
  })

  it('writes the report file byte for byte as reportJson does, with and without cases', () => {
    for (const report of [syntheticReport(3, { output: 'ünïcode "quoted"\nline' }), { ...syntheticReport(1), cases: [] }]) {
      expect(text(reportJsonParts(report, caseBlock(caseLines(report))))).toBe(reportJson(report))
      const page = text(renderHtmlParts(report, { caseBlock: caseBlock(caseLines(report)) }))
      expect(dataOf(page).cases).toEqual(JSON.parse(reportJson(report)).cases)
    }
  })

  it('shares one encoding when no case holds markup, and escapes the page\'s copy when one does', () => {
    const plain = syntheticReport(2)
    const block = caseBlock(caseLines(plain))
    expect(block.html).toBe(block.json)
    const hostile = syntheticReport(2, { output: '</script><script>alert(1)</script><!-- & \u2028' })
    const escaped = caseBlock(caseLines(hostile))
    expect(escaped.html).not.toBe(escaped.json)
    expect(Buffer.from(escaped.json).toString()).toContain('</script><script>alert(1)')
    const page = text(renderHtmlParts(hostile, { caseBlock: escaped }))
    expect(page.match(/<\/script>/g)).toHaveLength(2)
    expect(page).not.toContain('<!--')
    expect(dataOf(page).cases.map(c => c.output)).toEqual(hostile.cases.map(c => c.output))
  })

  it('serialises the cases itself when the baseline adds a verdict to any of them', () => {
    const report = syntheticReport(2)
    const block = caseBlock(caseLines(report).map(line => line.replace(/}$/, ',"marker":1}')))
    expect(dataOf(text(renderHtmlParts(report, { caseBlock: block }))).cases.every(c => c.marker === 1)).toBe(true)
    const baseline = { cases: { [`${report.cases[1]!.suite} › ${report.cases[1]!.id}`]: { verdict: 'fail' as const } } }
    const cases = dataOf(text(renderHtmlParts(report, { caseBlock: block, baseline }))).cases
    expect(cases.some(c => 'marker' in c)).toBe(false)
    expect(cases[1]).toMatchObject({ b: 'fail' })
    expect(cases[0]).not.toHaveProperty('b')
  })
})
