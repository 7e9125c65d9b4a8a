import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import seedrandom from 'seedrandom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeJudge, type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { fixture, runVitest } from '../helpers/run-vitest.js'
import type { LlmReport } from 'vitest-llm'

let fake: FakeLlm
const random = seedrandom('trials')
beforeAll(async () => {
  fake = await startFakeLlm([
    fakeJudge({ score: ({ output, criteria }) => Object.fromEntries(criteria.map(c => [c, output.includes('Refund') ? 5 : 2])) }),
    { match: 'capital of France', reply: 'Paris' },
    { match: 'about Paris', reply: 'Paris is the capital of France.' },
    { match: 'refund', reply: 'Open Orders and click Refund.' },
    { match: 'parcel ship', reply: 'It ships tomorrow.' },
    { match: '2 + 2', reply: '5' },
    { match: /^q [ab]\d$/, reply: 'ok' },
    { match: /^rate /, reply: req => (random() < Number(req.lastUserMessage.slice(5)) ? 'good' : 'bad') },
  ])
})
afterAll(() => fake.close())

interface Result { title: string, status: string, ancestorTitles: string[], meta: { llm?: { golden?: { verdict: string, check: string, reason?: string, weight?: number, tags?: string[], source: string }, trials?: Record<string, unknown>, depth?: unknown, skipped?: string } } }

