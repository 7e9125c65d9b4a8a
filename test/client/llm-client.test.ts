import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CacheError, LlmClient, type LlmClientConfig, LlmRequestError } from 'vitest-llm'
import { type FakeLlm, type FakeScript, startFakeLlm } from 'vitest-llm/fake'

const SECRET = 'sk-secret-DO-NOT-LEAK-1234'
let fake: FakeLlm | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function setup(script: FakeScript, config: Partial<LlmClientConfig> = {}) {
  fake = await startFakeLlm(script)
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-cache-'))
  const client = new LlmClient({
    provider: { model: 'gpt-4o-mini', baseURL: fake.url, apiKey: SECRET },
    cache: { mode: 'off', dir },
    concurrency: 8,
    rateLimit: {},
    retries: 4,
    timeoutMs: 5_000,
    pricing: {},
    ...config,
  })
  return { fake, client, dir }
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] })

async function cassettes(dir: string): Promise<string[]> {
  const files = await readdir(dir, { recursive: true })
  return files.filter(f => f.endsWith('.json')).map(f => join(dir, f))
}

describe('LlmClient: concurrency, retries, errors', () => {
  it('never has more than `concurrency` requests in flight', async () => {
    // The first three replies wait for each other, so the limit is reached whatever the timing.
    let arrived = 0
    let open: () => void
    const allThree = new Promise<void>((resolve) => { open = resolve })
    const { client, fake } = await setup({ reply: async () => {
      if (++arrived === 3) open()
      if (arrived <= 3) await allThree
      return 'ok'
    } }, { concurrency: 3 })
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.chat(ask(`q${i}`))))
    expect(fake.requests).toHaveLength(20)
    expect(fake.stats.peakInFlight).toBe(3)
  })

  it('waits out a 429 for its retry-after, then succeeds', async () => {
    const { client, fake } = await setup([{ match: 'q', reply: { status: 429, retryAfterMs: 300 }, times: 1 }, { match: 'q', reply: 'ok' }])
    const started = performance.now()
    const { response, stats } = await client.chat(ask('q'))
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(response.choices[0]!.message.content).toBe('ok')
    expect(stats.retries).toBe(1)
    expect(fake.requests).toHaveLength(2)
  })

  it('retries a 500 and succeeds', async () => {
    const { client, fake } = await setup([{ match: 'q', reply: { status: 500, retryAfterMs: 10 }, times: 2 }, { match: 'q', reply: 'ok' }])
    const { stats } = await client.chat(ask('q'))
    expect(stats.retries).toBe(2)
    expect(fake.requests).toHaveLength(3)
  })

  it('times out a hanging request after timeoutMs, retries, then fails naming endpoint, model and attempts', async () => {
    const { client, fake } = await setup({ reply: { hang: true } }, { timeoutMs: 200, retries: 1 })
    const error = await client.chat(ask('q')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LlmRequestError)
    expect((error as Error).message).toBe(`LLM request to POST ${fake.url}/chat/completions (model \`gpt-4o-mini\`) failed after 2 attempts: no response: timed out`)
    expect(fake.requests).toHaveLength(2)
  })

  it('does not retry a 401 and says so, without the key', async () => {
    const { client, fake } = await setup({ apiKey: 'sk-other', reply: 'ok' })
    const error = await client.chat(ask('q')).catch((e: unknown) => e) as LlmRequestError
    expect(error).toBeInstanceOf(LlmRequestError)
    expect(error.status).toBe(401)
    expect(error.attempts).toBe(1)
    expect(error.message).toContain('failed (HTTP 401 is not retried; fix the request or credentials): HTTP 401: invalid_api_key')
    expect(fake.requests).toHaveLength(1)
    expect(String(error.stack)).not.toContain(SECRET)
  })

  it('gives up after `retries` retries, and the error text never holds the key', async () => {
    const { client, fake } = await setup({ reply: { status: 503, retryAfterMs: 5, message: `upstream rejected key ${SECRET}` } }, { retries: 2 })
    const error = await client.chat(ask('q')).catch((e: unknown) => e) as LlmRequestError
    expect(fake.requests).toHaveLength(3)
    expect(error.message).toContain('failed after 3 attempts: HTTP 503')
    expect(error.message).toContain('upstream rejected key ***')
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(SECRET)
  })
})

