// Cassette packs in real vitest runs: once a test file has replayed its cassettes, the next run
// reads its pack instead of opening them one by one, and still sees an edited cassette.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { runVitest } from '../helpers/run-vitest.js'

const counter = fileURLToPath(new URL('../helpers/count-reads.mjs', import.meta.url))

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm([
    { match: 'capital of France', reply: 'Paris' },
    { match: 'capital of Italy', reply: 'Rome' },
  ])
})
afterAll(() => fake.close())

/** A replaying run of the `complete` file: its exit code and how many cassettes it opened. */
async function replay(cacheDir: string) {
  const out = join(await mkdtemp(join(tmpdir(), 'vitest-llm-reads-')), 'reads')
  const run = await runVitest('client', ['complete'], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', FIXTURE_CACHE_DIR: cacheDir, VITEST_LLM_CACHE: 'replay', EXPECT_CACHED: 'true', NODE_OPTIONS: `--import=${counter}`, COUNT_READS_UNDER: cacheDir, COUNT_READS_OUT: out })
  const reads = (await readFile(out, 'utf8')).trim().split('\n').reduce((sum, n) => sum + Number(n), 0)
  return { ...run, reads }
}

describe('cassette packs in a vitest run', () => {
  it('the second replay opens no cassette; an edited cassette is read again', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-pack-e2e-'))
    const recorded = await runVitest('client', ['complete'], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', FIXTURE_CACHE_DIR: cacheDir, EXPECT_CACHED: 'false' })
    expect(recorded.code).toBe(0)
    // Cassettes written in the last 2 s are not packed (see cassette-pack.ts): wait that out once.
    await new Promise(resolve => setTimeout(resolve, 2_100))

    const first = await replay(cacheDir)
    expect(first.output).toContain('2 passed')
    expect(first.reads).toBe(2)
    const second = await replay(cacheDir)
    expect(second.output).toContain('2 passed')
    expect(second.reads).toBe(0)

    // Edited in place (same size): the run sees the new answer, and fails on it.
    const files = (await readdir(cacheDir, { recursive: true })).map(String).filter(f => f.endsWith('.json'))
    for (const file of files) {
      const path = join(cacheDir, file)
      const text = await readFile(path, 'utf8')
      if (text.includes('"Paris"')) await writeFile(path, text.replace('"Paris"', '"Lyon!"'))
    }
    const edited = await replay(cacheDir)
    expect(edited.code).toBe(1)
    expect(edited.reads).toBe(1)
    expect(edited.output).toContain('Lyon!')
  })
})
