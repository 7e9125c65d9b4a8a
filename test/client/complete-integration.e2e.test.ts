import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { runVitest } from '../helpers/run-vitest.js'

const KEY = 'sk-fixture-secret-9876'
let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm([
    { match: 'capital of France', reply: 'Paris' },
    { match: 'capital of Italy', reply: 'Rome' },
  ])
})
afterAll(() => fake.close())

async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String)
}

describe('complete() in a real vitest run', () => {
  it('records on the first run; the second run makes no HTTP request; usage lands in task meta', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-fixture-cache-'))
    const report = join(cacheDir, '..', `${cacheDir.split('/').pop()}-report.json`)
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY, FIXTURE_CACHE_DIR: cacheDir }
    fake.reset()

    const first = await runVitest('client', ['complete', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { ...env, EXPECT_CACHED: 'false' })
    expect(first.output).toContain('2 passed')
    expect(first.code).toBe(0)
    expect(fake.requests).toHaveLength(2)
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`)

    const json = JSON.parse(await readFile(report, 'utf8'))
    const tests = json.testResults[0].assertionResults
    const usage = tests.find((t: { title: string }) => t.title === 'the llm fixture attributes calls to its test').meta.llm.usage
    // Sums that stay 0 and a role without calls are left out of the meta (it travels per case).
    expect(usage.app).toMatchObject({ requests: 1, outputTokens: 1 })
    expect(usage.app).not.toHaveProperty('cached')
    expect(usage.app).not.toHaveProperty('unpricedRequests')
    expect(usage.app.costUsd).toBeGreaterThan(0)
    expect(usage.judge).toBeUndefined()

    const second = await runVitest('client', ['complete'], { ...env, EXPECT_CACHED: 'true' })
    expect(second.output).toContain('2 passed')
    expect(second.code).toBe(0)
    expect(fake.requests).toHaveLength(2) // nothing new

    for (const file of await listFiles(cacheDir)) {
      if (file.endsWith('.json')) expect(await readFile(join(cacheDir, file), 'utf8')).not.toContain(KEY)
    }
  })

  it('under test.concurrent, the llm fixture attributes each call to its own test; the global complete() refuses to guess', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-fixture-cache-'))
    const report = join(cacheDir, '..', `${cacheDir.split('/').pop()}-report.json`)
    const run = await runVitest('client', ['concurrent', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY, FIXTURE_CACHE_DIR: cacheDir, VITEST_LLM_CACHE: 'off' })
    expect(run.code, run.output).toBe(0)
    const tests = JSON.parse(await readFile(report, 'utf8')).testResults[0].assertionResults as Array<{ title: string, meta: { llm?: { usage?: { app?: { requests?: number } } } } }>
    const asked = tests.filter(t => t.title.startsWith('the fixture asks'))
    expect(asked).toHaveLength(4)
    // One request each, however the four overlapped.
    for (const t of asked) expect(t.meta.llm?.usage?.app?.requests, t.title).toBe(1)
    expect(tests.find(t => t.title.startsWith('the global'))!.meta.llm).toBeUndefined()
  })

  it('replay mode with a missing cassette fails the test, naming the case', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-fixture-empty-'))
    fake.reset()
    const run = await runVitest('client', ['complete'], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY, FIXTURE_CACHE_DIR: cacheDir, VITEST_LLM_CACHE: 'replay', EXPECT_CACHED: 'true' })
    expect(run.code).toBe(1)
    expect(run.output).toContain('CacheError: cache miss in replay mode (case `answers through the configured endpoint`, model `gpt-4o-mini`, key ')
    expect(fake.requests).toHaveLength(0)
    expect(run.output).not.toContain(KEY)
  })

  it('several vitest workers recording the same key at once leave one valid cassette', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-fixture-race-'))
    // Some latency, so that the workers' calls overlap in time.
    const fake = await startFakeLlm({ reply: 'Paris', latencyMs: 50 })
    onTestFinished(() => fake.close())
    const run = await runVitest('client', ['race', '--maxWorkers=4', '--fileParallelism'], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY, FIXTURE_CACHE_DIR: cacheDir, VITEST_LLM_CACHE: 'record' })
    expect(run.output).toContain('4 passed')
    expect(run.code).toBe(0)
    expect(fake.requests).toHaveLength(100)
    expect(fake.stats.peakInFlight).toBeGreaterThan(1) // the workers really overlapped
    const files = await listFiles(cacheDir)
    const cassettes = files.filter(f => f.endsWith('.json'))
    expect(cassettes).toHaveLength(1)
    expect(files.filter(f => f.endsWith('.tmp'))).toEqual([])
    const cassette = JSON.parse(await readFile(join(cacheDir, cassettes[0]!), 'utf8'))
    expect(cassette.response.choices[0].message.content).toBe('Paris')
  })
})

// Cassette packs in real runs: once a test file has replayed its cassettes, the next run reads
// its pack instead of opening them one by one, and still sees an edited cassette.
const counter = fileURLToPath(new URL('../helpers/count-reads.mjs', import.meta.url))

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
