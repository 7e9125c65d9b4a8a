import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeJudge, type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { fixture, runVitest } from '../helpers/run-vitest.js'
import type { LlmReport } from 'vitest-llm'

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm([
    fakeJudge({
      score: ({ output, criteria }) => {
        if (output.startsWith('GARBAGE')) return 'The answer looks fine to me.'
        const right = output.includes('Paris')
        return Object.fromEntries(criteria.map(c => [c, c === 'accuracy' && !right
          ? { score: 2, reason: 'Says Lyon; the reference says Paris.' }
          : { score: 5, reason: `Good ${c}.` }]))
      },
    }),
    { match: 'capital of France', reply: 'Paris.' },
  ])
})
afterAll(() => fake.close())

describe('toPassJudge and judge() in a real vitest run', () => {
  it('passes, fails with scores and reasons, and errors on a broken judge; usage is split app/judge', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-judge-fixture-'))
    const report = `${cacheDir}-report.json`
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', FIXTURE_CACHE_DIR: cacheDir }
    const run = await runVitest('judge', ['judge.llm', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env)
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests\s+3 failed \| 4 passed \(7\)/)

    expect(run.output).toContain([
      'expected output to pass the judge (gpt-4o): 1 of 2 criteria below threshold',
      '  ✓ relevance  5/5 (min 3)  Good relevance.',
      '  ✗ accuracy   2/5 (min 4)  Says Lyon; the reference says Paris.',
      '',
      'Input:     "What is the capital of France?"',
      'Reference: "Paris"',
      'Output:    "Lyon is the capital of France."',
    ].join('\n'))
    expect(run.output).toContain('JudgeError: the judge\'s reply was invalid twice (json_schema mode):\nno JSON found in the output: "The answer looks fine to me."')

    const json = JSON.parse(await readFile(report, 'utf8'))
    const byTitle = Object.fromEntries(json.testResults[0].assertionResults.map((t: { title: string }) => [t.title, t]))
    const errored = byTitle['errors when the judge answers garbage twice']
    expect(errored.status).toBe('failed')
    expect(errored.meta.llm.judgements).toEqual([{ verdict: 'error', scores: {}, model: 'gpt-4o', error: expect.stringContaining('invalid twice') }])
    expect(byTitle['errors under .not too: a broken judge never passes'].status).toBe('failed')

    const failed = byTitle['fails a wrong answer, showing each score, threshold and reason'].meta.llm.judgements[0]
    expect(failed).toEqual({ verdict: 'fail', model: 'gpt-4o', scores: { relevance: { score: 5, threshold: 3, reason: 'Good relevance.' }, accuracy: { score: 2, threshold: 4, reason: 'Says Lyon; the reference says Paris.' } } })

    // A judgement under .not passes by its assertion, and its scores measure a deliberately bad
    // output: they stay out of the run's score metrics and the case's scores.
    expect(byTitle['passes under .not when the judge fails the output'].meta.llm.judgements).toEqual([expect.objectContaining({ verdict: 'pass', negated: true })])
    const llmReport = JSON.parse(await readFile(join(fixture('judge'), '.vitest/llm-report.json'), 'utf8')) as LlmReport
    const negative = llmReport.cases.find(c => c.id.endsWith('passes under .not when the judge fails the output'))!
    expect([negative.verdict, negative.scores]).toEqual(['pass', undefined])
    expect(llmReport.metrics.scores.accuracy!.n).toBe(2) // the good answer and the wrong one; not the negative test
    // Two assertions in one test: the case has the scores of both.
    expect(llmReport.cases.find(c => c.id.endsWith('uses custom criteria from the plugin options and inline rubrics'))!.scores).toEqual({ concise: 5, rubric: 5 })

    const split = byTitle['returns scores and the judge\'s usage apart from the app\'s'].meta.llm.usage
    expect(split.app.requests).toBe(1)
    expect(split.judge.requests).toBe(1)
    // gpt-4o (judge) and gpt-4o-mini (app) are priced apart.
    expect(split.judge.costUsd).toBeGreaterThan(split.app.costUsd)

    // Second run: every judge and app call is replayed from the cassettes.
    const requests = fake.requests.length
    const again = await runVitest('judge', ['judge.llm'], env)
    expect(again.output).toMatch(/Tests\s+3 failed \| 4 passed \(7\)/)
    // Valid replies are replayed; the garbage ones were never recorded (issue 13), so only the
    // two broken cases ask again (twice each: the ask and its re-ask).
    expect(fake.requests.length).toBe(requests + 4)
    expect(fake.requests.slice(requests).every(r => JSON.stringify(r.body).includes('GARBAGE'))).toBe(true)
  })

  it('under describe.concurrent, each test\'s own expect attributes its judge call to that test', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-judge-fixture-'))
    const report = `${cacheDir}-report.json`
    const run = await runVitest('judge', ['concurrent', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', FIXTURE_CACHE_DIR: cacheDir })
    expect(run.code, run.output).toBe(0)
    const tests = JSON.parse(await readFile(report, 'utf8')).testResults[0].assertionResults as Array<{ title: string, meta: { llm?: { judgements?: unknown[], usage?: { judge?: { requests?: number } } } } }>
    const judged = tests.filter(t => t.title.startsWith('judges'))
    expect(judged).toHaveLength(3)
    for (const t of judged) {
      expect(t.meta.llm?.judgements, t.title).toHaveLength(1)
      expect(t.meta.llm?.usage?.judge?.requests, t.title).toBe(1)
    }
  })
})
