import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type RequestRecord, shadow } from 'vitest-llm/deploy'
import { wilson } from 'vitest-llm/stats'
import { parseRecords } from '../../src/deploy/request-log.js'
import { hashEmbedding } from 'vitest-llm/fake'
import { runCli } from '../helpers/run-vitest.js'
import { toJsonl } from './generate-log.js'

/** `n` inputs answered by both versions; the candidate's answer differs for the first `divergent`. */
function log(n: number, divergent: number, extra: object[] = []): object[] {
  const out: object[] = [...extra]
  for (let i = 0; i < n; i++) {
    const ts = new Date(Date.UTC(2026, 10, 28, 10, 0, i % 60)).toISOString()
    out.push({ ts, version: 'v1', latencyMs: 500, inputId: `q${i}`, output: `Refunds take 5 business days (case ${i}).` })
    out.push({ ts, version: 'v2', latencyMs: 450, inputId: `q${i}`, output: i < divergent ? `Your order ships tomorrow, ticket ${i}!` : `refunds take 5 business days (case ${i})` })
  }
  return out
}
const records = (raw: object[]): RequestRecord[] => parseRecords(raw.map((r, i) => ({ text: JSON.stringify(r), line: i + 1 })), 'log.jsonl')

describe('shadow()', () => {
  it('identical versions (up to case and punctuation) pass with 0 divergence', async () => {
    const result = await shadow(records(log(100, 0)), { baseline: 'v1', candidate: 'v2' })
    expect(result).toMatchObject({ verdict: 'pass', pairs: 100, divergent: 0, rate: 0 })
    // Wilson upper bound of 0/100 is 3.7% ≤ 10%.
    expect(result.interval[1]).toBeCloseTo(wilson(0, 100)[1], 12)
    const exact = await shadow(records(log(100, 0)), { baseline: 'v1', candidate: 'v2', compare: { kind: 'exact' } })
    expect(exact.divergent).toBe(100)
  })

  it('15% divergent fails: the whole interval is above 10%', async () => {
    const result = await shadow(records(log(300, 45)), { baseline: 'v1', candidate: 'v2' })
    expect(result.verdict).toBe('fail')
    expect(result.interval[0]).toBeGreaterThan(0.1)
    expect(result.worst).toHaveLength(10)
    expect(result.worst[0]).toMatchObject({ inputId: 'q0', divergent: true })
  })

  it('holds when the interval straddles the threshold, and decides once the bounds clear it', async () => {
    // 10/100: Wilson [5.5%, 17.4%] contains 10% → hold; 2/100 → [0.6%, 7.0%] → pass; 25/100 → fail.
    expect((await shadow(records(log(100, 10)), { baseline: 'v1', candidate: 'v2' })).verdict).toBe('hold')
    expect((await shadow(records(log(100, 2)), { baseline: 'v1', candidate: 'v2' })).verdict).toBe('pass')
    expect((await shadow(records(log(100, 25)), { baseline: 'v1', candidate: 'v2' })).verdict).toBe('fail')
    // Near the boundary the bound decides: 3/100 has an upper bound of 8.5% (pass at 10%, hold at 8%).
    expect((await shadow(records(log(100, 3)), { baseline: 'v1', candidate: 'v2', maxDivergence: 0.08 })).verdict).toBe('hold')
  })

  it('pairs by inputId and reports inputs seen by one version only', async () => {
    const extra = [
      { ts: '2026-11-28T09:00:00Z', version: 'v1', latencyMs: 1, inputId: 'only-baseline', output: 'a' },
      { ts: '2026-11-28T09:00:00Z', version: 'v2', latencyMs: 1, inputId: 'only-candidate', output: 'b' },
      { ts: '2026-11-28T09:00:00Z', version: 'v2', latencyMs: 1, output: 'no input id' },
    ]
    const result = await shadow(records(log(20, 0, extra)), { baseline: 'v1', candidate: 'v2' })
    expect(result.pairs).toBe(20)
    expect(result.unpaired).toEqual({ baselineOnly: ['only-baseline'], candidateOnly: ['only-candidate'] })
  })

  it('compares by embedding similarity or with a judge', async () => {
    const embed = async (texts: string[]) => texts.map(t => hashEmbedding(t))
    const byEmbedding = await shadow(records(log(50, 5)), { baseline: 'v1', candidate: 'v2', compare: { kind: 'embedding', threshold: 0.8, embed } })
    expect(byEmbedding.divergent).toBe(5)
    expect(byEmbedding.worst[0]!.similarity).toBeLessThan(0.8)
    const byJudge = await shadow(records(log(50, 5)), { baseline: 'v1', candidate: 'v2', compare: { kind: 'judge', compare: async (a, b) => (a.toLowerCase().includes('refund') === b.toLowerCase().includes('refund') ? 'tie' : 'a') } })
    expect(byJudge.divergent).toBe(5)
  })
})

describe('vitest-llm shadow', () => {
  it('exits 0 on pass, 1 on fail, 2 on hold', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-shadow-'))
    const cases = [[0, 0, 'pass: 0/300 pairs diverge (0.0%'], [45, 1, 'fail: 45/300 pairs diverge (15.0%'], [30, 2, 'hold: 30/300 pairs diverge (10.0%']] as const
    for (const [divergent, code, text] of cases) {
      await writeFile(join(dir, 'requests.jsonl'), toJsonl(log(300, divergent)))
      const run = await runCli(['shadow', '--log', 'requests.jsonl', '--baseline', 'v1', '--candidate', 'v2', '--max-divergence', '0.1'], dir)
      expect(run.stdout).toContain(text)
      expect(run.code).toBe(code)
    }
    const md = await runCli(['shadow', '--log', 'requests.jsonl', '--baseline', 'v1', '--candidate', 'v2', '--markdown'], dir)
    expect(md.stdout).toContain('## Shadow v2 vs v1: **hold**')
  })
})