async function run(file: string, env: Record<string, string> = {}, args: string[] = []) {
  const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-golden-'))
  const report = `${cacheDir}.json`
  const result = await runVitest('golden', [file, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', FIXTURE_CACHE_DIR: cacheDir, ...env })
  const json = JSON.parse(await readFile(report, 'utf8'))
  const tests: Result[] = json.testResults.flatMap((f: { assertionResults: Result[] }) => f.assertionResults)
  return { ...result, tests, byTitle: Object.fromEntries(tests.map(t => [t.title, t])) }
}

describe('golden() in a real vitest run', () => {
  it('checks exact, must_contain and judge examples; misses and task errors fail their tests (strict)', async () => {
    const { code, output, byTitle } = await run('golden.llm.test.ts')
    expect(code).toBe(1)
    const support = ['capital-exact', 'capital-contains', 'refund-judge', 'shipping-miss', 'wrong-judge', 'task-throws'].map(id => byTitle[id]!)
    expect(support.map(t => t.status)).toEqual(['passed', 'passed', 'passed', 'failed', 'failed', 'failed'])
    expect(support.map(t => t.meta.llm!.golden!.verdict)).toEqual(['pass', 'pass', 'pass', 'fail', 'fail', 'error'])
    expect(support.map(t => t.meta.llm!.golden!.check)).toEqual(['exact', 'contains', 'judge', 'contains', 'judge', 'contains'])
    expect(byTitle['wrong-judge']!.meta.llm!.golden!.weight).toBe(2)
    // Each case's meta travels to the main process: defaults and what the set shares stay out.
    expect(byTitle['capital-exact']!.meta.llm!.golden!.tags).toEqual(['geo'])
    expect(byTitle['capital-exact']!.meta.llm!.golden).not.toHaveProperty('weight')
    expect(byTitle['task-throws']!.meta.llm!.golden).not.toHaveProperty('tags')
    expect(support.map(t => t.meta.llm!.depth)).toEqual(support.map(() => undefined))
    expect(byTitle['shipping-miss']!.meta.llm!.golden!.source).toBe('golden/support.jsonl:5')
    expect(output).toContain('GoldenMiss: golden shipping-miss (golden/support.jsonl:5) missed its contains check: missing "tracking number"')
    expect(output).toContain('golden wrong-judge (golden/support.jsonl:6) missed its judge check: accuracy 2/5 < 4: fake judge: accuracy 2')
    expect(output).toContain('golden task-throws: the task threw: the retrieval index is down')
    expect(byTitle['task-throws']!.meta.llm!.golden!.reason).toBe('the retrieval index is down')
  })

  it('with a golden gate, a miss is annotated instead of failing; errors still fail', async () => {
    const { byTitle } = await run('golden.llm.test.ts', { GOLDEN_GATE: '1' })
    expect(byTitle['shipping-miss']!.status).toBe('passed')
    expect(byTitle['shipping-miss']!.meta.llm!.golden!.verdict).toBe('fail')
    expect(byTitle['wrong-judge']!.status).toBe('passed')
    expect(byTitle['task-throws']!.status).toBe('failed')
  })

  it('samples reproducibly, keeping each tag\'s share, and reports the rest as skipped', async () => {
    const picked = (tests: Result[]) => tests.filter(t => t.ancestorTitles.includes('sampled') && t.status === 'passed').map(t => t.title).sort()
    const first = await run('golden.llm.test.ts', {}, ['-t', 'sampled'])
    const second = await run('golden.llm.test.ts', {}, ['-t', 'sampled'])
    const chosen = picked(first.tests)
    expect(chosen).toHaveLength(6)
    expect(chosen.filter(id => id.startsWith('a'))).toHaveLength(4)
    expect(chosen.filter(id => id.startsWith('b'))).toHaveLength(2)
    const skipped = first.tests.filter(t => t.ancestorTitles.includes('sampled') && t.status === 'skipped')
    expect(skipped).toHaveLength(6)
    for (const t of skipped) expect(t.meta.llm).toEqual({ skipped: expect.stringContaining('sampl') })
    expect(picked(second.tests)).toEqual(chosen)
    const reseeded = await run('golden.llm.test.ts', { VITEST_LLM_SEED: 'another seed' }, ['-t', 'sampled'])
    expect(picked(reseeded.tests)).toHaveLength(6)
    expect(picked(reseeded.tests)).not.toEqual(chosen)
  })
})

describe('loadGolden() + toMatchGolden in a hand-written loop', () => {
  it('applies each example\'s own check and records the verdicts for the gate', async () => {
    const { code, output, tests } = await run('loop.llm.test.ts')
    expect(code).toBe(1)
    const byId = Object.fromEntries(tests.map(t => [t.title, t]))
    expect(['capital-exact', 'capital-contains', 'refund-judge', 'shipping-miss', 'wrong-judge'].map(id => byId[id]!.status)).toEqual(['passed', 'passed', 'passed', 'failed', 'failed'])
    expect(byId['shipping-miss']!.meta.llm!.golden).toMatchObject({ verdict: 'fail', check: 'contains', suite: 'hand-written loop' })
    expect(output).toContain('expected output to match golden shipping-miss (golden/support.jsonl:5), contains check: missing "tracking number"')
  })

  it('makes each example checked in one test a case of its own, so a later pass cannot hide a miss', async () => {
    const { code, tests } = await run('loop.llm.test.ts', {}, ['-t', 'every example'])
    expect(code).toBe(1)
    const meta = tests.find(t => t.title === 'every example')!.meta.llm as unknown as { golden: { id: string, verdict: string }, otherGolden: Array<{ id: string, verdict: string }> }
    expect([meta.golden, ...meta.otherGolden].map(g => [g.id, g.verdict])).toEqual([['shipping-miss', 'fail'], ['capital-contains', 'pass'], ['capital-exact', 'pass']])
    const report = JSON.parse(await readFile(join(fixture('golden'), '.vitest/llm-report.json'), 'utf8')) as LlmReport
    expect(report.cases.map(c => [c.id, c.suite, c.verdict, c.usage!.requests + c.usage!.cached])).toEqual([
      ['shipping-miss', 'one test, many examples', 'fail', 3], // the test's calls, counted once
      ['capital-contains', 'one test, many examples', 'pass', 0],
      ['capital-exact', 'one test, many examples', 'pass', 0],
    ])
    expect(report.metrics.golden).toMatchObject({ cases: 3, passed: 2 })
    expect(report.metrics.usage.requests + report.metrics.usage.cached).toBe(3)
  })
})

describe('trials() in a real vitest run', () => {
  it('passes early, fails early, reports an inconclusive result with the runs needed, and defaults the budget', async () => {
    const { code, output, byTitle } = await run('trials.llm.test.ts')
    expect(code).toBe(1)
    const reliable = byTitle['reliable behaviour passes early']!
    expect(reliable.status).toBe('passed')
    expect(reliable.meta.llm!.trials).toMatchObject({ verdict: 'pass', stoppedEarly: true, required: 0.7 })
    expect((reliable.meta.llm!.trials!.runs as number)).toBeLessThan(40)

    const broken = byTitle['broken behaviour fails early']!
    expect(broken.status).toBe('failed')
    expect(broken.meta.llm!.trials).toMatchObject({ verdict: 'fail', stoppedEarly: true })
    expect((broken.meta.llm!.trials!.runs as number)).toBeLessThan(15)
    expect(output).toMatch(/trials \d+\/\d+ \(\d+%, lower bound \d+%\), stopped early after \d+ of 100 runs: the upper bound \d+% is below the required 90% at 95% confidence\nFirst failures:\n {2}run \d+: expected 'bad' to be 'good'/)

    const borderline = byTitle['borderline behaviour is inconclusive']!
    expect(borderline.status).toBe('failed')
    expect(borderline.meta.llm!.trials).toMatchObject({ verdict: 'inconclusive', runs: 30, stoppedEarly: false })
    expect(output).toMatch(/trials \d+\/30 \(\d+%, lower bound \d+%\): inconclusive — \[\d+%, \d+%\] contains the required 90% at 95% confidence; /)

    // It stopped because no remaining run could make it pass: no advice to lower the budget.
    const stuck = byTitle['a record that can no longer pass stops']!
    expect(stuck.status).toBe('failed')
    expect(stuck.meta.llm!.trials).toMatchObject({ verdict: 'inconclusive', runs: 4, passed: 2, stoppedEarly: true })
    expect(output).toContain('with 2 failures it can no longer pass within runs: 60; it stopped rather than make about 2 more runs that could at most show it failing')
    expect(output).not.toMatch(/more runs \(runs: \d\) would likely decide/)

    const byDefault = byTitle['the default budget passes a behaviour that always holds']!
    expect(byDefault.status).toBe('passed')
    expect(byDefault.meta.llm!.trials).toMatchObject({ verdict: 'pass', runs: 14, passed: 14, stoppedEarly: false })
  })
})
