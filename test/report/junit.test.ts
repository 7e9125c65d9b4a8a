// The JUnit file: one testcase per case and per gate rule, one <failure> at most in each, and
// counts that agree with the elements (CI readers take the first failure or reject the file).
import { describe, expect, it } from 'vitest'
import { renderJunit } from '../../src/report/junit.js'
import type { ResolvedOptions } from '../../src/config/options.js'
import { syntheticReport } from './synthetic-report.js'

const gate: NonNullable<ResolvedOptions['gate']> = {
  goldenPassRate: 0.95, scores: { relevance: 4 }, minCases: 1, maxErrorRate: 0, maxCostUsd: undefined, bound: 'point', enforce: 'auto',
  baseline: { file: 'llm-baseline.json', maxDrop: { passRate: 0, score: 0 }, alpha: 0.05 },
}

describe('renderJunit', () => {
  it('puts a rule broken twice into one <failure>, and counts what the file holds', () => {
    const report = syntheticReport(20)
    report.gate.failures.push(
      { metric: 'regression.golden', actual: 0.6, threshold: 0.9, message: 'regression vs llm-baseline.json: 3 examples newly failing' },
      { metric: 'regression.scores.relevance', actual: 3, threshold: 4.5, message: 'regression vs llm-baseline.json: relevance changed by -1.5' },
    )
    const xml = renderJunit(report, gate)
    const regression = xml.slice(xml.indexOf('name="baseline regression"'), xml.indexOf('</testcase>', xml.indexOf('name="baseline regression"')))
    expect(regression.match(/<failure /g)).toHaveLength(1)
    expect(regression).toContain('3 examples newly failing; regression vs llm-baseline.json: relevance changed by -1.5')
    expect(regression).toContain('regression.golden: 0.6 vs 0.9\nregression.scores.relevance: 3 vs 4.5')
    // Every testcase has at most one failure or error, and the totals count them.
    for (const testcase of xml.split('<testcase ').slice(1)) expect((testcase.match(/<(failure|error) /g) ?? []).length).toBeLessThanOrEqual(1)
    const head = xml.match(/<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/)!
    expect(Number(head[1])).toBe(xml.split('<testcase ').length - 1)
    expect(Number(head[2])).toBe(xml.match(/<failure /g)!.length)
    expect(Number(head[3])).toBe(xml.match(/<error /g)!.length)
  })
})
