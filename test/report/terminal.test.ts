// The terminal summary keeps each failing case on its own line, whatever its reason holds.
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { renderSummary } from '../../src/report/terminal.js'
import { syntheticReport } from './synthetic-report.js'

describe('renderSummary', () => {
  it('puts a reason of several lines on its case\'s line', () => {
    const report = syntheticReport(1, { verdict: 'error', reason: '3 problems in golden files:\ngolden/a.jsonl:2: invalid JSON\ngolden/a.jsonl:5: input: required' })
    const lines = stripVTControlCharacters(renderSummary(report, { scores: {} })).split('\n')
    const at = lines.findIndex(line => line.includes('failing cases'))
    expect(lines[at + 1]).toMatch(/^ {4}error suite-0 › case-00000 — 3 problems in golden files: · golden\/a\.jsonl:2: invalid JSON · golden\/a\.jsonl:5: input: required$/)
    expect(lines[at + 2] ?? '').not.toMatch(/golden\/a\.jsonl/)
  })

  it('shows the compare gate when it passes too', () => {
    const summary = (failures: Array<{ metric: string, actual: null, threshold: string, message: string }>) => {
      const report = syntheticReport(2)
      report.gate.thresholds = { scores: {}, minCases: 1, maxErrorRate: 0, bound: 'point', compare: { candidate: 'terse', control: 'base' } }
      report.gate.failures = failures
      return stripVTControlCharacters(renderSummary(report, { scores: {} }))
    }
    expect(summary([])).toContain('  ✓ compare     terse vs base: not shown worse')
    expect(summary([{ metric: 'compare.prompts.passRate', actual: null, threshold: '', message: 'worse' }])).toContain('  ✗ compare     terse vs base: worse')
    expect(summary([{ metric: 'compare', actual: null, threshold: '', message: 'no data' }])).toContain('  ✗ compare     terse vs base: no suite ran both')
  })
})
