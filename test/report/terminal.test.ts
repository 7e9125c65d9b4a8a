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
})
