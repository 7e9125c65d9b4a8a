// Under the plugin, recorded cassettes are written in the background: a call returns without
// waiting for the disk, a repeat of the call finds its answer, and the setup file's wait for
// all writes leaves every cassette on disk or fails loudly.
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LlmClient } from 'vitest-llm'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { CassetteStore, cassetteWritesSettled, cassetteWritesWaitedFor } from '../../src/client/cache/cassette-store.js'

let fake: FakeLlm | undefined
afterEach(() => fake?.close())

const clientIn = (dir: string, url: string) => new LlmClient({ provider: { model: 'gpt-4o-mini', baseURL: url, apiKey: 'k' }, cache: { mode: 'auto', dir }, concurrency: 8, rateLimit: {}, retries: 0, timeoutMs: 5000, pricing: {}, writeBehind: true })

describe('writeBehind', () => {
  it('answers at once, serves a repeat from the cassette, and has every cassette on disk once settled', async () => {
    let n = 0
    fake = await startFakeLlm({ reply: () => `answer ${++n}` })
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-behind-'))
    const client = clientIn(dir, fake.url)
    const ask = (q: string) => client.chat({ messages: [{ role: 'user', content: q }] })
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(`question ${i}`)))
    // Asked again before the writes are known to be done: each waits for its own write.
    const again = await ask('question 3')
    expect(again.stats.cached).toBe(true)
    expect(again.response.choices[0]!.message.content).toBe(first[3]!.response.choices[0]!.message.content)
    await cassetteWritesSettled()
    const files = (await readdir(dir, { recursive: true })).map(String).filter(name => name.endsWith('.json'))
    expect(files).toHaveLength(20)
    expect((await readdir(dir, { recursive: true })).map(String).filter(name => name.endsWith('.tmp'))).toEqual([])
    expect(fake.requests).toHaveLength(20)
  })

  it('writes start in a quiet moment after a wave of answers, or at once when a read or the end of the file needs them', async () => {
    fake = await startFakeLlm({ reply: () => 'answer' })
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-behind-'))
    const client = clientIn(dir, fake.url)
    const cassettes = async () => (await readdir(dir, { recursive: true })).map(String).filter(name => name.endsWith('.json'))
    const ask = (q: string) => client.chat({ messages: [{ role: 'user', content: q }] })
    // The wave's answers reached their callers before any write started (no timer has run yet).
    await Promise.all(Array.from({ length: 10 }, (_, i) => ask(`wave ${i}`)))
    expect(await cassettes()).toEqual([])
    // Quiet for a while: every write started, and ended, without anyone asking.
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(await cassettes()).toHaveLength(10)
    // A repeat is answered from its cassette, written first; the end of a test file writes the rest.
    await ask('repeated')
    expect((await ask('repeated')).stats.cached).toBe(true)
    await ask('last')
    await cassetteWritesSettled()
    expect(await cassettes()).toHaveLength(12)
    expect(fake.requests).toHaveLength(12)
  })

  it('a read of a queued write, or the end of the test file, starts it without waiting for quiet', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-behind-'))
      const store = new CassetteStore(dir)
      const [a, b] = ['ab'.repeat(32), 'cd'.repeat(32)]
      store.writeBehind(a, { kind: 'chat' }, { choices: [{ message: { content: 'a' } }] })
      store.writeBehind(b, { kind: 'chat' }, { choices: [{ message: { content: 'b' } }] })
      // No timer runs (they are fake): only the read of `a` can start the writes.
      await store.pending(a)
      expect(existsSync(store.pathOf(a))).toBe(true)
      store.writeBehind('ef'.repeat(32), { kind: 'chat' }, { choices: [] })
      await cassetteWritesSettled()
      expect(existsSync(store.pathOf('ef'.repeat(32)))).toBe(true)
      expect(existsSync(store.pathOf(b))).toBe(true)
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('records what the model said, however its caller changes the reply before the write starts', async () => {
    fake = await startFakeLlm({ reply: () => 'the real answer' })
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-behind-'))
    const { response } = await clientIn(dir, fake.url).chat({ messages: [{ role: 'user', content: 'q' }] })
    // The write waits for a quiet moment; the test normalises its reply in place meanwhile.
    response.choices[0]!.message.content = 'changed by the test'
    await cassetteWritesSettled()
    const next = await clientIn(dir, fake.url).chat({ messages: [{ role: 'user', content: 'q' }] })
    expect(next.stats.cached).toBe(true)
    expect(next.response.choices[0]!.message.content).toBe('the real answer')
  })

  it('the end of the test file writes a cassette recorded while it waits, with no timer (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const store = new CassetteStore(await mkdtemp(join(tmpdir(), 'vitest-llm-write-behind-')))
      store.writeBehind('ab'.repeat(32), { kind: 'chat' }, { choices: [] })
      const settling = cassetteWritesSettled()
      // A call answered while the setup file's afterAll waits: queued behind a fake timer.
      store.writeBehind('cd'.repeat(32), { kind: 'chat' }, { choices: [] })
      await settling // without starting the queue again on each round this never settles (the test times out)
      expect(existsSync(store.pathOf('cd'.repeat(32)))).toBe(true)
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('a cassette that cannot be written is logged at once and fails the wait, which then starts clean', async () => {
    fake = await startFakeLlm({ reply: () => 'answer' })
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-behind-'))
    const client = clientIn(dir, fake.url)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    // Every cassette folder name taken by a file: mkdir fails for any key.
    for (let i = 0; i < 256; i++) await writeFile(join(dir, i.toString(16).padStart(2, '0')), '')
    const reply = await client.chat({ messages: [{ role: 'user', content: 'q' }] })
    expect(reply.response.choices[0]!.message.content).toBe('answer')
    await expect(cassetteWritesSettled()).rejects.toThrow(/1 cassette could not be written .*\.json/)
    expect(warn.mock.calls.flat().join('\n')).toContain('could not write cassette')
    await expect(cassetteWritesSettled()).resolves.toBeUndefined()
    warn.mockRestore()
    expect(existsSync(join(dir, 'ab'))).toBe(true) // still the file put there
  })

  it('after the test file\'s wait (a late afterAll), a recorded cassette is written before the call returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-behind-'))
    const store = new CassetteStore(dir)
    const key = 'ab'.repeat(32)
    cassetteWritesWaitedFor(false)
    try {
      const writing = store.writeBehind(key, { kind: 'chat' }, { choices: [] })
      expect(writing).toBeInstanceOf(Promise)
      await writing
      expect(existsSync(store.pathOf(key))).toBe(true)
    }
    finally {
      cassetteWritesWaitedFor(true)
    }
    expect(store.writeBehind('cd'.repeat(32), { kind: 'chat' }, { choices: [] })).toBeUndefined()
    await cassetteWritesSettled()
  })
})
