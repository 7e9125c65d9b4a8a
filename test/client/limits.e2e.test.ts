// Issue 13, item 5: `concurrency` and `rateLimit` hold for the whole run — four workers, app and
// judge calls together — not per worker (which allowed 4× the requests in flight and a full
// minute's allowance per worker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeJudge, type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { runVitest } from '../helpers/run-vitest.js'

let fake: FakeLlm
const sent: number[] = []
beforeAll(async () => {
  fake = await startFakeLlm({
    latencyMs: 50,
    rules: [
      { match: () => (sent.push(Date.now()), false), reply: 'never' },
      fakeJudge({ score: () => ({ relevance: 5 }) }),
      { match: () => true, reply: 'ok' },
    ],
  })
})
afterAll(() => fake.close())

describe('global limits', () => {
  it('holds concurrency and requests per minute across 4 workers and app + judge calls', async () => {
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', FIXTURE_CONCURRENCY: '3', FIXTURE_RPM: '60', FIXTURE_CALLS: '17' }
    const run = await runVitest('limits', ['--maxWorkers=4'], env)
    expect(run.output).toContain('4 passed')
    expect(run.code).toBe(0)
    expect(fake.requests).toHaveLength(68)
    // Each worker alone would have allowed 3; four of them, 12.
    expect(fake.stats.peakInFlight).toBe(3)
    // A minute's allowance of 60 at the start, then one a second: the last 8 take about 8 s.
    // With one bucket per worker (60 each), all 68 went out at once.
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThan(6_500)
  }, 60_000)
})
