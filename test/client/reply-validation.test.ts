// Issue 13, items 1 and 3: a reply that is malformed (a 200 that is not a reply) or fails the
// caller's validation never becomes a cassette, and such a cassette is never replayed.
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CacheError, LlmClient, type LlmClientConfig, LlmRequestError } from 'vitest-llm'
import { type FakeLlm, type FakeScript, startFakeLlm } from 'vitest-llm/fake'
import { cacheEntry } from '../../src/client/cache/cache-key.js'

let fake: FakeLlm | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function setup(script: FakeScript, config: Partial<LlmClientConfig> = {}) {
  fake = await startFakeLlm(script)
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-validate-'))
  const corrupt: string[] = []
  const client = new LlmClient({
    provider: { model: 'gpt-4o-mini', baseURL: fake.url, apiKey: 'k' },
    cache: { mode: 'auto', dir },
    concurrency: 4,
    rateLimit: {},
    retries: 2,
    timeoutMs: 5_000,
    pricing: {},
    onCorrupt: ({ reason }) => corrupt.push(reason),
    ...config,
  })
  return { fake, client, dir, corrupt }
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] })
const files = async (dir: string) => (await readdir(dir, { recursive: true })).map(String).filter(f => f.endsWith('.json'))

async function plant(dir: string, content: string, response: unknown): Promise<string> {
  const { request, key } = cacheEntry({ kind: 'chat', body: { messages: ask(content).messages, model: 'gpt-4o-mini' } })
  const file = join(dir, key.slice(0, 2), `${key}.json`)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, JSON.stringify({ version: 1, key, request, response, recordedAt: new Date().toISOString() }))
  return file
}

describe('malformed successful replies (item 3)', () => {
  for (const [name, raw] of [
    ['an empty object', {}],
    ['an error body', { error: { message: 'upstream overloaded', type: 'server_error' } }],
    ['no choices', { id: 'x', object: 'chat.completion', model: 'gpt-4o-mini', choices: [] }],
  ] as const) {
    it(`retries a 200 with ${name} like a 5xx, then fails naming endpoint and model; nothing is cached`, async () => {
      const { client, fake, dir } = await setup({ reply: { raw } })
      const error = await client.chat(ask('q')).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(LlmRequestError)
      expect((error as LlmRequestError).code).toBe('E_LLM')
      expect((error as Error).message).toContain(`LLM request to POST ${fake.url}/chat/completions (model \`gpt-4o-mini\`) failed after 3 attempts: HTTP 200: malformed reply: `)
      expect(fake.requests).toHaveLength(3)
      expect(await files(dir)).toEqual([])
    })
  }

  it('recovers when the retry answers properly, and caches only the good reply', async () => {
    const { client, fake, dir } = await setup([{ match: 'q', reply: { raw: { choices: [] } }, times: 1 }, { match: 'q', reply: 'ok' }])
    const { response, stats } = await client.chat(ask('q'))
    expect(response.choices[0]!.message.content).toBe('ok')
    expect(stats.retries).toBe(1)
    expect(fake.requests).toHaveLength(2)
    const [file] = await files(dir)
    expect(JSON.parse(await readFile(join(dir, file!), 'utf8')).response.choices[0].message.content).toBe('ok')
  })

  it('treats a cassette holding a malformed body as corrupt: refetched in auto, an error naming the file in replay', async () => {
    const { client, fake, dir, corrupt } = await setup({ reply: 'fresh' })
    const file = await plant(dir, 'q', { choices: [] })
    const { response, stats } = await client.chat(ask('q'))
    expect(stats.cached).toBe(false)
    expect(response.choices[0]!.message.content).toBe('fresh')
    expect(corrupt[0]).toContain('invalid reply')
    expect(fake.requests).toHaveLength(1)

    await plant(dir, 'q', {})
    const replay = new LlmClient({ ...client.config, cache: { mode: 'replay', dir } })
    const error = await replay.chat(ask('q')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CacheError)
    expect((error as Error).message).toContain(`Delete ${file} and record again`)
  })
})

describe('validated replies (item 1)', () => {
  const validate = (r: { choices: Array<{ message: { content: string | null } }> }) => (r.choices[0]!.message.content === 'GOOD' ? undefined : 'not GOOD')

  it('returns a reply that fails `validate` but never records it', async () => {
    const { client, fake, dir } = await setup({ reply: 'bad' })
    const { response } = await client.chat(ask('q'), { validate })
    expect(response.choices[0]!.message.content).toBe('bad')
    expect(await files(dir)).toEqual([])
    await client.chat(ask('q'), { validate })
    expect(fake.requests).toHaveLength(2) // nothing was replayed
  })

  it('refetches a cassette that fails `validate` in auto mode; replay names the file to delete', async () => {
    const { client, fake, dir } = await setup({ reply: 'GOOD' })
    const file = await plant(dir, 'q', { id: 'x', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'bad' }, finish_reason: 'stop' }] })
    const replay = new LlmClient({ ...client.config, cache: { mode: 'replay', dir } })
    const error = await replay.chat(ask('q'), { validate }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CacheError)
    expect((error as Error).message).toMatch(/holds an invalid reply: not GOOD\. Delete .* and record again/)
    expect((error as Error).message).toContain(file)

    const { response, stats } = await client.chat(ask('q'), { validate })
    expect(stats.cached).toBe(false)
    expect(response.choices[0]!.message.content).toBe('GOOD')
    expect(fake.requests).toHaveLength(1)
    expect((await replay.chat(ask('q'), { validate })).stats.cached).toBe(true) // the good reply replaced it
  })

  it('does not record structured output (response_format json_schema) whose text is not JSON', async () => {
    const { client, dir } = await setup({ reply: 'Sure! Here is the JSON: {' })
    const format = { type: 'json_schema' as const, json_schema: { name: 'x', schema: { type: 'object' } } }
    await client.chat({ ...ask('q'), response_format: format })
    expect(await files(dir)).toEqual([])
  })
})
