// The README's quick start is this fixture project: run it as a user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeJudge, type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { fixture, runNode, runVitest } from '../helpers/run-vitest.js'

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm([
    fakeJudge({ score: ({ criteria }) => Object.fromEntries(criteria.map(c => [c, 5])) }),
    { match: /France/, reply: 'Paris' },
    { match: /Italy/, reply: 'Rome' },
    { match: /Japan/, reply: 'Tokyo' },
  ])
})
afterAll(() => fake.close())

describe('README quick start', () => {
  it('runs and passes its gate', async () => {
    const run = await runVitest('quickstart', [], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', VITEST_LLM_CACHE: 'off' })
    expect(run.output).toMatch(/Tests\s+4 passed \(4\)/)
    expect(run.output).toContain('LLM  gate passed')
    expect(run.code).toBe(0)
  })

  it('runs through docs/fake.md\'s wrapper, which starts the fake beside vitest', async () => {
    const run = await runNode(['with-fake.mjs', 'run'], { cwd: fixture('quickstart'), env: { VITEST_LLM_CACHE: 'off', OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined } })
    expect(run.output).toMatch(/Tests\s+4 passed \(4\)/)
    expect(run.output).toContain('LLM  gate passed')
    expect(run.code).toBe(0)
  })
})
