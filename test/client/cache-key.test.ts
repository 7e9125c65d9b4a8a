import { describe, expect, it } from 'vitest'
import { cacheEntry, type CacheKeyInput } from '../../src/client/cache/cache-key.js'

// Keys address committed cassettes (users' data): these were computed by the implementation
// the first cassettes were recorded with, and must never change.
const PINNED: Array<[CacheKeyInput, string]> = [
  [{ kind: 'chat', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] } }, 'f690e036c8471c34ecf81dfb6a2f97836557536ca3c6e9b5000bc9c3ea88a4e5'],
  [{ kind: 'chat', body: { model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }], stream: false, user: 'u1', metadata: { a: 1 } }, trial: 3, variant: 'concise' }, '8c821a670e42f035302c3c001f414dd220271944722654c22ea42156f4e3c356'],
  [{ kind: 'embeddings', body: { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' } }, '1c5bd1558543c182f6dd96bbd37362fa841e2d85cd4feacfdd0860a3f74603bf'],
  // Body fields named like the key's own win, as they always have.
  [{ kind: 'chat', body: { model: 'm', trial: 9, kind: 'other', messages: [] }, trial: 1 }, '22f50ff386286fde64bea012628c898213db1946079c986ffd1e1854ea2b2a05'],
]

describe('cache keys', () => {
  it('stay what existing cassettes were recorded under', () => {
    for (const [input, key] of PINNED) expect(cacheEntry(input).key).toBe(key)
  })

  it('store the request canonical (sorted keys, no transport fields, no undefined)', () => {
    const { request } = cacheEntry({ kind: 'chat', body: { temperature: undefined, model: 'm', stream: true, messages: [{ role: 'user', content: 'q' }] }, trial: 2 })
    expect(JSON.stringify(request)).toBe('{"kind":"chat","messages":[{"content":"q","role":"user"}],"model":"m","trial":2}')
  })
})
