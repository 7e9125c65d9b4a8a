import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LlmClient } from 'vitest-llm'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { fixture, runCli, runVitest } from '../helpers/run-vitest.js'

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm({ reply: 'ok' })
})
afterAll(() => fake.close())

async function project() {
  const root = await mkdtemp(join(tmpdir(), 'vitest-llm-cache-cli-'))
  const dir = join(root, '.llm-cache')
  const client = new LlmClient({ provider: { model: 'gpt-4o-mini', baseURL: fake.url, apiKey: 'k' }, cache: { mode: 'auto', dir }, concurrency: 4, rateLimit: {}, retries: 0, timeoutMs: 5000, pricing: {} })
  for (const q of ['a', 'b', 'c']) await client.chat({ messages: [{ role: 'user', content: q }] })
  await client.embed({ input: 'd', model: 'text-embedding-3-small' })
  return { root, dir, client }
}

const cassettes = async (dir: string) => (await readdir(dir, { recursive: true })).map(String).filter(f => f.endsWith('.json')).sort().map(f => join(dir, f))
const count = async (dir: string) => (await cassettes(dir)).length

describe('vitest-llm cache', () => {
  it('stats counts cassettes by model and endpoint', async () => {
    const { root } = await project()
    await mkdir(join(root, '.llm-cache', 'zz'), { recursive: true })
    await writeFile(join(root, '.llm-cache', 'zz', 'broken.json'), '{"version": 1, "key"')
    const run = await runCli(['cache', 'stats'], root)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^\.llm-cache: 5 cassettes, [\d.]+ KiB, 1 corrupt\n {7}3 {2}gpt-4o-mini \(chat\)\n {7}1 {2}text-embedding-3-small \(embeddings\)\n$/)
  })

  it('prune removes what the last run did not read or write (and corrupt files); --dry-run only lists', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'vitest-llm-prune-'))
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', FIXTURE_CACHE_DIR: cacheDir }
    expect((await runVitest('prune', [], { ...env, EXPECT_CACHED: 'false' })).code).toBe(0)
    const recorded = await cassettes(cacheDir)
    expect(recorded).toHaveLength(3) // two tests and a late afterAll (see the fixture)
    // A cassette no test asks for any more, and a corrupt one.
    const unused = join(cacheDir, 'ff', `${'f'.repeat(64)}.json`)
    await mkdir(join(cacheDir, 'ff'), { recursive: true })
    await writeFile(unused, (await readFile(recorded[0]!, 'utf8')).replace(/"key": "[0-9a-f]+"/, `"key": "${'f'.repeat(64)}"`))
    await writeFile(join(cacheDir, 'ff', 'broken.json'), '{"version": 1')
    // Everything last modified an hour ago: a replay does not touch what it reads, it lists it.
    const hourAgo = new Date(Date.now() - 3_600_000)
    for (const file of await cassettes(cacheDir)) await utimes(file, hourAgo, hourAgo)
    const replay = await runVitest('prune', [], { ...env, VITEST_LLM_CACHE: 'replay', EXPECT_CACHED: 'true' })
    expect(replay.code).toBe(0)
    for (const file of recorded) expect(Math.abs((await stat(file)).mtimeMs - hourAgo.getTime())).toBeLessThan(1)

    const root = fixture('prune')
    const dry = await runCli(['cache', 'prune', '--dry-run', '--dir', cacheDir], root)
    expect(dry.stdout).toContain('would prune 2 of 5 cassettes')
    expect(dry.stdout).toContain(`would remove ${relative(root, unused)}`)
    expect(dry.stdout).toContain('(corrupt)')
    expect(await count(cacheDir)).toBe(5)
    const run = await runCli(['cache', 'prune', '--dir', cacheDir], root)
    expect(run.code).toBe(0)
    expect((await cassettes(cacheDir)).sort()).toEqual([...recorded].sort())
    // What is left replays the file (no request).
    const before = fake.requests.length
    expect((await runVitest('prune', [], { ...env, VITEST_LLM_CACHE: 'replay', EXPECT_CACHED: 'true' })).code).toBe(0)
    expect(fake.requests.length).toBe(before)

    // A full run in which a test file failed to load did not read that file's cassettes.
    const broken = await runVitest('prune', [], { ...env, VITEST_LLM_CACHE: 'replay', EXPECT_CACHED: 'true', BROKEN_FILE: '1' })
    expect(broken.code).toBe(1)
    const refused = await runCli(['cache', 'prune', '--dir', cacheDir], root)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('the last run had test files or suites that failed before their tests ran')
    expect((await cassettes(cacheDir)).sort()).toEqual([...recorded].sort())

    // A run that started while this one ran keeps its own marker: this one's end does not mark it.
    expect((await runVitest('prune', [], { ...env, VITEST_LLM_CACHE: 'replay', EXPECT_CACHED: 'true', OVERLAP: '1' })).code).toBe(0)
    const overlapped = await runCli(['cache', 'prune', '--dir', cacheDir], root)
    expect(overlapped.code).toBe(1)
    expect(overlapped.stderr).toContain('the last run is still running (or was killed)')
    expect(JSON.parse(await readFile(join(root, '.vitest', 'llm-last-run.json'), 'utf8'))).toMatchObject({ owner: 'another run', kind: 'running' })
  })

  it('a marker of an older version (no lists): cassettes touched since its run started are kept', async () => {
    const { root, dir } = await project()
    const hourAgo = new Date(Date.now() - 3_600_000)
    const files = await cassettes(dir)
    for (const file of files) await utimes(file, hourAgo, hourAgo)
    await mkdir(join(root, '.vitest'))
    await writeFile(join(root, '.vitest', 'llm-last-run.json'), JSON.stringify({ startedAt: new Date(Date.now() - 60_000).toISOString(), cacheDir: dir }))
    await utimes(files[0]!, new Date(), new Date()) // what older versions did on each read
    const dry = await runCli(['cache', 'prune', '--dry-run'], root)
    expect(dry.stdout).toContain('would prune 3 of 4 cassettes')
    expect(dry.stdout).not.toContain(relative(root, files[0]!))
  })

  it('prune --older-than removes by recording age, and rejects a bad duration', async () => {
    const { root, dir } = await project()
    expect((await runCli(['cache', 'prune', '--older-than', '1d'], root)).stdout).toContain('pruned 0 of 4 cassettes')
    // Age comes from the recording time inside each cassette: make three of them two days old.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString()
    for (const file of (await cassettes(dir)).slice(0, 3)) {
      const cassette = JSON.parse(await readFile(file, 'utf8')) as { recordedAt: string }
      await writeFile(file, JSON.stringify({ ...cassette, recordedAt: twoDaysAgo }))
    }
    expect((await runCli(['cache', 'prune', '--older-than', '1d'], root)).stdout).toContain('pruned 3 of 4 cassettes')
    expect((await runCli(['cache', 'prune', '--older-than', '1h'], root)).stdout).toContain('pruned 0 of 1 cassettes')
    expect((await runCli(['cache', 'prune', '--older-than', '1ms'], root)).stdout).toContain('pruned 1 of 1 cassettes')
    expect(await count(dir)).toBe(0)
    const bad = await runCli(['cache', 'prune', '--older-than', 'soon'], root)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('invalid --older-than "soon": expected a duration such as 30d, 12h or 90m')
  })

  it('prune without a record of the last run refuses to guess', async () => {
    const { root } = await project()
    const run = await runCli(['cache', 'prune'], root)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('no record of a last run')
  })

  it('stats on a missing folder is an error naming it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'vitest-llm-cache-none-'))
    const run = await runCli(['cache', 'stats'], root)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`no cassette folder at ${join(root, '.llm-cache')}`)
    expect((await runCli(['cache', 'stats', '--dir', 'elsewhere'], root)).stderr).toContain(`no cassette folder at ${join(root, 'elsewhere')}`)
  })

  it('stats reports, and prune removes, temp files left by killed runs — never a live writer\'s', async () => {
    const { root, dir } = await project()
    const [first] = await cassettes(dir)
    const dead = `${first}.999999999.deadbeef.tmp` // no such process
    const old = `${first}.${process.pid}.01d01d00.tmp` // a live pid, but 20 minutes old
    const live = `${first}.${process.pid}.a11ce000.tmp` // a live writer, right now
    for (const file of [dead, old, live]) await writeFile(file, '{"half": ')
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000)
    await utimes(old, twentyMinutesAgo, twentyMinutesAgo)

    const stats = await runCli(['cache', 'stats'], root)
    expect(stats.code).toBe(0)
    expect(stats.stdout).toMatch(/^\.llm-cache: 4 cassettes, [\d.]+ KiB, 2 stale temp files \(18 B; `cache prune` removes them\)$/m)

    const prune = await runCli(['cache', 'prune', '--older-than', '30d'], root)
    expect(prune.stdout).toContain('pruned 0 of 4 cassettes and 2 stale temp files')
    const temps = (await readdir(dir, { recursive: true })).map(String).filter(f => f.endsWith('.tmp'))
    expect(temps).toEqual([live.slice(dir.length + 1)])
  })

  it('prune refuses after a partial, interrupted, running, shard or merged run unless --force; older markers count as full', async () => {
    const { root, dir } = await project()
    await mkdir(join(root, '.vitest'))
    const marker = (fields: object) => writeFile(join(root, '.vitest', 'llm-last-run.json'), JSON.stringify({ startedAt: new Date(Date.now() + 60_000).toISOString(), cacheDir: dir, ...fields }))
    for (const [fields, why] of [
      [{ kind: 'partial', completed: true }, 'the last run was partial'],
      [{ kind: 'interrupted', completed: false }, 'the last run was interrupted'],
      [{ kind: 'running', completed: false }, 'the last run is still running (or was killed)'],
      [{ kind: 'full', completed: false }, 'the last run had test files or suites that failed before their tests ran'],
      [{ kind: 'shard', completed: true }, 'the last run was a shard'],
      [{ kind: 'merged', completed: true }, 'the last run merged shards, whose runs read the cassettes'],
    ] as const) {
      await marker(fields)
      const run = await runCli(['cache', 'prune'], root)
      expect(run.code, JSON.stringify(fields)).toBe(1)
      expect(run.stderr).toContain(why)
      expect(run.stderr).toContain('prune after a full run, or pass --force')
      expect(await count(dir)).toBe(4)
    }
    expect((await runCli(['cache', 'prune', '--dry-run', '--force'], root)).stdout).toContain('would prune 4 of 4 cassettes')
    await marker({ kind: 'full', completed: true })
    expect((await runCli(['cache', 'prune', '--dry-run'], root)).code).toBe(0)
    await marker({}) // a marker of an older version
    expect((await runCli(['cache', 'prune', '--dry-run'], root)).stdout).toContain('would prune 4 of 4 cassettes')
  })
})
