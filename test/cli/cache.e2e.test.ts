import { mkdir, mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LlmClient } from 'vitest-llm'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { runCli } from '../helpers/run-vitest.js'

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

  it('prune removes what the last run did not use (and corrupt files); --dry-run only lists', async () => {
    const { root, dir, client } = await project()
    // Times are set, not waited for: the cassettes were last used an hour ago, the run started
    // a minute ago (what the plugin writes), and the run then used one cassette.
    const hourAgo = new Date(Date.now() - 3_600_000)
    for (const file of await cassettes(dir)) await utimes(file, hourAgo, hourAgo)
    await mkdir(join(root, '.vitest'))
    await writeFile(join(root, '.vitest', 'llm-last-run.json'), JSON.stringify({ startedAt: new Date(Date.now() - 60_000).toISOString(), cacheDir: dir }))
    await client.chat({ messages: [{ role: 'user', content: 'a' }] })

    const dry = await runCli(['cache', 'prune', '--dry-run'], root)
    expect(dry.stdout).toContain('would prune 3 of 4 cassettes')
    expect(await count(dir)).toBe(4)

    const run = await runCli(['cache', 'prune'], root)
    expect(run.code).toBe(0)
    expect(run.stdout.match(/^removed \.llm-cache\/[0-9a-f]{2}\/[0-9a-f]{64}\.json$/gm)).toHaveLength(3)
    expect(await count(dir)).toBe(1)
    // The one left is the one the run used: reading it makes no request.
    const before = fake.requests.length
    expect((await client.chat({ messages: [{ role: 'user', content: 'a' }] })).stats.cached).toBe(true)
    expect(fake.requests.length).toBe(before)
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
})
