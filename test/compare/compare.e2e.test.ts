import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LlmReport } from 'vitest-llm'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { runVitest } from '../helpers/run-vitest.js'

// The fake model, scripted per model: which examples each answers badly ("bad" misses the
// must_contain "good"). Against model-a (the control, failing ex-00…ex-11):
// - model-b is truly better on ex-00…ex-09, truly worse on ex-50, ex-51, identical elsewhere;
// - model-c differs only by noise: better on ex-00…ex-02, worse on ex-20…ex-22;
// - model-d is truly worse on ex-30…ex-41 and better on ex-00 only.
// The prompt configs a and b (both on model-a) answer identically.
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `ex-${String(from + i).padStart(2, '0')}`)
const failing: Record<string, Set<string>> = {
  'model-a': new Set(range(0, 11)),
  'model-b': new Set([...range(10, 11), ...range(50, 51)]),
  'model-c': new Set([...range(3, 11), ...range(20, 22)]),
  'model-d': new Set([...range(1, 11), ...range(30, 41)]),
}

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm([{ match: () => true, reply: req => ({ content: failing[req.model]?.has(req.lastUserMessage) ? 'bad' : 'good', usage: { prompt_tokens: 1000, completion_tokens: 100 } }) }])
})
afterAll(() => fake.close())

async function run(files: string[], gate?: object, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-compare-'))
  const reportFile = join(dir, 'report.json')
  const mdFile = join(dir, 'report.md')
  const result = await runVitest('compare', files, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: gate ? JSON.stringify(gate) : '', REPORT_JSON: reportFile, REPORT_MD: mdFile, VITEST_LLM_GATE: 'always', ...env })
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as LlmReport
  return { ...result, report, markdown: await readFile(mdFile, 'utf8') }
}

// Independent reference values: two-sided McNemar mid-p = 2·(Σ_{i<k} C(m,i) + ½·C(m,k)) / 2^m,
// k = min(worsened, improved), m = worsened + improved — binomial coefficients written out.
const midP = { b: 2 * (1 + 12 + 0.5 * 66) / 4096, c: Math.min(1, 2 * (1 + 6 + 15 + 0.5 * 20) / 64), d: 2 * (1 + 0.5 * 13) / 8192 }

