import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LlmReport } from 'vitest-llm'
import { fakeJudge, type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { runVitest } from '../helpers/run-vitest.js'

let fake: FakeLlm
const failing = new Set(Array.from({ length: 6 }, (_, i) => `case-00${i}`))
beforeAll(async () => {
  fake = await startFakeLlm([
    fakeJudge({ score: ({ criteria }) => Object.fromEntries(criteria.map(c => [c, 4])) }),
    { match: () => true, reply: req => ({ content: failing.has(req.lastUserMessage) ? 'bad' : 'good', usage: { prompt_tokens: 100, completion_tokens: 10 } }) },
  ])
})
afterAll(() => fake.close())

describe('sharded CI', () => {
  it('3 blob shards merged give the same metrics and exit code as one run; shards alone are not gated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-shards-'))
    const gate = JSON.stringify({ goldenPassRate: 0.95, scores: { relevance: 3.5 } })
    const env = (report: string) => ({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: gate, REPORT_JSON: join(dir, report) })
    const read = async (name: string) => JSON.parse(await readFile(join(dir, name), 'utf8')) as LlmReport

    const whole = await runVitest('gate', ['cases', 'scored', 'plain'], env('whole.json'))
    expect(whole.code).toBe(1)

    for (const i of [1, 2, 3]) {
      const shard = await runVitest('gate', ['cases', 'scored', 'plain', `--shard=${i}/3`, '--reporter=blob', `--outputFile=${join(dir, 'blobs', `blob-${i}.json`)}`], env(`shard-${i}.json`))
      // Every test passes (misses are left to the gate), and a shard does not gate.
      expect(shard.code).toBe(0)
      const report = await read(`shard-${i}.json`)
      expect(report.run).toMatchObject({ kind: 'shard', shard: { index: i, count: 3 }, sharded: true, gateEnforced: false })
    }
    const merged = await runVitest('gate', [`--merge-reports=${join(dir, 'blobs')}`], env('merged.json'))
    expect(merged.code).toBe(1)
    expect(merged.output).toContain('golden pass rate 94.5% < 95.0% — 104/110 passed')

    const one = await read('whole.json')
    const all = await read('merged.json')
    expect(all.metrics).toEqual(one.metrics)
    expect(all.gate).toEqual(one.gate)
    expect(all.cases.map(c => c.id).sort()).toEqual(one.cases.map(c => c.id).sort())
    expect(one.run.kind).toBe('full')
    expect(all.run).toMatchObject({ kind: 'merged', shards: ['1/3', '2/3', '3/3'] })

    // A lost blob: the merge sees 2 of 3 shards and fails, naming the missing one, even where
    // the shards it has would pass.
    await rm(join(dir, 'blobs', 'blob-2.json'))
    failing.clear()
    const partialMerge = await runVitest('gate', [`--merge-reports=${join(dir, 'blobs')}`], env('lost.json'))
    expect(partialMerge.code).toBe(1)
    expect(partialMerge.output).toContain('ERROR: vitest-llm gate: shard 2/3 missing from the merge (found 1/3, 3/3)')
    expect((await read('lost.json')).gate.failures.map(f => f.metric)).toContain('shards')

    // The same shard twice: refused as well.
    await copyFile(join(dir, 'blobs', 'blob-1.json'), join(dir, 'blobs', 'blob-1-again.json'))
    await copyFile(join(dir, 'blobs', 'blob-3.json'), join(dir, 'blobs', 'blob-2.json'))
    const twice = await runVitest('gate', [`--merge-reports=${join(dir, 'blobs')}`], env('twice.json'))
    expect(twice.code).toBe(1)
    expect(twice.output).toMatch(/appears? in more than one blob/)
  })

  it('shards narrowed by a file filter merge into a partial run, not a whole one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-shards-partial-'))
    const env = (report: string) => ({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: JSON.stringify({ goldenPassRate: 0.5 }), REPORT_JSON: join(dir, report) })
    const reason = 'file filter cases scored: 2 of 3 test files'
    for (const i of [1, 2]) {
      const shard = await runVitest('gate', ['cases', 'scored', `--shard=${i}/2`, '--reporter=blob', `--outputFile=${join(dir, 'blobs', `blob-${i}.json`)}`], env(`shard-${i}.json`))
      expect(shard.code, shard.output).toBe(0)
      // The split itself is not a narrowing: only the filter is named.
      expect(JSON.parse(await readFile(join(dir, `shard-${i}.json`), 'utf8')).run).toMatchObject({ kind: 'shard', partial: [reason] })
    }
    const merged = await runVitest('gate', [`--merge-reports=${join(dir, 'blobs')}`], env('merged.json'))
    const report = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8')) as LlmReport
    expect(report.run).toMatchObject({ kind: 'partial', partial: [`shards ran with ${reason}`], shards: ['1/2', '2/2'] })
    expect(merged.code, merged.output).toBe(0)
    expect(merged.output).toContain(`partial run (shards ran with ${reason})`)
  })

  it('refuses to merge shards that ran different configurations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-shards-mixed-'))
    const env = (report: string, gate: object) => ({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: JSON.stringify(gate), REPORT_JSON: join(dir, report) })
    // Shard 1 under one gate, shard 2 under another: as if run from two commits.
    for (const [i, gate] of [[1, { goldenPassRate: 0.5 }], [2, { goldenPassRate: 0.9 }]] as const) {
      const shard = await runVitest('gate', ['cases', 'scored', 'plain', `--shard=${i}/2`, '--reporter=blob', `--outputFile=${join(dir, 'blobs', `blob-${i}.json`)}`], env(`shard-${i}.json`, gate))
      expect(shard.code).toBe(0)
    }
    const merged = await runVitest('gate', [`--merge-reports=${join(dir, 'blobs')}`], env('merged.json', { goldenPassRate: 0.5 }))
    expect(merged.code).toBe(1)
    expect(merged.output).toContain('the shards ran different configurations or prompt configs (fingerprints differ)')
  })
})