describe('LlmClient: accounting', () => {
  it('reports tokens from usage and cost from the price table', async () => {
    const { client } = await setup({ reply: { content: 'ok', usage: { prompt_tokens: 1000, completion_tokens: 500 } } })
    const { stats } = await client.chat(ask('q'))
    expect(stats).toMatchObject({ model: 'gpt-4o-mini', cached: false, inputTokens: 1000, outputTokens: 500, estimated: false, retries: 0 })
    expect(stats.costUsd).toBeCloseTo(0.00045, 10)
    expect(stats.latencyMs).toBeGreaterThan(0)
  })

  it('reports an unknown model\'s cost as unknown', async () => {
    const { client } = await setup({ reply: 'ok' })
    const { stats } = await client.chat({ ...ask('q'), model: 'my-local-llama' })
    expect(stats.costUsd).toBeUndefined()
  })
})

describe('LlmClient: record/replay cache', () => {
  it('auto records, then replays with zero requests; the cassette is readable and holds no key', async () => {
    const { client: base, fake, dir } = await setup({ reply: 'Paris' })
    const client = new LlmClient({ ...base.config, cache: { mode: 'auto', dir } })
    const first = await client.chat({ ...ask('capital of France?'), temperature: 0 })
    const second = await client.chat({ temperature: 0, ...ask('capital of France?') })
    expect(first.stats.cached).toBe(false)
    expect(second.stats.cached).toBe(true)
    expect(second.stats.costUsd).toBe(0)
    expect(second.response).toEqual(JSON.parse(JSON.stringify(first.response)))
    expect(fake.requests).toHaveLength(1)

    const files = await cassettes(dir)
    expect(files).toHaveLength(1)
    const text = await readFile(files[0]!, 'utf8')
    expect(text).not.toContain(SECRET)
    expect(text.toLowerCase()).not.toContain('authorization')
    const cassette = JSON.parse(text)
    expect(Object.keys(cassette)).toEqual(['version', 'key', 'request', 'response', 'recordedAt'])
    expect(cassette.request).toEqual({ kind: 'chat', messages: [{ content: 'capital of France?', role: 'user' }], model: 'gpt-4o-mini', temperature: 0, trial: 0 })
    expect(text).toContain('\n  "request": {\n')
  })

  it('keys by everything that changes the answer: params, model, trial', async () => {
    const { fake, dir, client: base } = await setup({ reply: 'ok' })
    const client = new LlmClient({ ...base.config, cache: { mode: 'auto', dir } })
    await client.chat(ask('q'))
    await client.chat({ ...ask('q'), temperature: 0.7 })
    await client.chat({ ...ask('q'), model: 'gpt-4.1-mini' })
    await client.chat(ask('q'), { trial: 1 })
    await client.chat(ask('q'), { trial: 2 })
    await client.chat(ask('q'), { trial: 1 })
    expect(fake.requests).toHaveLength(5)
    expect(await cassettes(dir)).toHaveLength(5)
  })

  it('replay mode fails a miss clearly, naming the case and the key', async () => {
    const { client: base, fake, dir } = await setup({ reply: 'ok' })
    const client = new LlmClient({ ...base.config, cache: { mode: 'replay', dir } })
    const error = await client.chat(ask('never recorded'), { caseName: 'refund policy' }).catch((e: unknown) => e) as CacheError
    expect(error).toBeInstanceOf(CacheError)
    expect(error.message).toMatch(/^cache miss in replay mode \(case `refund policy`, model `gpt-4o-mini`, key [0-9a-f]{64}\): no cassette at .+\.json\. Record it by running once with VITEST_LLM_CACHE=auto/)
    expect(fake.requests).toHaveLength(0)
  })

  it('re-fetches a truncated cassette in auto mode and fails on it in replay mode', async () => {
    const { client: base, fake, dir } = await setup({ reply: 'ok' })
    const warnings: string[] = []
    const auto = new LlmClient({ ...base.config, cache: { mode: 'auto', dir }, onCorrupt: e => warnings.push(e.reason) })
    await auto.chat(ask('q'))
    const [file] = await cassettes(dir)
    const text = await readFile(file!, 'utf8')
    await writeFile(file!, text.slice(0, text.length / 2))

    const replay = new LlmClient({ ...base.config, cache: { mode: 'replay', dir } })
    await expect(replay.chat(ask('q'))).rejects.toThrow(/^corrupt cassette .+\.json \(model `gpt-4o-mini`, key [0-9a-f]{64}\): invalid JSON/)

    const again = await auto.chat(ask('q'))
    expect(again.stats.cached).toBe(false)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^invalid JSON/)
    expect(fake.requests).toHaveLength(2)
    expect(JSON.parse(await readFile(file!, 'utf8')).version).toBe(1)
  })

  it('record mode always calls and overwrites; off mode neither reads nor writes', async () => {
    const { client: base, fake, dir } = await setup({ reply: 'ok' })
    const record = new LlmClient({ ...base.config, cache: { mode: 'record', dir } })
    await record.chat(ask('q'))
    await record.chat(ask('q'))
    expect(fake.requests).toHaveLength(2)
    expect(await cassettes(dir)).toHaveLength(1)
    const off = new LlmClient({ ...base.config, cache: { mode: 'off', dir: join(dir, 'off') } })
    await off.chat(ask('q'))
    expect(fake.requests).toHaveLength(3)
    expect(await cassettes(join(dir))).toHaveLength(1)
  })

  it('chatNow answers a cassette hit at once, a miss with a promise; chat() always with a promise', async () => {
    const { client: base, fake, dir } = await setup({ reply: 'ok' })
    const client = new LlmClient({ ...base.config, cache: { mode: 'auto', dir } })
    const live = client.chatNow(ask('q'))
    expect(live).toBeInstanceOf(Promise)
    expect((await live).stats.cached).toBe(false)
    const hit = client.chatNow(ask('q'))
    expect(hit).not.toBeInstanceOf(Promise)
    expect((hit as Awaited<typeof live>).response.choices[0]!.message.content).toBe('ok')
    expect((hit as Awaited<typeof live>).stats.cached).toBe(true)
    const viaChat = client.chat(ask('q'))
    expect(viaChat).toBeInstanceOf(Promise)
    expect((await viaChat).stats.cached).toBe(true)
    expect(fake.requests).toHaveLength(1)
    // What chatNow throws, chat() rejects with: a replay miss, a missing model.
    const replay = new LlmClient({ ...base.config, provider: { ...base.config.provider, model: undefined }, cache: { mode: 'replay', dir } })
    expect(() => replay.chatNow({ ...ask('never recorded'), model: 'gpt-4o-mini' })).toThrow(CacheError)
    await expect(replay.chat({ ...ask('never recorded'), model: 'gpt-4o-mini' })).rejects.toBeInstanceOf(CacheError)
    await expect(replay.chat(ask('q'))).rejects.toThrow(/no model/)
  })

  it('makes identical requests in flight at once only once', async () => {
    const { client: base, fake, dir } = await setup({ reply: 'ok', latencyMs: 50 })
    const client = new LlmClient({ ...base.config, cache: { mode: 'auto', dir } })
    const results = await Promise.all(Array.from({ length: 5 }, () => client.chat(ask('same'))))
    expect(fake.requests).toHaveLength(1)
    expect(results.filter(r => !r.stats.cached)).toHaveLength(1)
    // Each caller has a reply of its own: a test that changes its copy changes no other test's.
    results[0]!.response.choices[0]!.message.content = 'changed by the first caller'
    expect(results.slice(1).map(r => r.response.choices[0]!.message.content)).toEqual(['ok', 'ok', 'ok', 'ok'])
  })
})