// Newcombe 1998 method 10 for pB − pA from the 2×2 cells, re-derived here (Wilson at z = 1.95996…).
function newcombe(a: number, b: number, c: number, d: number): [number, number] {
  const z = 1.959963984540054
  const wilson = (x: number, n: number): [number, number] => {
    const p = x / n
    const mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    const h = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [mid - h, mid + h]
  }
  const n = a + b + c + d
  const [p1, p2] = [(a + b) / n, (a + c) / n]
  const [l1, u1] = wilson(a + b, n)
  const [l2, u2] = wilson(a + c, n)
  const B = a * d - b * c
  const phi = (B > n / 2 ? B - n / 2 : B < 0 ? B : 0) / Math.sqrt((a + b) * (c + d) * (a + c) * (b + d))
  return [p1 - p2 - Math.sqrt((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2), p1 - p2 + Math.sqrt((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2)]
}

describe('compare() on the real vitest', () => {
  it('runs every example under every variant and reports paired verdicts that match the reference values', async () => {
    const { code, output, report, markdown } = await run([])
    // Misses are left to the comparison: 4 × 60 + 2 × 30 tests run, all pass, 60 skipped by the sample.
    expect(code).toBe(0)
    expect(output).toMatch(/Tests\s+300 passed \| 60 skipped/)
    const models = report.comparison!.suites.find(s => s.suite === 'models')!
    expect(models.control).toBe('model-a')
    expect(Object.keys(models.variants)).toEqual(['model-a', 'model-b', 'model-c', 'model-d'])
    const { 'model-b': b, 'model-c': c, 'model-d': d } = models.variants
    expect(b).toMatchObject({ cases: 60, passed: 56, paired: 60, worsened: 2, improved: 10, verdict: 'better' })
    expect(c).toMatchObject({ passed: 48, worsened: 3, improved: 3, diff: 0, verdict: 'no detectable difference' })
    expect(d).toMatchObject({ passed: 37, worsened: 12, improved: 1, verdict: 'worse' })
    expect(b!.pValue).toBeCloseTo(midP.b, 12)
    expect(c!.pValue).toBeCloseTo(midP.c, 12)
    expect(d!.pValue).toBeCloseTo(midP.d, 12)
    // Cells (both, only B, only A, neither): b (46, 10, 2, 2), d (36, 1, 12, 11).
    for (const [v, [w, x, y, z]] of [[b!, [46, 10, 2, 2]], [d!, [36, 1, 12, 11]]] as const) {
      const [lo, hi] = newcombe(w, x, y, z)
      expect(v.diffInterval![0]).toBeCloseTo(lo, 8)
      expect(v.diffInterval![1]).toBeCloseTo(hi, 8)
    }
    expect(c!.minDetectable).toBeGreaterThan(0.05)
    // Prices: model-b costs twice model-a per token, model-d half; same tokens per case.
    expect(b!.costRatio.ratio).toBeCloseTo(2, 10)
    expect(d!.costRatio.ratio).toBeCloseTo(0.5, 10)
    expect(b!.latencyP50).not.toBeNull()

    // The same sampled examples under both prompt configs; identical answers: no difference.
    const prompts = report.comparison!.suites.find(s => s.suite === 'prompts')!
    const ids = (variant: string) => report.cases.filter(x => x.compare?.suite === 'prompts' && x.variant === variant).map(x => x.id).sort()
    expect(ids('a')).toHaveLength(30)
    expect(ids('b')).toEqual(ids('a'))
    expect(prompts.variants.b).toMatchObject({ paired: 30, worsened: 0, improved: 0, pValue: 1, verdict: 'no detectable difference' })

    // Cases carry their variant; the suite is `name › variant`, the test `name › variant › id`.
    expect(report.cases.find(x => x.variant === 'model-b' && x.id === 'ex-50')).toMatchObject({ suite: 'models › model-b', verdict: 'fail', compare: { suite: 'models', control: 'model-a' } })
    expect(output).toMatch(/compare models \(paired, α 0\.05\):/)
    expect(output).toMatch(/verdict\s+control\s+better\s+no detectable difference \(≥ [\d.]+% detectable\)\s+worse/)
    expect(markdown).toContain('### Comparison: models (paired against model-a, α 0.05)')
  })

  it('gate.compare fails when the candidate is significantly worse, and passes when it is not', async () => {
    const worse = await run(['models'], { compare: { candidate: 'model-d', control: 'model-a' } })
    expect(worse.code).toBe(1)
    expect(worse.report.gate.failures).toEqual([expect.objectContaining({ metric: 'compare.models.passRate', actual: expect.closeTo(-11 / 60, 12) })])
    expect(worse.output).toContain('compare models: model-d is worse than model-a')
    const better = await run(['models'], { compare: { candidate: 'model-b', control: 'model-a' } })
    expect(better.code).toBe(0)
    const allowed = await run(['models'], { compare: { candidate: 'model-d', control: 'model-a', maxDrop: 0.2 } })
    expect(allowed.code).toBe(0)
  })

  it('at a reduced depth every variant runs the same examples: the comparison stays paired', async () => {
    const { report } = await run(['models.llm.test.ts'], undefined, { VITEST_LLM_DEPTH: 'smoke' })
    expect(report.run.depth).toMatchObject({ mode: 'fixed', level: 'smoke' })
    const byVariant = new Map<string, string[]>()
    for (const c of report.cases) byVariant.set(c.variant!, [...(byVariant.get(c.variant!) ?? []), c.id].sort())
    const sets = [...byVariant.values()]
    expect(sets.length).toBeGreaterThanOrEqual(2)
    expect(sets[0]!.length).toBe(5) // smokeSample
    for (const ids of sets) expect(ids).toEqual(sets[0])
    expect(report.run.kind).toBe('partial')
  })

  it('works with sharding: blob shards merged give the whole run\'s comparison', async () => {
    const whole = await run(['models.llm.test.ts', 'prompts.llm.test.ts'])
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-compare-shards-'))
    const env = (report: string) => ({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: '', REPORT_JSON: join(dir, report), VITEST_LLM_GATE: 'always' })
    for (const i of [1, 2]) {
      const shard = await runVitest('compare', ['models.llm.test.ts', 'prompts.llm.test.ts', `--shard=${i}/2`, '--reporter=blob', `--outputFile=${join(dir, 'blobs', `blob-${i}.json`)}`], env(`shard-${i}.json`))
      expect(shard.code, shard.output).toBe(0)
    }
    const merged = await runVitest('compare', [`--merge-reports=${join(dir, 'blobs')}`], env('merged.json'))
    const report = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8')) as LlmReport
    expect(report.run).toMatchObject({ kind: 'merged', shards: ['1/2', '2/2'] })
    // The same verdicts, tests and intervals; latencies are measured, so they are left out.
    const stable = (comparison: LlmReport['comparison']) => JSON.parse(JSON.stringify([...comparison!.suites].sort((x, y) => x.suite.localeCompare(y.suite)), (key, value) => (/latency/i.test(key) ? undefined : value)))
    expect(stable(report.comparison)).toEqual(stable(whole.report.comparison))
    expect(merged.output).toContain('merged from 2 shards')
  })
})
