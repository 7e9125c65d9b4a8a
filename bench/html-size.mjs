// The size and render time of the HTML report at 1,000 and 10,000 cases (issue 16). Needs the
// build: `npm run build && node bench/html-size.mjs`. Cases carry realistic evidence: a
// one-line input, an expected answer and output of ~60 characters, judge scores and reasons on a
// third of them, misses and errors with reasons.
import { gzipSync } from 'node:zlib'
import { renderHtml } from '../dist/report/html/render-html.js'

function report(n) {
  const cases = Array.from({ length: n }, (_, i) => {
    const verdict = i % 10 === 3 ? 'fail' : i % 50 === 7 ? 'error' : 'pass'
    const judged = i % 3 === 0
    return {
      id: `case-${String(i).padStart(5, '0')}`, suite: `suite-${i % 7}`, file: `src/suite-${i % 7}.llm.test.ts`, verdict, kind: 'golden',
      check: judged ? 'judge' : 'contains', source: `golden/suite-${i % 7}.jsonl:${i + 1}`,
      input: `Question number ${i}: what is the status of order ${1000 + i}?`,
      ...(judged ? { expected: `Order ${1000 + i} shipped on Monday with a tracking number.` } : {}),
      output: `Your order ${1000 + i} ${verdict === 'fail' ? 'is being processed.' : 'shipped on Monday; the tracking number is in your email.'}`,
      tags: [i % 2 ? 'orders' : 'shipping'],
      ...(judged ? { scores: { relevance: 1 + (i % 5), accuracy: 5 - (i % 3) }, reasons: { relevance: 'Addresses the question directly.', accuracy: 'Matches the reference.' } } : {}),
      ...(verdict === 'fail' ? { reason: 'missing "tracking number"' } : verdict === 'error' ? { reason: 'LlmRequestError: HTTP 500 after 4 attempts' } : {}),
      usage: { requests: judged ? 2 : 1, cached: 0, inputTokens: 120, outputTokens: 40 }, costUsd: 0.00012, latencyMs: 300 + (i % 17) * 20, cached: false,
    }
  })
  const usage = { requests: n, cached: 0, inputTokens: 120 * n, outputTokens: 40 * n, costUsd: 0.00012 * n, unpricedRequests: 0 }
  return {
    version: 1, passed: true, createdAt: new Date(0).toISOString(),
    run: { kind: 'full', reason: 'passed', sharded: false, gateEnforced: true },
    gate: { passed: true, mode: 'auto', failures: [] },
    metrics: {
      golden: { cases: n, passed: n, failed: 0, errors: 0, passRate: 0.9, interval: [0.88, 0.92] },
      scores: { relevance: { n: n / 3, mean: 3, interval: [2.9, 3.1] }, accuracy: { n: n / 3, mean: 4, interval: [3.9, 4.1] } },
      trials: [], cases: n, errors: 0, errorRate: 0, usage: { ...usage, app: usage, judge: usage },
    },
    cases,
  }
}

const kb = bytes => `${(bytes / 1024).toFixed(0)} kB`
console.log('| cases | HTML | gzipped | per case | render |')
console.log('|---|---|---|---|---|')
for (const n of [1_000, 10_000]) {
  const r = report(n)
  const started = performance.now()
  const html = renderHtml(r, { thresholds: { goldenPassRate: 0.9, scores: { relevance: 3 } } })
  const ms = performance.now() - started
  const bytes = Buffer.byteLength(html)
  console.log(`| ${n.toLocaleString('en')} | ${kb(bytes)} | ${kb(gzipSync(html).length)} | ${(bytes / n).toFixed(0)} B | ${ms.toFixed(0)} ms |`)
}
