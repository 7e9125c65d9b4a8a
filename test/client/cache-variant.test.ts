// compare() variants that send the same request get answers of their own (the variant is part of
// the cache key), while every other call keeps the key it always had (committed cassettes stay valid).
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LlmClient } from 'vitest-llm'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { cacheEntry } from '../../src/client/cache/cache-key.js'

let fake: FakeLlm | undefined
afterEach(() => fake?.close())

describe('the variant in the cache key', () => {
  it('separates variants that send an identical request; one variant reuses its own answer', async () => {
    let n = 0
    fake = await startFakeLlm({ reply: () => `answer ${++n}` })
    const client = new LlmClient({ provider: { model: 'gpt-4o-mini', baseURL: fake.url, apiKey: 'k' }, cache: { mode: 'auto', dir: await mkdtemp(join(tmpdir(), 'vitest-llm-variant-')) }, concurrency: 2, rateLimit: {}, retries: 0, timeoutMs: 5000, pricing: {} })
    const ask = (variant?: string) => client.chat({ messages: [{ role: 'user', content: 'same question' }] }, { variant })
    const a = await ask('a')
    const b = await ask('b')
    const again = await ask('a')
    expect([a.response.choices[0]!.message.content, b.response.choices[0]!.message.content]).toEqual(['answer 1', 'answer 2'])
    expect(again.stats.cached).toBe(true)
    expect(again.response.choices[0]!.message.content).toBe('answer 1')
    expect(fake.requests).toHaveLength(2)
  })

  it('leaves the key of a call without a variant as it was', () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'q' }] }
    expect(cacheEntry({ kind: 'chat', body }).key).toBe(cacheEntry({ kind: 'chat', body, trial: 0, variant: undefined }).key)
    expect(cacheEntry({ kind: 'chat', body, variant: 'a' }).key).not.toBe(cacheEntry({ kind: 'chat', body }).key)
    // The key of today's cassettes: sha256 of the canonical { kind, trial, ...body }.
    expect(cacheEntry({ kind: 'chat', body }).request).toEqual({ kind: 'chat', trial: 0, messages: [{ content: 'q', role: 'user' }], model: 'gpt-4o-mini' })
  })
})
