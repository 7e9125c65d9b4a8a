import { afterAll, beforeAll, expect, it } from 'vitest'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { runVitest } from '../helpers/run-vitest.js'

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm({ reply: 'ok' })
})
afterAll(() => fake.close())

it('one plugin shared by several projects: matchers and options in each, one reporter and gate over all', async () => {
  const run = await runVitest('projects', [], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k' })
  expect(run.output).toMatch(/Tests\s+6 passed \(6\)/)
  expect(run.output.match(/LLM {2}gate passed/g)).toHaveLength(1)
  expect(run.output).toMatch(/golden\s+100\.0% {2}4\/4 passed/)
  expect(run.code).toBe(0)
})

it('--dir does not narrow projects of `test.projects` (they keep their own folders): the run stays full', async () => {
  const run = await runVitest('projects', ['--dir', 'a'], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', OWN_DIR: '1' })
  expect(run.output).toMatch(/Tests\s+6 passed \(6\)/)
  expect(run.output).toMatch(/LLM {2}gate passed\n/)
  expect(run.output).not.toContain('partial run')
  expect(run.code).toBe(0)
})
