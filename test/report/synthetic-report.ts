import type { LlmReport, ReportCase } from 'vitest-llm'

/** A report with `n` cases (passes, misses, errors, judge scores), for size and escaping tests. */
export function syntheticReport(n: number, overrides: Partial<ReportCase> = {}): LlmReport {
  const cases: ReportCase[] = Array.from({ length: n }, (_, i) => {
    const verdict = i % 10 === 3 ? 'fail' : i % 50 === 7 ? 'error' : 'pass'
    const judged = i % 3 === 0
    return {
      id: `case-${String(i).padStart(5, '0')}`,
      suite: `suite-${i % 7}`,
      file: `src/suite-${i % 7}.llm.test.ts`,
      verdict,
      kind: 'golden',
      check: judged ? 'judge' : 'contains',
      source: `golden/suite-${i % 7}.jsonl:${i + 1}`,
      input: `Question number ${i}: what is the status of order ${1000 + i}?`,
      expected: judged ? `Order ${1000 + i} shipped on Monday with a tracking number.` : undefined,
      output: `Your order ${1000 + i} ${verdict === 'fail' ? 'is being processed.' : 'shipped on Monday; the tracking number is in your email.'}`,
      tags: [i % 2 ? 'orders' : 'shipping'],
      ...(judged ? { scores: { relevance: 1 + (i % 5), accuracy: 5 - (i % 3) }, reasons: { relevance: 'Addresses the question directly.', accuracy: 'Matches the reference.' } } : {}),
      reason: verdict === 'fail' ? 'missing "tracking number"' : verdict === 'error' ? 'LlmError: 500 Internal Server Error after 0 retries' : undefined,
      usage: { requests: judged ? 2 : 1, cached: 0, inputTokens: 120, outputTokens: 40 },
      costUsd: 0.00012,
      latencyMs: 300 + (i % 17) * 20,
      cached: false,
      ...overrides,
    }
  })
  const passed = cases.filter(c => c.verdict === 'pass').length
  const failed = cases.filter(c => c.verdict === 'fail').length
  const errors = cases.length - passed - failed
  const usage = { requests: n, cached: 0, inputTokens: 120 * n, outputTokens: 40 * n, costUsd: 0.00012 * n, unpricedRequests: 0 }
  return {
    version: 1,
    passed: false,
    createdAt: '2025-01-01T12:00:00.000Z',
    run: { kind: 'partial', partial: ['-t orders'], reason: 'passed', sharded: false, gateEnforced: true },
    gate: {
      passed: false,
      mode: 'auto',
      failures: [{ metric: 'golden.passRate', actual: passed / (passed + failed), threshold: 0.95, message: 'golden pass rate below 95.0%' }],
      notMeasured: [{ metric: 'scores.helpfulness', actual: null, threshold: 3.5, message: 'helpfulness: no scores in this run (not measured in this partial run)' }],
    },
    metrics: {
      golden: { cases: n, passed, failed, errors, passRate: passed / Math.max(1, passed + failed), interval: [0.85, 0.91] },
      scores: { relevance: { n: Math.ceil(n / 3), mean: 3, interval: [2.9, 3.1] }, accuracy: { n: Math.ceil(n / 3), mean: 4, interval: [3.9, 4.1] } },
      trials: [{ name: 'greets politely', runs: 20, passed: 19, passRate: 0.95, required: 0.7, interval: [0.78, 0.99], verdict: 'passed', stoppedEarly: true }],
      cases: n,
      errors,
      errorRate: errors / Math.max(1, n),
      usage: { ...usage, app: usage, judge: { ...usage, costUsd: 0 } },
    },
    cases,
  }
}
