import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { root, watchVitest } from '../helpers/run-vitest.js'

// A throwaway project inside the repository (so it resolves vitest and vitest-llm), edited
// while `vitest watch` runs.
const dir = join(root, 'test', 'fixtures', `.tmp-watch-${process.pid}`)
let fake: FakeLlm

const line = (id: string, word: string) => `${JSON.stringify({ id, input: id, must_contain: word })}\n`

beforeAll(async () => {
  fake = await startFakeLlm({ reply: 'a good answer' })
  await mkdir(join(dir, 'golden'), { recursive: true })
  await writeFile(join(dir, 'vitest.config.ts'), `import { defineConfig } from 'vitest/config'
import llm from 'vitest-llm/plugin'
export default defineConfig({ plugins: [llm({ provider: { model: 'gpt-4o-mini' }, cache: { mode: 'off' }, gate: { goldenPassRate: 0.7 } })], test: { include: ['*.llm.test.ts'] } })
`)
  await writeFile(join(dir, 'golden', 'a.jsonl'), line('a1', 'good') + line('a2', 'answer'))
  await writeFile(join(dir, 'golden', 'b.jsonl'), line('b1', 'good'))
  for (const name of ['a', 'b']) {
    await writeFile(join(dir, `${name}.llm.test.ts`), `import { complete, golden } from 'vitest-llm'
golden('${name}', { files: 'golden/${name}.jsonl', task: e => complete(String(e.input)) })
`)
  }
})
afterAll(async () => {
  await fake.close()
  await rm(dir, { recursive: true, force: true })
})

describe('watch mode', () => {
  it('editing a golden file reruns only the tests that read it, and the gate speaks for the whole known state', async () => {
    const vitest = watchVitest(dir, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k' })
    try {
      const first = await vitest.waitFor(/LLM {2}gate passed[\s\S]*usage/)
      expect(first).toMatch(/golden\s+100\.0% {2}3\/3 passed/)

      // Two misses in a.jsonl: 3 of 5 pass (60%), under the 70% gate.
      let mark = vitest.output().length
      await writeFile(join(dir, 'golden', 'a.jsonl'), line('a1', 'good') + line('a2', 'answer') + line('a3', 'refund') + line('a4', 'sorry'))
      const rerun = await vitest.waitFor(/LLM {2}gate failed[\s\S]*usage/, mark)
      expect(rerun).toContain('a.llm.test.ts')
      expect(rerun).not.toContain('b.llm.test.ts')
      expect(rerun).toMatch(/golden\s+60\.0% {2}3\/5 passed/)
      expect(rerun).toContain('golden pass rate 60.0% < 70.0%')

      // The watcher is still alive: fixing the file passes the gate again.
      mark = vitest.output().length
      await writeFile(join(dir, 'golden', 'a.jsonl'), line('a1', 'good') + line('a2', 'answer'))
      const fixed = await vitest.waitFor(/LLM {2}gate passed[\s\S]*usage/, mark)
      expect(fixed).toMatch(/golden\s+100\.0% {2}3\/3 passed/)
    }
    finally {
      await vitest.stop()
    }
  })
})
